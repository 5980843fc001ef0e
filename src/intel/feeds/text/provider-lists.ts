/**
 * Small provider-specific lists that a plain list would lose information from:
 * - `danger-rulez`: danger.rulez.sk BruteForceBlocker (`ip<TAB><TAB># last reported<TAB><TAB>count<TAB>id`),
 *   SSH brute force; the report time is taken as UTC (the list does not say; IntelMQ reads it so);
 * - `turris`: Turris Sentinel greylist CSV (`Address,Tags`); the tags are the services attacked,
 *   so the threat type is `brute-force` unless every tag is a port scan;
 * - `cymru-bogons`: Team Cymru full bogons (IPv4/IPv6), threat type `bogon`, with the
 *   `# last updated <unix time>` header as `lastSeen`;
 * - `malwarepatrol`: Malware Patrol DansGuardian list (`host/path` without scheme), threat type
 *   `malware-distribution`; a bare `host/` blocks the whole host and becomes that exact domain.
 *   `Generated at: YYYYmmddHHMMSS UTC` is `lastSeen`.
 */
import { parseIp } from '../../../net/ip.js';
import type { FeedItem, ThreatType } from '../../model.js';
import type { FeedFormatDefinition } from '../format.js';
import {
  anyLine,
  baseName,
  classifyToken,
  cleanLine,
  isDomainLike,
  isoFromEpoch,
  isoFromYmd,
  lineParser,
  reject,
  rejectIfTooLong,
  withOptional,
} from './common.js';

