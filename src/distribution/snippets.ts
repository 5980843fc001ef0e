/**
 * Ready-to-paste device configuration for a list URL, per device: what a unit copies from the
 * blocklist page. Pure text; the web page shows the snippets that fit the list's format.
 */
import { ipsetNames, nftNames } from './render/firewall.js';
import type { ListFormat } from './model.js';

export const snippetDevices = [
  'fortigate',
  'paloalto',
  'mikrotik',
  'ipset',
  'nftables',
  'bind',
  'unbound',
  'powerdns',
  'suricata',
  'zeek',
  'hosts',
  'download',
] as const;
export type SnippetDevice = (typeof snippetDevices)[number];

export interface Snippet {
  device: SnippetDevice;
  text: string;
}

/** Download to a file, then act on it only when the download succeeded (curl -f). */
const fetchTo = (url: string, file: string, then: string) =>
  `curl -fsS --compressed -o ${file}.new "${url}" && mv ${file}.new ${file}${then ? ` && ${then}` : ''}`;

function fortigate(format: ListFormat, url: string, name: string, title: string): string {
  const type = format === 'fortigate-ip' ? 'address' : format === 'fortigate-domain' ? 'domain' : 'category';
  return [
    'config system external-resource',
    `    edit "lamsach-${name}"`,
    `        set type ${type}`,
    ...(type === 'category' ? ['        set category 192'] : []),
    `        set resource "${url}"`,
    '        set refresh-rate 60',
    `        set comments "lamsach: ${title.replaceAll('"', "'")}"`,
    '    next',
    'end',
  ].join('\n');
}

function paloalto(format: ListFormat, url: string, name: string): string {
  const type = format === 'paloalto-ip' ? 'ip' : format === 'paloalto-domain' ? 'domain' : 'url';
  return [
    'configure',
    `set external-list lamsach-${name} type ${type} url "${url}"`,
    `set external-list lamsach-${name} type ${type} recurring hourly`,
    ...(type === 'domain' ? [`set external-list lamsach-${name} type domain expand-domain yes`] : []),
    `set external-list lamsach-${name} type ${type} description "lamsach ${name}"`,
    'commit',
  ].join('\n');
}

function mikrotik(url: string, name: string): string {
  const file = `lamsach-${name}.rsc`;
  return [
    `/system script add name=lamsach-${name} policy=read,write,test source={`,
    `  /tool fetch url="${url}" dst-path=${file}`,
    '  :delay 5s',
    `  /import file-name=${file}`,
    '}',
    `/system scheduler add name=lamsach-${name} interval=1h start-time=startup on-event="/system script run lamsach-${name}"`,
    `/ip firewall raw add chain=prerouting dst-address-list=lamsach-${name} action=drop comment="lamsach ${name}"`,
    `/ipv6 firewall raw add chain=prerouting dst-address-list=lamsach-${name} action=drop comment="lamsach ${name}"`,
  ].join('\n');
}

function ipset(url: string, name: string): string {
  const sets = ipsetNames(name);
  const file = `/var/lib/lamsach/${name}.ipset`;
  return [
    `# /etc/cron.d/lamsach-${name}`,
    `*/30 * * * * root ${fetchTo(url, file, `ipset restore < ${file}`)}`,
    '',
    '# once, after the first load:',
    `iptables -I FORWARD -m set --match-set ${sets.v4} dst -j DROP`,
    `ip6tables -I FORWARD -m set --match-set ${sets.v6} dst -j DROP`,
  ].join('\n');
}

function nftables(url: string, name: string): string {
  const sets = nftNames(name);
  const file = `/var/lib/lamsach/${name}.nft`;
  return [
    `# /etc/cron.d/lamsach-${name}`,
    `*/30 * * * * root ${fetchTo(url, file, `nft -f ${file}`)}`,
    '',
    '# once, after the first load:',
    "nft add chain inet lamsach forward '{ type filter hook forward priority 0; }'",
    `nft add rule inet lamsach forward ip daddr @${sets.v4} drop`,
    `nft add rule inet lamsach forward ip6 daddr @${sets.v6} drop`,
  ].join('\n');
}

function bind(url: string, name: string): string {
  const file = `/var/cache/bind/lamsach-${name}.rpz`;
  return [
    '// named.conf',
    'options {',
    `    response-policy { zone "lamsach-${name}.rpz"; };`,
    '};',
    `zone "lamsach-${name}.rpz" {`,
    '    type primary;',
    `    file "${file}";`,
    '    allow-query { none; };',
    '};',
    '',
    `# /etc/cron.d/lamsach-${name}`,
    `*/30 * * * * root ${fetchTo(url, file, `rndc reload lamsach-${name}.rpz`)}`,
  ].join('\n');
}

