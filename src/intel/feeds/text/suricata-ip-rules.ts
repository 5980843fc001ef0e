/**
 * Emerging Threats rule files that carry IP lists in the rule header (botcc, drop, compromised,
 * ciarmy, tor, dshield):
 * `alert ip $HOME_NET any -> [192.0.2.1,198.51.100.0/24] any (msg:"ET CNC Feodo Tracker …"; …)`.
 * Each listed address or network becomes an item; the rule's `msg` gives the description, the
 * threat type (CNC → c2, COMPROMISED → compromised, TOR → tor, DROP/CINS/other lists →
 * blocklist, DShield → scanner) and, when it names one, the malware family; `updated_at` in the
 * metadata (a date, taken as UTC) is `lastSeen`. Rules that match on content rather than on an
 * address list are not indicators and are rejected with that reason.
 */
import type { FeedItem, ThreatType } from '../../model.js';
import type { FeedFormatDefinition, FeedParserOptions } from '../format.js';
import {
  anyLine,
  baseName,
  cleanLine,
  classifyToken,
  isoFromYmd,
  lineParser,
  reject,
  withOptional,
} from './common.js';

/** Rules with hundreds of addresses are long; this bounds work, not real files. */
const MAX_RULE_LENGTH = 1_000_000;
const headerPattern =
  /^(alert|drop|reject|pass|rejectsrc|rejectdst|rejectboth)\s+(\S+)\s+(\S+)\s+(\S+)\s+(->|<>)\s+(\S+)\s+(\S+)\s*\(/;

const familyPattern =
  /\b(Feodo|Zeus|ZeuS|Palevo|SpyEye|Dridex|Emotet|Heodo|TrickBot|QakBot|Qbot|IcedID|BazarLoader|Cobalt\s?Strike)\b/i;

function threatFromMessage(msg: string): ThreatType | undefined {
  if (/\bCNC\b|\bC2\b|C&C|Command and Control|BotCC/i.test(msg)) return 'c2';
  if (/\bCOMPROMISED\b/i.test(msg)) return 'compromised';
  if (/\bTOR\b/i.test(msg)) return 'tor';
  if (/\bDShield\b/i.test(msg)) return 'scanner';
  if (/\bDROP\b|\bCINS\b|\bPoor Reputation\b|\bBlock(ed|list)?\b/i.test(msg)) return 'blocklist';
  return undefined;
}

function threatFromName(name: string): ThreatType | undefined {
  if (/botcc/.test(name)) return 'c2';
  if (/compromised/.test(name)) return 'compromised';
  if (/\btor\b|-tor\.|_tor\./.test(name)) return 'tor';
  if (/dshield/.test(name)) return 'scanner';
  if (/drop|ciarmy|block/.test(name)) return 'blocklist';
  return undefined;
}

const optionPatterns = new Map(
  ['msg', 'sid', 'metadata'].map((key) => [
    key,
    new RegExp(`(?:^|;)\\s*${key}\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"|[^;]*)`),
  ]),
);

function option(body: string, key: 'msg' | 'sid' | 'metadata'): string | undefined {
  const m = optionPatterns.get(key)!.exec(body);
  if (!m) return undefined;
  const value = m[1]!.trim();
  return value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

function createRuleParser(options: FeedParserOptions) {
  const fileThreat = threatFromName(baseName(options.name));
  return lineParser((raw, lineNumber, sink) => {
    if (raw.length > MAX_RULE_LENGTH) {
      reject(
        sink,
        lineNumber,
        `the rule is ${raw.length} characters long; rules longer than ${MAX_RULE_LENGTH} are not read`,
        raw,
      );
      return;
    }
    const line = cleanLine(raw);
    // commented-out rules are disabled by their publisher
    if (line.length === 0 || line.startsWith('#')) return;
    const header = headerPattern.exec(line);
    if (!header) {
      reject(sink, lineNumber, 'not a rule of the form "action proto src port -> dst port (options)"', line);
      return;
    }
    const body = line.slice(header[0].length).replace(/\)\s*$/, '');
    const msg = option(body, 'msg') ?? '';
    const sid = option(body, 'sid');
    const updated = /updated_at\s+(\d{4}_\d{2}_\d{2})/.exec(option(body, 'metadata') ?? '')?.[1];
    const description = msg.replace(/\s+group\s+\d+\s*$/i, '').trim();
    const threatType = threatFromMessage(msg) ?? fileThreat ?? options.defaultThreatType;
    const family = familyPattern.exec(msg)?.[1] ?? options.defaultFamily;
    const lastSeen = updated ? isoFromYmd(updated) : undefined;
    const tags = sid && /^\d+$/.test(sid) ? [`sid:${sid}`] : undefined;
    let found = 0;
    const bad: string[] = [];
    for (const field of [header[3]!, header[6]!]) {
      if (field.startsWith('$') || field === 'any' || field.startsWith('!')) continue;
      const list = field.startsWith('[') ? field.slice(1, field.endsWith(']') ? -1 : undefined) : field;
      for (const entry of list.split(',')) {
        const value = entry.trim();
        if (value === '' || value.startsWith('$') || value.startsWith('!')) continue;
        const kind = classifyToken(value)?.kind;
        if (kind !== 'ip' && kind !== 'cidr') {
          bad.push(value);
          continue;
        }
        found++;
        const item: FeedItem = { line: lineNumber, value };
        sink.item(withOptional(item, { threatType, family, description, lastSeen, tags }));
      }
    }
    if (bad.length > 0) {
      const what =
        bad.length === 1
          ? '1 entry that is not an address or network'
          : `${bad.length} entries that are not addresses or networks`;
      reject(sink, lineNumber, `the address list holds ${what} (first: "${bad[0]!.slice(0, 40)}")`, line);
    } else if (found === 0) {
      reject(
        sink,
        lineNumber,
        'the rule matches no listed address (only variables such as $HOME_NET); it is not an IP-list rule',
        line,
      );
    }
  });
}

export const etBotccFormat: FeedFormatDefinition = {
  id: 'et-botcc',
  title: 'Emerging Threats IP-list rules (botcc, drop, compromised, ciarmy, tor)',
  create: createRuleParser,
  detect(sample) {
    const ipListRule = /^\s*(alert|drop|reject)\s+ip\s+(\S+\s+\S+\s+->\s+)?\[\d[\d.,/:a-f]*\]/i;
    if (anyLine(sample, ipListRule, 200) && anyLine(sample, /msg:\s*"ET\s/, 200)) return 1;
    if (anyLine(sample, ipListRule, 200)) return 0.8;
    return /^(emerging-)?(botcc|drop|compromised|ciarmy|tor|dshield)(\.portgrouped)?\.rules$/.test(
      baseName(sample.name),
    )
      ? 0.6
      : 0;
  },
};
