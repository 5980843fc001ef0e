/**
 * Maps the words feeds use for "what kind of threat" and "what kind of indicator" onto our closed
 * vocabularies (ThreatType, IndicatorType). Shared by every structured format so that, say,
 * ThreatFox's `botnet_cc`, OTX's `command_and_control` and a MISP tag `c2server` all become `c2`.
 */
import type { IndicatorType, ThreatType } from '../../model.js';

/**
 * Keys are lower-case with runs of spaces, underscores and dots folded to `-`. Only words that say
 * the threat unambiguously: these are also matched against free-form tags, where a loose word such
 * as `bot` would mislabel a C2 server as an infected host.
 */
const threatWords: ReadonlyMap<string, ThreatType> = new Map<string, ThreatType>([
  ['c2', 'c2'],
  ['c&c', 'c2'],
  ['cnc', 'c2'],
  ['botnet-cc', 'c2'],
  ['botnet-c&c', 'c2'],
  ['botnet-c2', 'c2'],
  ['c2-server', 'c2'],
  ['c2server', 'c2'],
  ['c&c-server', 'c2'],
  ['command-and-control', 'c2'],
  ['command-&-control', 'c2'],
  ['c-and-c', 'c2'],
  ['payload-delivery', 'malware-distribution'],
  ['malware-download', 'malware-distribution'],
  ['malware-distribution', 'malware-distribution'],
  ['malware-hosting', 'malware-distribution'],
  ['exploit-kit', 'exploit'],
  ['exploit', 'exploit'],
  ['exploitation', 'exploit'],
  ['phishing', 'phishing'],
  ['phish', 'phishing'],
  ['scanner', 'scanner'],
  ['scanning', 'scanner'],
  ['scanning-host', 'scanner'],
  ['brute-force', 'brute-force'],
  ['bruteforce', 'brute-force'],
  ['spam', 'spam'],
  ['spammer', 'spam'],
  ['tor', 'tor'],
  ['tor-ip', 'tor'],
  ['tor-exit', 'tor'],
  ['proxy', 'proxy'],
  ['anonymization', 'proxy'],
  ['anonymizer', 'proxy'],
  ['compromised', 'compromised'],
  ['ransomware', 'ransomware'],
  ['cryptomining', 'cryptomining'],
  ['coinminer', 'cryptomining'],
  ['miner', 'cryptomining'],
  ['cryptominer', 'cryptomining'],
  ['ddos', 'ddos'],
  ['dga', 'dga'],
  ['bogon', 'bogon'],
  ['botnet-drone', 'botnet-infected'],
  ['infected-system', 'botnet-infected'],
  ['malware', 'malware'],
  ['malicious-activity', 'malware'],
  ['cc-skimming', 'malware'],
  ['blocklist', 'blocklist'],
  ['blacklist', 'blocklist'],
]);

export function foldWord(word: string): string {
  return word
    .trim()
    .toLowerCase()
    .replace(/[\s_.]+/g, '-');
}

/** The ThreatType a feed word stands for, or undefined when the word is not one we know. */
export function threatTypeFromWord(word: string | undefined): ThreatType | undefined {
  if (word === undefined) return undefined;
  return threatWords.get(foldWord(word));
}

/** First word of `words` that maps to a ThreatType. */
export function firstThreatType(words: Iterable<string>): ThreatType | undefined {
  for (const word of words) {
    const type = threatTypeFromWord(word);
    if (type !== undefined) return type;
  }
  return undefined;
}

const indicatorWords: ReadonlyMap<string, IndicatorType | 'ip' | 'hash'> = new Map<
  string,
  IndicatorType | 'ip' | 'hash'
>([
  ['ip', 'ip'],
  ['ipv4', 'ip'],
  ['ipv6', 'ip'],
  ['ip-address', 'ip'],
  ['ip-dst', 'ip'],
  ['ip-src', 'ip'],
  ['ipv4-addr', 'ip'],
  ['ipv6-addr', 'ip'],
  ['ip:port', 'ip'],
  ['cidr', 'ip'],
  ['network', 'ip'],
  ['cidr4', 'cidr4'],
  ['cidr6', 'cidr6'],
  ['domain', 'domain'],
  ['domain-name', 'domain'],
  ['hostname', 'domain'],
  ['fqdn', 'domain'],
  ['host', 'domain'],
  ['url', 'url'],
  ['uri', 'url'],
  ['md5', 'md5'],
  ['md5-hash', 'md5'],
  ['filehash-md5', 'md5'],
  ['sha1', 'sha1'],
  ['sha-1', 'sha1'],
  ['sha1-hash', 'sha1'],
  ['filehash-sha1', 'sha1'],
  ['sha256', 'sha256'],
  ['sha-256', 'sha256'],
  ['sha256-hash', 'sha256'],
  ['filehash-sha256', 'sha256'],
  ['hash', 'hash'],
  ['asn', 'asn'],
]);

/**
 * The IndicatorType a feed's type word stands for. Address words (`ip`, `ip-dst`…) do not say the
 * family or whether a prefix length follows, so the value decides; `hash` is decided by length.
 * Returns `null` for a word we do not know (the caller rejects the record) and `undefined` when the
 * word is known but the value must be inferred later.
 */
export function indicatorTypeFromWord(word: string, value: string): IndicatorType | undefined | null {
  const known = indicatorWords.get(foldWord(word));
  if (known === undefined) return null;
  if (known === 'ip') return addressType(value);
  if (known === 'hash') return hashType(value);
  // Host columns hold addresses as often as names (OpenPhish `host`, MISP `hostname` misuse).
  if (known === 'domain') return addressType(value) ?? 'domain';
  return known;
}

/** ipv4 / ipv6 / cidr4 / cidr6 from the text's shape; the importer validates the value itself. */
export function addressType(value: string): IndicatorType | undefined {
  const v6 = value.includes(':');
  const cidr = value.includes('/');
  if (!(v6 ? /^[0-9a-fA-F:./]+$/ : /^[0-9./]+$/).test(value)) return undefined;
  if (cidr) return v6 ? 'cidr6' : 'cidr4';
  return v6 ? 'ipv6' : 'ipv4';
}

/** md5 / sha1 / sha256 from a hex string's length. */
export function hashType(value: string): IndicatorType | undefined {
  if (!/^[0-9a-fA-F]+$/.test(value)) return undefined;
  switch (value.length) {
    case 32:
      return 'md5';
    case 40:
      return 'sha1';
    case 64:
      return 'sha256';
    default:
      return undefined;
  }
}
