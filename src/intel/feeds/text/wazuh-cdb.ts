/**
 * Wazuh CDB lists: `key:value` per line, the key being what is matched. Keys here are addresses,
 * address prefixes ending in a dot (`10.1.2.` means 10.1.2.0/24, `10.` means 10.0.0.0/8, the way
 * Wazuh matches them), domains or hashes; a key with colons (IPv6) is written in double quotes.
 * The value is free text: for a hash it is the malware family (`…:ZeuS`), otherwise words such
 * as "malicious" or "phishing" that are mapped to a threat type when they name one. Without a
 * word, the list name (`malicious-ip`, `malware-hashes`) decides; hash lists are `malware`.
 */
import { parseIp } from '../../../net/ip.js';
import type { FeedItem, ThreatType } from '../../model.js';
import type { FeedFormatDefinition, FeedParserOptions } from '../format.js';
import {
  baseName,
  classifyToken,
  cleanLine,
  isHash,
  lineParser,
  reject,
  rejectIfTooLong,
  shareOfDataLines,
  threatTypeFromText,
  withOptional,
} from './common.js';

/** `10.1.2.` → `10.1.2.0/24`; null when the text is not a dotted prefix. */
export function prefixToCidr(key: string): string | null {
  if (!key.endsWith('.')) return null;
  const octets = key.slice(0, -1).split('.');
  if (octets.length < 1 || octets.length > 3) return null;
  for (const octet of octets) {
    if (!/^\d{1,3}$/.test(octet) || Number(octet) > 255 || (octet.length > 1 && octet.startsWith('0')))
      return null;
  }
  const bits = octets.length * 8;
  while (octets.length < 4) octets.push('0');
  return `${octets.join('.')}/${bits}`;
}

function splitEntry(line: string): { key: string; value: string } | null {
  if (line.startsWith('"')) {
    const close = line.indexOf('"', 1);
    if (close < 0 || (close + 1 < line.length && line[close + 1] !== ':')) return null;
    return { key: line.slice(1, close), value: line.slice(close + 2).trim() };
  }
  // an unquoted IPv6 key ending the line (`2001:db8::1:`) is still unambiguous
  if (line.endsWith(':') && parseIp(line.slice(0, -1))) return { key: line.slice(0, -1), value: '' };
  const colon = line.indexOf(':');
  if (colon < 0) return { key: line, value: '' };
  return { key: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() };
}

function createCdbParser(options: FeedParserOptions) {
  const name = baseName(options.name);
  const listThreat = threatTypeFromText(name.replace(/[-_.]/g, ' '));
  return lineParser((raw, lineNumber, sink) => {
    if (rejectIfTooLong(raw, lineNumber, sink)) return;
    const line = cleanLine(raw);
    if (line.length === 0 || line.startsWith('#')) return;
    const entry = splitEntry(line);
    if (!entry || entry.key === '') {
      reject(sink, lineNumber, 'expected "key:value" (quote keys that contain ":")', line);
      return;
    }
    const { key, value } = entry;
    const cidr = prefixToCidr(key);
    const found = cidr ? { kind: 'cidr' as const, value: cidr } : classifyToken(key);
    if (!found || found.port !== undefined) {
      reject(
        sink,
        lineNumber,
        `the key "${key.slice(0, 60)}" is not an address, address prefix, domain, URL or hash`,
        line,
      );
      return;
    }
    const hash = isHash(key);
    const worded = value ? threatTypeFromText(value) : undefined;
    const threatType: ThreatType | undefined =
      worded ?? options.defaultThreatType ?? listThreat ?? (hash ? 'malware' : undefined);
    const item: FeedItem = { line: lineNumber, value: found.value };
    sink.item(
      withOptional(item, {
        threatType,
        // a hash list's value is the family; elsewhere it is a remark
        family: hash && value && !worded ? value : options.defaultFamily,
        description: hash && !worded ? undefined : value,
      }),
    );
  });
}

const cdbLine = /^("[^"]+"|[^\s:#"]+):[^:]*$/;

export const wazuhCdbFormat: FeedFormatDefinition = {
  id: 'wazuh-cdb',
  title: 'Wazuh CDB list (key:value)',
  create: createCdbParser,
  detect(sample) {
    const share = shareOfDataLines(
      sample,
      (l) => l.startsWith('#'),
      (l) => {
        if (!cdbLine.test(l)) return false;
        const entry = splitEntry(l);
        // `203.0.113.5:443` is an address with its port, not a CDB entry
        if (entry === null || /^\d+$/.test(entry.value)) return false;
        return prefixToCidr(entry.key) !== null || classifyToken(entry.key) !== null;
      },
    );
    if (share < 0.9) return 0;
    // a bare "domain:" list looks like nothing else; the name makes it certain
    const name = baseName(sample.name);
    return /^(malicious|malware|blacklist|cdb|wazuh)/.test(name) || name.endsWith('.cdb') ? 0.9 : 0.6;
  },
};
