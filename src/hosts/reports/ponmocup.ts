/**
 * The Dyn "ponmocup" list: `#` comments (one of them `# last updated: Tue Mar 15 00:47:49 PDT 2016`,
 * the only time the list states), then space-separated rows
 * `malware-IP malware-domain malware-URL htaccess-infected-domain`. A row is an observation of the
 * address that serves the ponmocup redirect (category `blocklisted`); a row without an address —
 * the list writes `/` when it has none — is rejected, since an observation needs one.
 */
import type { ObservationParseResult } from '../observation-model.js';
import { buildRecord, MAX_ROWS, normaliseIp, normaliseTime, Problem } from './common.js';
import type { Confidence, ReportFormat, ReportInput } from './format.js';

const SOURCE = 'dyn-ponmocup';

const zoneOffsets: Record<string, string> = {
  UTC: '+00:00',
  GMT: '+00:00',
  PST: '-08:00',
  PDT: '-07:00',
  MST: '-07:00',
  MDT: '-06:00',
  CST: '-06:00',
  CDT: '-05:00',
  EST: '-05:00',
  EDT: '-04:00',
  CET: '+01:00',
  CEST: '+02:00',
};

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `Tue Mar 15 00:47:49 PDT 2016` → ISO UTC, or null. */
export function parseUpdatedLine(line: string): string | null {
  const m =
    /last updated:\s*\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{2}:\d{2}:\d{2})\s+([A-Z]{3,4})\s+(\d{4})/i.exec(line);
  if (!m) return null;
  const month = months.indexOf(m[1]!.toLowerCase()) + 1;
  const offset = zoneOffsets[m[4]!.toUpperCase()];
  if (month === 0 || !offset) return null;
  const iso = normaliseTime(
    `${m[5]}-${String(month).padStart(2, '0')}-${m[2]!.padStart(2, '0')}T${m[3]}${offset}`,
    'last updated',
  );
  return typeof iso === 'string' ? iso : null;
}

function parsePonmocup(input: ReportInput): ObservationParseResult {
  const result: ObservationParseResult = { reportType: SOURCE, records: [], rejected: [] };
  let time: string | null = null;
  input.lines.forEach((text, i) => {
    const line = i + 1;
    const trimmed = text.trim();
    if (trimmed.startsWith('#')) {
      time = parseUpdatedLine(trimmed) ?? time;
      return;
    }
    if (trimmed === '' || result.records.length >= MAX_ROWS) return;
    const fields = trimmed.split(/\s+/);
    if (fields.length !== 4) {
      result.rejected.push({ line, reason: `expected 4 space-separated fields, found ${fields.length}` });
      return;
    }
    const [ip, domain, url, infected] = fields as [string, string, string, string];
    const outcome = buildRecord({
      ip:
        ip === '/' || ip === '-'
          ? new Problem('the row names no IP address ("/")')
          : normaliseIp(ip, 'malware IP'),
      time: time ?? new Problem('the list states no "last updated" time before this row'),
      category: 'blocklisted',
      source: SOURCE,
      raw: { ip, domain, url, infected_domain: infected },
      family: 'ponmocup',
      hostname: domain,
      url,
    });
    if (outcome instanceof Problem) result.rejected.push({ line, reason: outcome.reason });
    else result.records.push(outcome);
  });
  return result;
}

export const ponmocupFormat: ReportFormat = {
  id: 'dyn-ponmocup',
  label: 'Dyn ponmocup infected domains (text)',
  detect(input): Confidence {
    const comments = input.lines.slice(0, 40).filter((l) => l.startsWith('#'));
    if (comments.some((l) => /ponmocup/i.test(l))) return 2;
    return /ponmocup/i.test(input.fileName) ? 1 : 0;
  },
  parse: parsePonmocup,
};
