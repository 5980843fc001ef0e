/**
 * SANS Internet Storm Center / DShield lists.
 * - `block.txt`, the "Recommended Block List": tab-separated start, end, prefix length, attacks,
 *   network name, country, abuse e-mail → the `start/prefix` network, threat type `scanner`
 *   (the attacks column counts targets *scanned*). The `updated:` header (UTC) is `lastSeen`.
 * - `asdetailsascii.html?as=N`, the sources seen from one AS: zero-padded address, reports,
 *   targets, first seen, last seen, updated → the address, threat type `scanner`. Dates are UTC.
 */
import type { FeedItem } from '../../model.js';
import type { FeedFormatDefinition } from '../format.js';
import {
  anyLine,
  baseName,
  cleanLine,
  isoFromHuman,
  isoFromYmd,
  lineParser,
  reject,
  rejectIfTooLong,
  unpadIPv4,
  withOptional,
} from './common.js';

export const dshieldBlockFormat: FeedFormatDefinition = {
  id: 'dshield-block',
  title: 'DShield Recommended Block List (block.txt)',
  create(options) {
    let lastSeen: string | undefined;
    return lineParser((raw, lineNumber, sink) => {
      if (rejectIfTooLong(raw, lineNumber, sink)) return;
      const line = cleanLine(raw);
      if (line.length === 0) return;
      if (line.startsWith('#')) {
        const updated = /^#\s*updated:\s*(.+)$/i.exec(line);
        if (updated) lastSeen = isoFromHuman(updated[1]!) ?? lastSeen;
        return;
      }
      if (/^start\s+end\s+netblock/i.test(line)) return;
      const fields = raw
        .replace(/\r$/, '')
        .replace(/^\uFEFF/, '')
        .split('\t')
        .map((f) => f.trim());
      const [start, , bits, attacks, name, country] = fields;
      if (!start || !bits || !/^\d{1,3}$/.test(bits)) {
        reject(
          sink,
          lineNumber,
          'expected tab-separated "start, end, prefix length, attacks, name, country, e-mail"',
          line,
        );
        return;
      }
      const where = [name, country].filter(Boolean).join(', ');
      const count = attacks && /^\d+$/.test(attacks) ? `${attacks} targets scanned` : '';
      const item: FeedItem = { line: lineNumber, value: `${start}/${bits}` };
      sink.item(
        withOptional(item, {
          threatType: 'scanner',
          family: options.defaultFamily,
          lastSeen,
          description: [where, count].filter(Boolean).join('; '),
        }),
      );
    });
  },
  detect(sample) {
    if (anyLine(sample, /DShield\.org Recommended Block List/i, 20)) return 1;
    if (anyLine(sample, /^Start\tEnd\tNetblock\tAttacks/i, 60)) return 0.95;
    return baseName(sample.name) === 'block.txt' &&
      anyLine(sample, /^\d+\.\d+\.\d+\.\d+\t\d+\.\d+\.\d+\.\d+\t\d+\t/, 60)
      ? 0.8
      : 0;
  },
};

export const dshieldAsnFormat: FeedFormatDefinition = {
  id: 'dshield-asn',
  title: 'DShield sources seen from one AS (asdetailsascii.html)',
  create(options) {
    const asn = /[?&]as=(\d+)/i.exec(options.name ?? '')?.[1];
    return lineParser((raw, lineNumber, sink) => {
      if (rejectIfTooLong(raw, lineNumber, sink)) return;
      const line = cleanLine(raw);
      // the page wraps the list in an HTML comment and `#` lines
      if (
        line.length === 0 ||
        line.startsWith('#') ||
        line.startsWith('<') ||
        line.endsWith('-->') ||
        !/^\d/.test(line)
      )
        return;
      const fields = line.split('\t').map((f) => f.trim());
      const [address, reports, targets, firstSeen, lastSeenDate, updated] = fields;
      if (!address || fields.length < 3 || !/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) {
        reject(
          sink,
          lineNumber,
          'expected tab-separated "address, reports, targets, first seen, last seen, updated"',
          line,
        );
        return;
      }
      const item: FeedItem = { line: lineNumber, value: unpadIPv4(address), type: 'ipv4' };
      const counts = [reports ? `${reports} reports` : '', targets ? `${targets} targets` : '']
        .filter(Boolean)
        .join(', ');
      sink.item(
        withOptional(item, {
          threatType: 'scanner',
          family: options.defaultFamily,
          firstSeen: firstSeen ? isoFromYmd(firstSeen) : undefined,
          lastSeen:
            (updated ? isoFromYmd(updated) : undefined) ??
            (lastSeenDate ? isoFromYmd(lastSeenDate) : undefined),
          description: counts,
          tags: asn ? [`AS${asn}`] : undefined,
        }),
      );
    });
  },
  detect(sample) {
    if (anyLine(sample, /^#\s*asdetailsascii\.html/i, 20)) return 1;
    if (anyLine(sample, /source IP <tab> Reports <tab> Targets/i, 30)) return 0.95;
    return /^asdetailsascii\.html/.test(baseName(sample.name)) ? 0.8 : 0;
  },
};
