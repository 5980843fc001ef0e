/**
 * abuse.ch CSV exports: Feodo Tracker's botnet C2 IP blocklist, URLhaus's URL dump and the SSL
 * Blacklist's botnet C2 IP list. All three write timestamps in UTC without a zone (their headers say
 * "UTC") and start with a `#` comment banner.
 */
import type { FeedItem, FeedParser } from '../../model.js';
import { excerpt } from '../../model.js';
import type { FeedFormatDefinition, FeedParserOptions, FeedSample } from '../format.js';
import {
  asPresent,
  cleanLine,
  cleanTags,
  parsePort,
  sampleName,
  sampleText,
  splitTags,
  toIsoUtc,
  withDefaults,
} from './common.js';
import { splitCsvLine } from './csv-line.js';
import { createHeaderCsv } from './header-csv.js';
import { addressType, threatTypeFromWord } from './vocabulary.js';

// --- Feodo Tracker -------------------------------------------------------------------------------

function createFeodo(options: FeedParserOptions): FeedParser {
  return createHeaderCsv({
    columns: {
      firstSeen: ['first_seen_utc', 'firstseen', 'first_seen'],
      ip: ['dst_ip', 'dstip', 'ip_address', 'ip'],
      port: ['dst_port', 'dstport', 'port'],
      status: ['c2_status', 'status'],
      lastOnline: ['last_online', 'lastonline'],
      malware: ['malware'],
    },
    header: { key: 'ip' },
    // Older exports named the columns only in the banner (`# Firstseen,DstIP,DstPort,LastOnline,Malware`).
    commentHeader: true,
    defaultOrder: ['firstSeen', 'ip', 'port', 'status', 'lastOnline', 'malware'],
    row(row, line, sink, text) {
      const value = row.get('ip');
      if (value === undefined) {
        sink.reject({ line, reason: 'no C2 IP address in the dst_ip column', text: excerpt(text) });
        return;
      }
      const item: FeedItem = { line, value, threatType: 'c2' };
      const type = addressType(value);
      if (type !== undefined) item.type = type;
      const family = asPresent(row.get('malware'));
      if (family !== undefined) item.family = family;
      const port = parsePort(row.get('port'));
      if (port !== undefined) item.port = port;
      const firstSeen = toIsoUtc(row.get('firstSeen'));
      if (firstSeen !== undefined) item.firstSeen = firstSeen;
      const lastSeen = toIsoUtc(row.get('lastOnline'));
      if (lastSeen !== undefined) item.lastSeen = lastSeen;
      sink.item(withDefaults(item, options));
    },
  });
}

function detectFeodo(sample: FeedSample): number {
  const text = sampleText(sample).toLowerCase();
  const csvHeader =
    /"?first_seen_utc"?\s*,\s*"?dst_ip"?/.test(text) || /#\s*firstseen,dstip,dstport/.test(text);
  if (text.includes('feodo tracker') && (csvHeader || text.includes('(csv)'))) return 1;
  if (csvHeader) return 0.9;
  return sampleName(sample) === 'ipblocklist.csv' ? 0.5 : 0;
}

export const feodoCsvFormat: FeedFormatDefinition = {
  id: 'feodo-csv',
  title: 'abuse.ch Feodo Tracker botnet C2 IP blocklist (CSV)',
  create: createFeodo,
  detect: detectFeodo,
};

// --- URLhaus -------------------------------------------------------------------------------------

/** Tags that describe the file or its platform rather than naming the malware. */
const genericUrlhausTags = new Set(
  (
    '32-bit 64-bit arm arm7 elf mips mipsel m68k sh4 sparc powerpc ppc x86 x86-64 x64 i686 dll exe ' +
    'msi doc docx xls xlsx zip rar 7z iso img lnk js vbs ps1 hta bat apk jar pdf html sh opendir ' +
    'encrypted geofenced ascii payload malware botnet dropper loader stealer rat'
  ).split(' '),
);

/**
 * URLhaus tags mix platform words with the family name (`32-bit,elf,mips,Mozi`). When exactly one
 * tag is left after removing the platform words it is the family; otherwise we do not guess.
 */
export function urlhausFamily(tags: readonly string[] | undefined): string | undefined {
  if (tags === undefined) return undefined;
  const rest = tags.filter((t) => !genericUrlhausTags.has(t.toLowerCase()) && !/^\d/.test(t));
  return rest.length === 1 ? rest[0] : undefined;
}