export const dangerRulezFormat: FeedFormatDefinition = {
  id: 'danger-rulez',
  title: 'danger.rulez.sk BruteForceBlocker SSH list',
  create(options) {
    return lineParser((raw, lineNumber, sink) => {
      if (rejectIfTooLong(raw, lineNumber, sink)) return;
      const line = cleanLine(raw);
      if (line.length === 0 || line.startsWith('#')) return;
      const hash = line.indexOf('#');
      const address = (hash < 0 ? line : line.slice(0, hash)).trim();
      const rest =
        hash < 0
          ? []
          : line
              .slice(hash + 1)
              .trim()
              .split(/\s+/);
      if (!parseIp(address)) {
        reject(sink, lineNumber, 'expected "address  # last reported  count  id"', line);
        return;
      }
      const reported = rest.length >= 2 ? isoFromYmd(`${rest[0]} ${rest[1]}`) : undefined;
      const count = rest[2] && /^\d+$/.test(rest[2]) ? rest[2] : undefined;
      const item: FeedItem = { line: lineNumber, value: address };
      sink.item(
        withOptional(item, {
          threatType: 'brute-force',
          family: options.defaultFamily,
          lastSeen: reported,
          description: count ? `reported ${count} times` : undefined,
          tags: ['ssh'],
        }),
      );
    });
  },
  detect(sample) {
    if (anyLine(sample, /^#\s*IP\s+#\s*Last Reported\s+Count\s+ID/i, 5)) return 1;
    return /bruteforceblocker|danger\.rulez/.test((sample.name ?? '').toLowerCase()) ? 0.8 : 0;
  },
};

/** Splits one CSV line with double-quoted fields (no line breaks inside quotes in this feed). */
function csvFields(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      out.push(value);
      if (i < line.length && line[i] !== ',') return null;
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

const scanTags = new Set(['port_scan', 'portscan', 'scan']);

export const turrisFormat: FeedFormatDefinition = {
  id: 'turris',
  title: 'Turris Sentinel greylist (Address,Tags CSV)',
  create(options) {
    return lineParser((raw, lineNumber, sink) => {
      if (rejectIfTooLong(raw, lineNumber, sink)) return;
      const line = cleanLine(raw);
      if (line.length === 0 || line.startsWith('#') || /^address,/i.test(line)) return;
      const fields = csvFields(line);
      const address = fields?.[0]?.trim() ?? '';
      if (!fields || !parseIp(address)) {
        reject(
          sink,
          lineNumber,
          fields ? `"${address.slice(0, 60)}" is not an IP address` : 'the CSV line has an unclosed quote',
          line,
        );
        return;
      }
      const tags = (fields[1] ?? '')
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean);
      const threatType: ThreatType =
        tags.length > 0 && tags.every((t) => scanTags.has(t)) ? 'scanner' : 'brute-force';
      const item: FeedItem = { line: lineNumber, value: address };
      sink.item(withOptional(item, { threatType, family: options.defaultFamily, tags }));
    });
  },
  detect(sample) {
    if (anyLine(sample, /view\.sentinel\.turris\.cz/i, 5)) return 1;
    if (anyLine(sample, /^Address,Tags\s*$/, 5)) return 0.9;
    return /greylist/.test(baseName(sample.name)) ? 0.6 : 0;
  },
};

export const cymruBogonsFormat: FeedFormatDefinition = {
  id: 'cymru-bogons',
  title: 'Team Cymru full bogons (IPv4 / IPv6)',
  create(options) {
    let lastSeen: string | undefined;
    return lineParser((raw, lineNumber, sink) => {
      if (rejectIfTooLong(raw, lineNumber, sink)) return;
      const line = cleanLine(raw);
      if (line.length === 0) return;
      if (line.startsWith('#')) {
        const m = /last updated\s+(\d{9,11})\b/i.exec(line);
        if (m) lastSeen = isoFromEpoch(Number(m[1]));
        return;
      }
      const kind = classifyToken(line)?.kind;
      if (kind !== 'cidr' && kind !== 'ip') {
        reject(sink, lineNumber, 'expected one network (address/prefix) per line', line);
        return;
      }
      const item: FeedItem = { line: lineNumber, value: line };
      sink.item(withOptional(item, { threatType: 'bogon', family: options.defaultFamily, lastSeen }));
    });
  },
  detect(sample) {
    const header = anyLine(sample, /^#\s*last updated\s+\d{9,11}\s*\(/i, 3);
    if (header) return 0.95;
    return /bogon/.test(baseName(sample.name)) ? 0.7 : 0;
  },
};

export const malwarePatrolFormat: FeedFormatDefinition = {
  id: 'malwarepatrol',
  title: 'Malware Patrol block list for DansGuardian (host/path)',
  create(options) {
    let lastSeen: string | undefined;
    return lineParser((raw, lineNumber, sink) => {
      if (rejectIfTooLong(raw, lineNumber, sink)) return;
      const line = cleanLine(raw);
      if (line.length === 0) return;
      if (line.startsWith('#')) {
        const m = /Generated at:\s*(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/i.exec(line);
        if (m) lastSeen = isoFromYmd(`${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`);
        return;
      }
      const slash = line.indexOf('/');
      const host = slash < 0 ? line : line.slice(0, slash);
      const rest = slash < 0 ? '' : line.slice(slash);
      const item: FeedItem = { line: lineNumber, value: '' };
      if ((rest === '' || rest === '/') && (isDomainLike(host) || parseIp(host))) {
        item.value = host;
        if (!parseIp(host)) {
          item.type = 'domain';
          item.exactDomain = true;
        }
      } else {
        const found = classifyToken(line);
        if (!found || found.kind !== 'url' || /\s/.test(line)) {
          reject(sink, lineNumber, 'expected "host/path" (a URL without its scheme)', line);
          return;
        }
        item.value = found.value;
      }
      sink.item(
        withOptional(item, { threatType: 'malware-distribution', family: options.defaultFamily, lastSeen }),
      );
    });
  },
  detect(sample) {
    if (anyLine(sample, /Malware Patrol/i, 5) && anyLine(sample, /DansGuardian/i, 10)) return 1;
    return anyLine(sample, /Malware Patrol/i, 5) ? 0.7 : 0;
  },
};
