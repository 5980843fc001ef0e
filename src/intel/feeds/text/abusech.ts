/**
 * abuse.ch plain-text lists: Feodo Tracker `ipblocklist.txt`, SSLBL `sslipblacklist.txt` and
 * URLhaus text dumps, with their `#` box header (`# Last updated: 2024-02-27 09:07:28 UTC`), and
 * the older SSLBL "SSL IP Blacklist Report" whose `=== Dridex C&C ===` section titles name the
 * family of the `address:port` lines below them and whose "(83 IPs found at … (UTC))" line dates
 * the list. Feodo Tracker and SSLBL entries are `c2`; URLhaus entries `malware-distribution`.
 * All abuse.ch times are UTC.
 */
import type { FeedItem, ThreatType } from '../../model.js';
import type { FeedFormatDefinition, FeedParserOptions } from '../format.js';
import {
  anyLine,
  baseName,
  classifyToken,
  cleanLine,
  isoFromYmd,
  lineParser,
  reject,
  rejectIfTooLong,
  withOptional,
} from './common.js';

function threatFromTitle(text: string): ThreatType | undefined {
  if (/URLhaus/i.test(text)) return 'malware-distribution';
  if (/Feodo|SSLBL|SSL IP Blacklist|Botnet C2|C&C/i.test(text)) return 'c2';
  return undefined;
}

function createAbusechParser(options: FeedParserOptions) {
  let threatType: ThreatType | undefined = threatFromTitle(
    baseName(options.name)
      .replace(/ipblocklist/, 'feodo')
      .replace(/sslipblacklist/, 'sslbl'),
  );
  let lastSeen: string | undefined;
  let section: string | undefined;
  return lineParser((raw, lineNumber, sink) => {
    if (rejectIfTooLong(raw, lineNumber, sink)) return;
    const line = cleanLine(raw);
    if (line.length === 0) return;
    if (line.startsWith('#')) {
      if (line.length > 512) return;
      const updated = /Last updated:\s*([\d-]+ [\d:]+)(?:\s*UTC)?/i.exec(line);
      if (updated) lastSeen = isoFromYmd(updated[1]!) ?? lastSeen;
      threatType = threatType ?? threatFromTitle(line);
      return;
    }
    if (/^abuse\.ch\b/i.test(line)) {
      threatType = threatType ?? threatFromTitle(line);
      return;
    }
    const found = /^\(\d+ \w+ found at ([\d-]+ [\d:]+)/i.exec(line);
    if (found) {
      lastSeen = isoFromYmd(found[1]!) ?? lastSeen;
      return;
    }
    if (line.startsWith('=') && line.endsWith('=')) {
      // "=== Dridex C&C ===" → family Dridex; a heading that names no family clears the previous one
      const title = line.replace(/^=+/, '').replace(/=+$/, '').trim();
      const suffix = /(C&C|C2|CnC)$/i.exec(title);
      section = (suffix ? title.slice(0, suffix.index) : title).trim() || undefined;
      return;
    }
    const token = classifyToken(line);
    if (!token || token.kind === 'hash') {
      reject(sink, lineNumber, 'expected an address, address:port or URL', line);
      return;
    }
    const item: FeedItem = { line: lineNumber, value: token.value };
    sink.item(
      withOptional(item, {
        port: token.port,
        threatType: threatType ?? options.defaultThreatType,
        family: section ?? options.defaultFamily,
        lastSeen,
      }),
    );
  });
}

export const abusechTextFormat: FeedFormatDefinition = {
  id: 'abusech-txt',
  title: 'abuse.ch Feodo Tracker / SSLBL / URLhaus plain-text list',
  create: createAbusechParser,
  detect(sample) {
    // The same banner heads abuse.ch's CSV exports; those belong to the CSV formats.
    const csv =
      /\.csv$/i.test(baseName(sample.name)) ||
      anyLine(sample, /\(CSV\)|^#?\s*"?(first_seen|firstseen|id)"?,/i, 15);
    if (csv) return 0.1;
    if (anyLine(sample, /^#\s*abuse\.ch\s+(Feodo|SSLBL|URLhaus)/i, 10)) return 1;
    if (anyLine(sample, /^abuse\.ch SSL IP Blacklist Report/i, 3)) return 1;
    if (anyLine(sample, /(feodotracker|sslbl|urlhaus)\.abuse\.ch/i, 15)) return 0.5;
    return /^(ipblocklist(_recommended)?|sslipblacklist)\.txt$/.test(baseName(sample.name)) ? 0.6 : 0;
  },
};