function createUrlhaus(options: FeedParserOptions): FeedParser {
  return createHeaderCsv({
    columns: {
      id: ['id'],
      dateAdded: ['dateadded', 'date_added'],
      url: ['url'],
      status: ['url_status'],
      lastOnline: ['last_online'],
      threat: ['threat'],
      tags: ['tags'],
      link: ['urlhaus_link'],
      reporter: ['reporter'],
    },
    header: { key: 'url' },
    commentHeader: true,
    defaultOrder: ['id', 'dateAdded', 'url', 'status', 'lastOnline', 'threat', 'tags', 'link', 'reporter'],
    row(row, line, sink, text) {
      const value = row.get('url');
      if (value === undefined) {
        sink.reject({ line, reason: 'no URL in the url column', text: excerpt(text) });
        return;
      }
      const item: FeedItem = { line, value, type: 'url' };
      const threat = asPresent(row.get('threat'));
      const mapped = threatTypeFromWord(threat);
      if (mapped !== undefined) item.threatType = mapped;
      const tags = splitTags(asPresent(row.get('tags')));
      if (tags !== undefined) item.tags = tags;
      const family = urlhausFamily(tags);
      if (family !== undefined) item.family = family;
      const firstSeen = toIsoUtc(row.get('dateAdded'));
      if (firstSeen !== undefined) item.firstSeen = firstSeen;
      const lastSeen = toIsoUtc(asPresent(row.get('lastOnline')));
      if (lastSeen !== undefined) item.lastSeen = lastSeen;
      const link = asPresent(row.get('link'));
      if (link !== undefined) item.description = `URLhaus ${link}`;
      sink.item(withDefaults(item, options));
    },
  });
}

function detectUrlhaus(sample: FeedSample): number {
  const text = sampleText(sample).toLowerCase();
  const csvHeader = /"?id"?,"?dateadded"?,"?url"?/.test(text);
  if (text.includes('abuse.ch urlhaus') && (csvHeader || text.includes('(csv'))) return 1;
  if (csvHeader) return 0.9;
  return /^csv(_recent|_online)?\.(csv|txt)$/.test(sampleName(sample)) ? 0.3 : 0;
}

export const urlhausCsvFormat: FeedFormatDefinition = {
  id: 'urlhaus-csv',
  title: 'abuse.ch URLhaus URL dump (CSV)',
  create: createUrlhaus,
  detect: detectUrlhaus,
};

// --- SSL Blacklist -------------------------------------------------------------------------------

/**
 * Current exports are `Firstseen,DstIP,DstPort`; the pre-2017 list was `DstIP,DstPort,reason` with
 * reasons such as `Dridex C&C`. Rows are told apart by whether the first cell is a timestamp.
 */
function createSslbl(options: FeedParserOptions): FeedParser {
  return {
    line(raw, lineNumber, sink) {
      const text = cleanLine(raw).trim();
      if (text === '' || text.startsWith('#')) return;
      const split = splitCsvLine(text);
      if (!split.ok) {
        sink.reject({ line: lineNumber, reason: `malformed CSV row: ${split.reason}`, text: excerpt(text) });
        return;
      }
      const cells = split.fields.map((f) => f.trim());
      const first = cells[0] ?? '';
      if (/^(firstseen|dstip)$/i.test(first)) return;
      const dated = /^\d{4}-\d{2}-\d{2}/.test(first);
      const value = dated ? cells[1] : first;
      if (value === undefined || value === '') {
        sink.reject({
          line: lineNumber,
          reason: 'expected Firstseen,DstIP,DstPort but the row has no IP address',
          text: excerpt(text),
        });
        return;
      }
      const item: FeedItem = { line: lineNumber, value, threatType: 'c2' };
      const type = addressType(value);
      if (type !== undefined) item.type = type;
      const port = parsePort(dated ? cells[2] : cells[1]);
      if (port !== undefined) item.port = port;
      if (dated) {
        const firstSeen = toIsoUtc(first);
        if (firstSeen !== undefined) item.firstSeen = firstSeen;
      }
      const reason = asPresent(dated ? cells[3] : cells[2]);
      if (reason !== undefined) {
        const family = reason.replace(/\s*(C&C|C2)$/i, '').trim();
        if (family !== '' && family !== reason) item.family = family;
        item.tags = cleanTags([reason]);
      }
      sink.item(withDefaults(item, options));
    },
    end() {},
  };
}

function detectSslbl(sample: FeedSample): number {
  const text = sampleText(sample).toLowerCase();
  const banner = text.includes('sslbl') || text.includes('ssl ipbl') || text.includes('ssl blacklist');
  const csvHeader = /#\s*(firstseen,)?dstip,dstport/.test(text);
  if (banner && csvHeader) return 1;
  if (csvHeader) return 0.8;
  return sampleName(sample).startsWith('sslipblacklist') && sampleName(sample).endsWith('.csv') ? 0.6 : 0;
}

export const sslblCsvFormat: FeedFormatDefinition = {
  id: 'sslbl-csv',
  title: 'abuse.ch SSL Blacklist botnet C2 IP list (CSV)',
  create: createSslbl,
  detect: detectSslbl,
};
