/**
 * Team Cymru CSIRT Assistance Program (CAP) reports: pipe-separated
 * `category|ip|asn|timestamp|information|as name`, with `#` comment lines. The information column
 * comes in two dialects — the older `srcport 1337 mwtype Conficker destaddr 192.0.2.1`, the newer
 * `family: conficker;dest_addr: 192.0.2.1; dest_port: 80;protocol: 6;` — and sometimes a bare value
 * (the brute-forced service, a phishing URL). Times are UTC.
 */
import type { ObservationCategory, ObservationParseResult } from '../observation-model.js';
import {
  buildRecord,
  MAX_ROWS,
  normaliseAsn,
  normaliseIp,
  normalisePort,
  normaliseTime,
  Problem,
} from './common.js';
import type { Confidence, ReportFormat, ReportInput } from './format.js';
import { normaliseDomain } from '../../net/domain.js';
import { isIp } from '../../net/ip.js';

const SOURCE = 'team-cymru-cap';

const categories: Record<string, ObservationCategory> = {
  bot: 'infected',
  bots: 'infected',
  conficker: 'infected',
  infected: 'infected',
  controller: 'blocklisted',
  phishing: 'blocklisted',
  spam: 'other',
  malwareurl: 'blocklisted',
  bruteforce: 'honeypot',
  darknet: 'honeypot',
  honeypot: 'honeypot',
  scanner: 'honeypot',
  openresolver: 'vulnerable',
  openresolvers: 'vulnerable',
  proxy: 'vulnerable',
};

const ipProtocols: Record<string, string> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '47': 'gre',
  '58': 'ipv6-icmp',
};

/** `key: value;` pairs of the newer dialect, or the keyword pairs of the older one. */
export function readCymruInformation(info: string): Map<string, string> {
  const out = new Map<string, string>();
  const text = info.trim();
  if (/^[a-z_]+:/i.test(text) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    for (const part of text.split(';')) {
      const colon = part.indexOf(':');
      if (colon <= 0) continue;
      out.set(part.slice(0, colon).trim().toLowerCase(), part.slice(colon + 1).trim());
    }
    return out;
  }
  const tokens = text.split(/\s+/);
  const keywords = new Set(['srcport', 'mwtype', 'destaddr', 'dstaddr', 'destport', 'dstport']);
  if (!tokens.some((t) => keywords.has(t.toLowerCase()))) return out;
  for (let i = 0; i < tokens.length; i++) {
    const key = tokens[i]!.toLowerCase();
    if (!keywords.has(key)) continue;
    if (key === 'mwtype') {
      // The family may be several words; it ends at the next keyword.
      const words: string[] = [];
      while (i + 1 < tokens.length && !keywords.has(tokens[i + 1]!.toLowerCase())) words.push(tokens[++i]!);
      out.set('family', words.join(' '));
    } else if (i + 1 < tokens.length) {
      out.set(key, tokens[++i]!);
    }
  }
  return out;
}

/** Rows sometimes run keys together (`sub.example.comport: 80`); a value that is not a host name is left out. */
function hostnameOf(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  const text = value.trim();
  if (isIp(text)) return text;
  const domain = normaliseDomain(text);
  return domain.ok ? domain.value : null;
}

function singleNumber(value: string | undefined): string | null {
  return value !== undefined && /^\d+$/.test(value.trim()) ? value.trim() : null;
}

function parseCymru(input: ReportInput): ObservationParseResult {
  const result: ObservationParseResult = { reportType: SOURCE, records: [], rejected: [] };
  input.lines.forEach((text, i) => {
    const line = i + 1;
    if (text.trim() === '' || text.startsWith('#') || result.records.length >= MAX_ROWS) return;
    const fields = text.split('|');
    if (fields.length < 5) {
      result.rejected.push({
        line,
        reason: `expected at least 5 "|"-separated fields, found ${fields.length}`,
      });
      return;
    }
    const kind = fields[0]!.trim().toLowerCase();
    const info = fields.length > 6 ? fields.slice(4, -1).join('|') : fields[4]!;
    const values = readCymruInformation(info);
    const category = categories[kind] ?? 'other';
    const family = values.get('family') ?? (kind === 'conficker' ? kind : null);
    const bare = values.size === 0 ? info.trim() : '';
    const destinationPort =
      singleNumber(values.get('dest_port')) ??
      singleNumber(values.get('destport')) ??
      singleNumber(values.get('destination_port_numbers')) ??
      singleNumber(values.get('honeypot_port')) ??
      singleNumber(values.get('darknet_port'));
    const protocol = values.get('protocol');
    const outcome = buildRecord({
      ip: normaliseIp(fields[1], 'ip'),
      time: normaliseTime(fields[3], 'timestamp'),
      category,
      source: SOURCE,
      raw: {
        category: fields[0]!,
        ip: fields[1]!,
        asn: fields[2]!,
        timestamp: fields[3]!,
        information: info,
        ...(fields.length > 5 ? { as_name: fields[fields.length - 1]! } : {}),
      },
      port: normalisePort(singleNumber(values.get('port')) ?? singleNumber(values.get('srcport')), 'port'),
      family,
      asn: normaliseAsn(fields[2], 'asn'),
      hostname: hostnameOf(values.get('hostname')),
      url: /^https?:\/\//i.test(bare) ? bare.replace(/;$/, '') : null,
      protocol: protocol ? (ipProtocols[protocol] ?? protocol) : null,
      destinationIp: normaliseIp(
        values.get('dest_addr') ?? values.get('destaddr') ?? values.get('dstaddr'),
        'destination address',
      ),
      destinationPort: normalisePort(destinationPort, 'destination port'),
    });
    if (outcome instanceof Problem) result.rejected.push({ line, reason: outcome.reason });
    else result.records.push(outcome);
  });
  return result;
}

const headerPattern = /^#\s*(format:\s*report\|ip\||category\|address\|)/i;
const rowPattern = /^[a-z_]+\|[0-9a-f:.]+\|\d+\|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\|/i;

export const cymruFormat: ReportFormat = {
  id: 'team-cymru-cap',
  label: 'Team Cymru CAP (pipe-separated)',
  detect(input): Confidence {
    const head = input.lines.slice(0, 30);
    if (head.some((l) => headerPattern.test(l))) return 2;
    const rows = head.filter((l) => l.trim() !== '' && !l.startsWith('#'));
    return rows.length > 0 && rows.every((l) => rowPattern.test(l)) ? 2 : 0;
  },
  parse: parseCymru,
};
