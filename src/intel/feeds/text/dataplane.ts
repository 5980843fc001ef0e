/**
 * DataPlane.org reports: `ASN | ASname | ipaddr | lastseen | category`, or with `firstseen` before
 * `lastseen` (proto41). AS names may themselves contain `|`, so fields are read from both ends:
 * ASN first, category last, one or two time stamps before it, the address before those.
 * Time stamps are `YYYY-mm-dd HH:MM:SS` in UTC, as the report headers state.
 * The category names the threat: sshpwauth/telnetlogin/sipregistration → brute-force,
 * smtpdata → spam, dnsrdany → ddos, proto41 → proxy (open IPv6-in-IPv4 relays), the other
 * client/query/greeting reports (sshclient, vncrfb, smtpgreet, dnsrd…) → scanner.
 */
import type { FeedItem, ThreatType } from '../../model.js';
import type { FeedFormatDefinition } from '../format.js';
import {
  anyLine,
  cleanLine,
  isoFromYmd,
  lineParser,
  reject,
  rejectIfTooLong,
  withOptional,
} from './common.js';

const categories: Record<string, ThreatType> = {
  sshpwauth: 'brute-force',
  telnetlogin: 'brute-force',
  vncrfb: 'scanner',
  sipregistration: 'brute-force',
  sipinvitation: 'scanner',
  sipquery: 'scanner',
  sshclient: 'scanner',
  dnsrd: 'scanner',
  dnsversion: 'scanner',
  dnsrdany: 'ddos',
  smtpdata: 'spam',
  smtpgreet: 'scanner',
  proto41: 'proxy',
};

const stampPattern = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export const dataplaneFormat: FeedFormatDefinition = {
  id: 'dataplane',
  title: 'DataPlane.org report (ASN | ASname | ipaddr | [firstseen |] lastseen | category)',
  create(options) {
    return lineParser((raw, lineNumber, sink) => {
      if (rejectIfTooLong(raw, lineNumber, sink)) return;
      const line = cleanLine(raw);
      if (line.length === 0 || line.startsWith('#')) return;
      const fields = line.split('|').map((f) => f.trim());
      const n = fields.length;
      if (n < 5) {
        reject(sink, lineNumber, `expected 5 or 6 "|"-separated fields, found ${n}`, line);
        return;
      }
      const category = fields[n - 1]!.toLowerCase();
      const last = fields[n - 2]!;
      const twoStamps = stampPattern.test(fields[n - 3]!);
      const first = twoStamps ? fields[n - 3]! : undefined;
      const addressIndex = twoStamps ? n - 4 : n - 3;
      const address = fields[addressIndex] ?? '';
      if (addressIndex < 2 || address === '' || /\s/.test(address) || !stampPattern.test(last)) {
        reject(
          sink,
          lineNumber,
          'expected "ASN | ASname | ipaddr | lastseen | category" with a YYYY-mm-dd HH:MM:SS time',
          line,
        );
        return;
      }
      const asn = fields[0]!;
      const asName = fields.slice(1, addressIndex).join(' | ');
      const network = [/^\d+$/.test(asn) ? `AS${asn}` : '', asName !== 'NA' ? asName : '']
        .filter(Boolean)
        .join(' ');
      const item: FeedItem = { line: lineNumber, value: address };
      sink.item(
        withOptional(item, {
          threatType: categories[category] ?? options.defaultThreatType ?? 'other',
          family: options.defaultFamily,
          firstSeen: first ? isoFromYmd(first) : undefined,
          lastSeen: isoFromYmd(last),
          tags: category ? [category] : undefined,
          description: network,
        }),
      );
    });
  },
  detect(sample) {
    if (anyLine(sample, /^#\s*DataPlane\.org/i, 5)) return 1;
    return anyLine(
      sample,
      /^[\dNA]+\s*\|.*\|\s*\d{1,3}(\.\d{1,3}){3}\s*\|\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s*\|/,
      200,
    )
      ? 0.8
      : 0;
  },
};
