/**
 * Corpus samples whose expectation no parser of the line alone can reach, or that lamsach reads
 * differently on purpose. Each is left out of the score by id (`<file>#<index>`, as
 * `npm run eval:corpus -- --verbose` prints it) with its reason, which the script prints and
 * docs/ACCURACY.md lists; the per-format corpus tests skip the same samples. Keep this list short and
 * every reason checkable against the sample.
 */
import type { CorpusSample } from './corpus-expected.js';

export function sampleId(sample: Pick<CorpusSample, 'file' | 'index'>): string {
  return `${sample.file}#${sample.index}`;
}

export const excludedSamples: ReadonlyMap<string, string> = new Map<string, string>([
  [
    'bind/sekoia/resolution_log_07.json#0',
    'the reference (SEKOIA BIND intake) records the upstream server BIND was querying (`resolving …: ADDR#53`) ' +
      'as source, while its Infoblox intake reads the same BIND message as destination; lamsach reads it as ' +
      'destination, since the source of a DNS event is taken as the machine that asked for the name (the ' +
      'infected-host candidate) and the upstream server is not that machine',
  ],
  [
    'cisco_asa/sekoia/test_group_1_3.json#0',
    'message 722051 (`Group <…> User <…> IP <public> IPv4 Address <…> IPv6 address <…> assigned to session`): ' +
      'the reference takes the assigned IPv6 address as source here but the public `IP <…>` in ' +
      'test_FTD_722051_1/2 for the same template; lamsach keeps the public address consistently',
  ],
  [
    'iptables/crowdsec/unifi-logs/unifi-logs.log#3',
    'an OpenSSH `sshd` authentication line in a UniFi sample, not a packet-filter log; sshd logs are not a ' +
      'format lamsach claims',
  ],
  [
    'panw/sekoia/url_cef.json#0',
    'the expected `url.original` is a bare `https://` the reference built from `request=?%`, which is not a URL',
  ],
]);
