/** Network sensors: Suricata rules and dataset files, Zeek intelligence files. */
import type { EntrySource, ListEntry, RenderContext } from '../model.js';
import { commentBlock, headerLines, renderLines, trailer, withoutScheme } from './common.js';

/**
 * Rule ids are derived from the indicator id, so the same indicator keeps its sid across
 * downloads and lists: 3 000 000 000 + 4 × id + kind (0 DNS, 1 TLS SNI, 2 IP, 3 HTTP URL).
 */
export const SID_BASE = 3_000_000_000;
export function sidOf(indicatorId: number, kind: 0 | 1 | 2 | 3): number {
  return SID_BASE + indicatorId * 4 + kind;
}

/** Content bytes that end or escape a rule option are written as hex. */
export function suricataContent(text: string): string {
  return text.replace(/[";\\|:]/g, (c) => `|${c.charCodeAt(0).toString(16).padStart(2, '0')}|`);
}

/** `msg` text: no quotes, semicolons or backslashes. */
function msgText(text: string): string {
  return text.replace(/[";\\]/g, '');
}

function label(e: ListEntry): string {
  return [e.threatType, e.family].filter(Boolean).join(' ');
}

export function suricataRule(ctx: RenderContext, e: ListEntry): string {
  const tail = (kind: 0 | 1 | 2 | 3) =>
    `classtype:trojan-activity; sid:${sidOf(e.id, kind)}; rev:1; metadata:lamsach_list ${ctx.name}, confidence ${e.confidence};)\n`;
  const what = label(e) ? ` (${msgText(label(e))})` : '';
  switch (e.type) {
    case 'domain': {
      const name = suricataContent(e.value);
      const match = e.exactDomain
        ? `bsize:${e.value.length}; content:"${name}"; nocase;`
        : `dotprefix; content:".${name}"; nocase; endswith;`;
      return (
        `alert dns $HOME_NET any -> any any (msg:"LAMSACH ${ctx.name} DNS query ${e.value}${what}"; dns.query; ${match} ${tail(0)}` +
        `alert tls $HOME_NET any -> any any (msg:"LAMSACH ${ctx.name} TLS SNI ${e.value}${what}"; tls.sni; ${match} ${tail(1)}`
      );
    }
    case 'ipv4':
    case 'ipv6':
    case 'cidr4':
    case 'cidr6':
      return `alert ip $HOME_NET any -> [${e.value}] any (msg:"LAMSACH ${ctx.name} traffic to ${e.value}${what}"; ${tail(2)}`;
    case 'url': {
      let url: URL;
      try {
        url = new URL(e.value);
      } catch {
        return '';
      }
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const uri = `${url.pathname}${url.search}`;
      return (
        `alert http $HOME_NET any -> any any (msg:"LAMSACH ${ctx.name} URL ${msgText(withoutScheme(e.value)).slice(0, 200)}${what}"; ` +
        `http.host; bsize:${host.length}; content:"${suricataContent(host)}"; nocase; ` +
        `http.uri; bsize:${uri.length}; content:"${suricataContent(uri)}"; ${tail(3)}`
      );
    }
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'asn':
      return '';
  }
}

export function suricataRules(ctx: RenderContext, source: EntrySource): AsyncGenerator<string> {
  const header = [
    ...headerLines(ctx),
    `sid = ${SID_BASE} + 4 × indicator id + (0 DNS query, 1 TLS SNI, 2 IP, 3 HTTP URL); URL rules see plain HTTP only`,
  ];
  return renderLines(
    ctx,
    source,
    commentBlock('#', header),
    (e) => suricataRule(ctx, e),
    () => trailer('#', ctx),
  );
}

/**
 * Dataset files for `dataset:isset`: `string` sets hold base64-encoded values, `ip` sets plain
 * addresses. The files take no comments, so the summary travels in HTTP headers only. A string
 * set matches names exactly; subdomains need the rules or RPZ formats.
 */
export function suricataDataset(ctx: RenderContext, source: EntrySource): AsyncGenerator<string> {
  const line =
    ctx.format === 'suricata-dataset-domains'
      ? (e: ListEntry) => `${Buffer.from(e.value, 'utf8').toString('base64')}\n`
      : (e: ListEntry) => `${e.value}\n`;
  return renderLines(ctx, source, '', line, () => '');
}

const zeekTypes: Partial<Record<ListEntry['type'], string>> = {
  ipv4: 'Intel::ADDR',
  ipv6: 'Intel::ADDR',
  cidr4: 'Intel::SUBNET',
  cidr6: 'Intel::SUBNET',
  domain: 'Intel::DOMAIN',
  url: 'Intel::URL',
  md5: 'Intel::FILE_HASH',
  sha1: 'Intel::FILE_HASH',
  sha256: 'Intel::FILE_HASH',
};

/** Zeek's TSV has no escaping: tabs and line breaks in free text become spaces. */
const zeekText = (text: string) => text.replace(/[\t\r\n]/g, ' ');

/**
 * A Zeek intelligence file (`Intel::read_files`): the `#fields` line first, then `#` comments and
 * tab-separated items. Zeek URLs carry no scheme.
 */
export function zeekIntel(ctx: RenderContext, source: EntrySource): AsyncGenerator<string> {
  const prologue =
    '#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\n' + commentBlock('#', headerLines(ctx));
  const sourceName = `lamsach:${ctx.name}`;
  // Few distinct (threat type, family, confidence) triples: the description is built once for each.
  const descriptions = new Map<string, string>();
  const describe = (e: ListEntry) => {
    const key = `${e.threatType ?? ''}\u0000${e.family ?? ''}\u0000${e.confidence}`;
    let desc = descriptions.get(key);
    if (desc === undefined) {
      desc = zeekText([label(e), `confidence ${e.confidence}`].filter(Boolean).join(', '));
      if (descriptions.size < 10_000) descriptions.set(key, desc);
    }
    return desc;
  };
  const line = (e: ListEntry) => {
    const type = zeekTypes[e.type];
    if (!type) return '';
    const value = e.type === 'url' ? withoutScheme(e.value) : e.value;
    return `${value}\t${type}\t${sourceName}\t${describe(e)}\n`;
  };
  return renderLines(ctx, source, prologue, line, () => trailer('#', ctx));
}