function unbound(url: string, name: string): string {
  return [
    '# unbound.conf',
    'server:',
    '    module-config: "respip validator iterator"',
    'rpz:',
    `    name: lamsach-${name}.rpz`,
    `    url: "${url}"`,
    `    zonefile: "/var/lib/unbound/lamsach-${name}.rpz"`,
    '    rpz-log: yes',
    `    rpz-log-name: "lamsach-${name}"`,
  ].join('\n');
}

function powerdns(url: string, name: string): string {
  const file = `/etc/powerdns/lamsach-${name}.rpz`;
  return [
    '-- recursor.lua (lua-config-file)',
    `rpzFile("${file}", { policyName = "lamsach-${name}", refresh = 1800 })`,
    '',
    `# /etc/cron.d/lamsach-${name}`,
    `*/30 * * * * root ${fetchTo(url, file, 'rec_control reload-lua-config')}`,
  ].join('\n');
}

function suricata(format: ListFormat, url: string, name: string): string {
  if (format === 'suricata-rules') {
    const file = `/var/lib/suricata/rules/lamsach-${name}.rules`;
    return [
      '# suricata.yaml',
      'rule-files:',
      `  - lamsach-${name}.rules`,
      '',
      `# /etc/cron.d/lamsach-${name}`,
      `*/30 * * * * root ${fetchTo(url, file, 'suricatasc -c reload-rules')}`,
    ].join('\n');
  }
  const domains = format === 'suricata-dataset-domains';
  const file = `/var/lib/suricata/lamsach-${name}.lst`;
  return [
    '# local.rules (the dataset is loaded from the file when the rules load)',
    domains
      ? `alert dns $HOME_NET any -> any any (msg:"LAMSACH ${name} DNS query"; dns.query; dataset:isset,lamsach-${name},type string,load ${file}; classtype:trojan-activity; sid:2990000001; rev:1;)`
      : `alert ip $HOME_NET any -> any any (msg:"LAMSACH ${name} traffic"; ip.dst; dataset:isset,lamsach-${name},type ip,load ${file}; classtype:trojan-activity; sid:2990000002; rev:1;)`,
    '',
    `# /etc/cron.d/lamsach-${name}`,
    `*/30 * * * * root ${fetchTo(url, file, 'suricatasc -c reload-rules')}`,
  ].join('\n');
}

function zeek(url: string, name: string): string {
  const file = `/opt/zeek/share/zeek/site/lamsach-${name}.dat`;
  return [
    '# local.zeek',
    '@load frameworks/intel/seen',
    `redef Intel::read_files += { "${file}" };`,
    '',
    `# /etc/cron.d/lamsach-${name} (Zeek re-reads the file when it changes)`,
    `*/30 * * * * root ${fetchTo(url, file, '')}`,
  ].join('\n');
}

function hosts(url: string, name: string): string {
  const file = `/etc/lamsach-${name}.hosts`;
  return [
    '# dnsmasq.conf',
    `addn-hosts=${file}`,
    '',
    `# /etc/cron.d/lamsach-${name}`,
    `*/30 * * * * root ${fetchTo(url, file, 'systemctl reload dnsmasq')}`,
  ].join('\n');
}

/** The snippets that fit a format, most specific first; every format can also be downloaded. */
export function snippetsFor(format: ListFormat, url: string, name: string, title: string): Snippet[] {
  const download: Snippet = {
    device: 'download',
    text: `curl -fsS --compressed -o lamsach-${name} "${url}"`,
  };
  switch (format) {
    case 'fortigate-ip':
    case 'fortigate-domain':
    case 'fortigate-url':
      return [{ device: 'fortigate', text: fortigate(format, url, name, title) }, download];
    case 'paloalto-ip':
    case 'paloalto-domain':
    case 'paloalto-url':
      return [{ device: 'paloalto', text: paloalto(format, url, name) }, download];
    case 'mikrotik':
      return [{ device: 'mikrotik', text: mikrotik(url, name) }, download];
    case 'ipset':
      return [{ device: 'ipset', text: ipset(url, name) }, download];
    case 'nftables':
    case 'nftables-set':
      return [{ device: 'nftables', text: nftables(url, name) }, download];
    case 'rpz':
      return [
        { device: 'bind', text: bind(url, name) },
        { device: 'unbound', text: unbound(url, name) },
        { device: 'powerdns', text: powerdns(url, name) },
        download,
      ];
    case 'hosts':
      return [{ device: 'hosts', text: hosts(url, name) }, download];
    case 'suricata-rules':
    case 'suricata-dataset-domains':
    case 'suricata-dataset-ips':
      return [{ device: 'suricata', text: suricata(format, url, name) }, download];
    case 'zeek-intel':
      return [{ device: 'zeek', text: zeek(url, name) }, download];
    case 'csv':
    case 'stix':
      return [download];
  }
}
