/**
 * Spamhaus CERT portal reports: comma-separated rows under a `; ip, asn, country, lastseen, …`
 * comment header, `;` comment lines, times as Unix epoch seconds. Most rows are bots seen at a
 * sinkhole (the bot name is the family); some botnames are honeypot observations (`sshauth`,
 * `iotscan` …) or service findings (`openrelay`), which get their own category and no family.
 * `-` and `?` mean "not known".
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

const SOURCE = 'spamhaus-cert';

const defaultColumns = [
  'ip',
  'asn',
  'country',
  'lastseen',
  'botname',
  'domain',
  'remote_ip',
  'remote_port',
  'local_port',
  'protocol',
];

const notInfections: Record<string, ObservationCategory> = {
  sshauth: 'honeypot',
  telnetauth: 'honeypot',
  smtpauth: 'honeypot',
  imap: 'honeypot',
  iotscan: 'honeypot',
  iotrdp: 'honeypot',
  wpscanner: 'honeypot',
  w_wplogin: 'honeypot',
  proxyget: 'honeypot',
  authspoofbadehlo: 'honeypot',
  openrelay: 'vulnerable',
  l_spamlink: 'other',
  extortion: 'other',
  misc: 'other',
};

function known(value: string | undefined): string | null {
  const text = value?.trim() ?? '';
  return text === '' || text === '-' || text === '?' ? null : text;
}

/** Spamhaus reuses the port columns for other data in some rows (`ip:port:name`); only a number is a port. */
function portOnly(value: string | undefined): string | null {
  const text = known(value);
  return text !== null && /^\d+$/.test(text) ? text : null;
}

function parseSpamhaus(input: ReportInput): ObservationParseResult {
  const result: ObservationParseResult = { reportType: SOURCE, records: [], rejected: [] };
  let columns = defaultColumns;
  input.lines.forEach((text, i) => {
    const line = i + 1;
    const trimmed = text.trim();
    if (trimmed.startsWith(';')) {
      const names = trimmed
        .slice(1)
        .split(',')
        .map((c) => c.trim().toLowerCase());
      if (names.includes('ip') && names.includes('botname')) columns = names;
      return;
    }
    if (trimmed === '' || result.records.length >= MAX_ROWS) return;
    const fields = trimmed.split(',');
    if (fields.length < 5) {
      result.rejected.push({
        line,
        reason: `expected at least 5 comma-separated fields, found ${fields.length}`,
      });
      return;
    }
    const row: Record<string, string> = {};
    fields.forEach((value, index) => (row[columns[index] ?? `column_${index + 1}`] = value));
    const botname = (row['botname'] ?? '').trim().toLowerCase();
    const category = notInfections[botname] ?? 'infected';
    const domain = known(row['domain']);
    const isUrl = domain !== null && /^https?:\/\//i.test(domain);
    const outcome = buildRecord({
      ip: normaliseIp(row['ip'], 'ip'),
      time: normaliseTime(known(row['lastseen']), 'lastseen'),
      category,
      source: SOURCE,
      raw: row,
      port: normalisePort(portOnly(row['local_port']), 'local_port'),
      family: category === 'infected' ? botname : spammer(row['local_port']),
      asn: normaliseAsn(known(row['asn']), 'asn'),
      url: isUrl ? domain : null,
      protocol: known(row['protocol']),
      destinationIp: ipOrNull(known(row['remote_ip'])) ?? (isUrl ? null : ipOrNull(domain)),
      destinationPort: normalisePort(portOnly(row['remote_port']), 'remote_port'),
    });
    if (outcome instanceof Problem) result.rejected.push({ line, reason: outcome.reason });
    else result.records.push(outcome);
  });
  return result;
}

/** Spam-link rows put `sender-ip:version:malware` in the local port column; the malware is the family. */
function spammer(value: string | undefined): string | null {
  const m = /^[^:]+:[^:]*:([^:]+)$/.exec(value?.trim() ?? '');
  return m ? m[1]!.trim() : null;
}

/** `remote_ip` and `domain` hold an address, a name or a URL depending on the row; only an address counts. */
function ipOrNull(value: string | null): string | null {
  if (value === null) return null;
  const ip = normaliseIp(value, 'address');
  return typeof ip === 'string' ? ip : null;
}

const rowPattern = /^[0-9a-f:.]+,AS\d+,[A-Z]{2}?,\d{9,10},/i;

export const spamhausCertFormat: ReportFormat = {
  id: 'spamhaus-cert',
  label: 'Spamhaus CERT portal (CSV)',
  detect(input): Confidence {
    const head = input.lines.slice(0, 30);
    if (head.some((l) => /^;\s*ip\s*,\s*asn\s*,.*botname/i.test(l))) return 2;
    const rows = head.filter((l) => l.trim() !== '' && !l.startsWith(';'));
    return rows.length > 0 && rows.every((l) => rowPattern.test(l)) ? 2 : 0;
  },
  parse: parseSpamhaus,
};
