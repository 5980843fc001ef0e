/**
 * Bambenek Consulting OSINT feeds (c2-ipmasterlist, c2-dommasterlist, dga-feed and the per-family
 * lists): `value,description,date,manpage` under `##` headers. The description names the family
 * ("Domain used by shiotob/urlzone/bebloh", "IP used by … C&C", "Domain used by Cryptolocker -
 * Flashback DGA for 10 Nov 2016"); when it lists aliases, the one the manual page is named after
 * is the family and the others become tags. The C2 lists map to `c2`, the DGA feed to `dga`
 * (decided by the header or file name, else by the description). Dates are UTC ("All times are
 * in UTC"), either `YYYY-mm-dd HH:MM` or a bare date.
 */
import type { FeedItem, ThreatType } from '../../model.js';
import type { FeedFormatDefinition, FeedParserOptions } from '../format.js';
import {
  anyLine,
  baseName,
  cleanLine,
  isoFromYmd,
  lineParser,
  reject,
  rejectIfTooLong,
  withOptional,
} from './common.js';

export function familyFromDescription(
  description: string,
  manpage: string,
): { family?: string; aliases: string[] } {
  const m = /\bused by\s+(.+)$/i.exec(description);
  if (!m) return { aliases: [] };
  const phrase = m[1]!.split(/\s+-\s+|\s+C&C\b|\s+C2\b|\s+DGA\b|\s+for\s+/i)[0]!.trim();
  const aliases = phrase
    .split('/')
    .map((a) => a.trim())
    .filter((a) => a.length > 0 && a.length <= 60);
  if (aliases.length === 0) return { aliases };
  const page = baseName(manpage).replace(/\.txt$/, '');
  const chosen = aliases.find((a) => a.toLowerCase() === page) ?? aliases[0]!;
  return { family: chosen, aliases: aliases.filter((a) => a !== chosen) };
}

function createBambenekParser(options: FeedParserOptions) {
  const name = baseName(options.name);
  let listThreat: ThreatType | undefined = /dga/.test(name)
    ? 'dga'
    : /c2|master/.test(name)
      ? 'c2'
      : undefined;
  let seenItem = false;
  return lineParser((raw, lineNumber, sink) => {
    if (rejectIfTooLong(raw, lineNumber, sink)) return;
    const line = cleanLine(raw);
    if (line.length === 0) return;
    if (line.startsWith('#')) {
      if (!seenItem && listThreat === undefined) {
        if (/known DGA domains/i.test(line)) listThreat = 'dga';
        else if (/C&Cs?|C2/i.test(line)) listThreat = 'c2';
      }
      return;
    }
    const fields = line.split(',');
    const value = fields[0]!.trim();
    if (fields.length < 2 || value === '' || /\s/.test(value)) {
      reject(sink, lineNumber, 'expected "value,description,date,manual page"', line);
      return;
    }
    seenItem = true;
    // descriptions may contain commas: the date and the manual page are the last two fields
    const manpage = fields.length >= 4 ? fields[fields.length - 1]!.trim() : '';
    const date = fields.length >= 4 ? fields[fields.length - 2]!.trim() : (fields[2] ?? '').trim();
    const description = (fields.length >= 4 ? fields.slice(1, -2) : fields.slice(1, 2)).join(',').trim();
    const { family, aliases } = familyFromDescription(description, manpage);
    const described: ThreatType | undefined = /\bDGA\b/.test(description)
      ? 'dga'
      : /C&C|C2/.test(description)
        ? 'c2'
        : undefined;
    const item: FeedItem = { line: lineNumber, value };
    sink.item(
      withOptional(item, {
        threatType: listThreat ?? described ?? options.defaultThreatType ?? 'c2',
        family: family ?? options.defaultFamily,
        lastSeen: date ? isoFromYmd(date) : undefined,
        description: manpage ? `${description} (${manpage})` : description,
        tags: aliases,
      }),
    );
  });
}

export const bambenekFormat: FeedFormatDefinition = {
  id: 'bambenek',
  title: 'Bambenek Consulting C2 / DGA feed (value,description,date,manpage)',
  create: createBambenekParser,
  detect(sample) {
    if (anyLine(sample, /Bambenek/i, 15)) return 1;
    if (anyLine(sample, /osint\.bambenekconsulting\.com\/manual\//, 200)) return 0.95;
    return /^(c2-(ip|dom)masterlist|dga-feed)(-high)?\.txt$/.test(baseName(sample.name)) ? 0.7 : 0;
  },
};
