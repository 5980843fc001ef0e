/**
 * DNS Response Policy Zones in BIND master-file syntax. Each owner name below the zone apex is a
 * trigger; its record says what the resolver does (CNAME . = NXDOMAIN, CNAME *. = NODATA,
 * rpz-drop., rpz-tcp-only., or local data such as an A record to a walled garden).
 *
 * Triggers become indicators:
 * - `evil.example` → that exact domain; `*.evil.example` → the domain with its subdomains;
 * - `<prefix>.<reversed address>.rpz-ip` → an address or network (IPv6 words reversed, `zz`
 *   standing for the `::` run); `rpz-nsip` / `rpz-nsdname` → the address or name of a name
 *   server that serves malicious zones;
 * - `rpz-client-ip` triggers select *clients*, and `rpz-passthru.` entries are exceptions: both
 *   are rejected with the reason, since neither names a threat.
 *
 * Names are resolved like BIND does: relative names against the current `$ORIGIN`, `@` for the
 * origin, a blank owner repeats the previous one, `( … )` continues a record over lines, `;`
 * starts a comment. The zone apex is the first `$ORIGIN` or an absolute SOA owner; when neither
 * is given, relative names are taken as relative to the (unnamed) zone, which is how RPZ feeds
 * are normally written. Records at the apex (SOA, NS) and the name servers' own glue are ignored.
 */
import { formatIp, parseIp } from '../../../net/ip.js';
import type { FeedItem, FeedSink, IndicatorType } from '../../model.js';
import { excerpt } from '../../model.js';
import type { FeedFormatDefinition } from '../format.js';
import { anyLine, baseName, lineParser, reject, withOptional } from './common.js';

interface Name {
  /** absolute names are written with a trailing dot; the others are relative to the apex */
  absolute: boolean;
  /** lower-case, without the trailing dot; '' is the apex (relative) or the root (absolute) */
  text: string;
}

interface PendingRecord {
  tokens: string[];
  ownerBlank: boolean;
  line: number;
  text: string;
  depth: number;
  lines: number;
}

const MAX_RECORD_LINES = 200;
const MAX_RECORD_TOKENS = 2000;
const ttlPattern = /^\d+[smhdw]?(\d+[smhdw])*$/i;
const classes = new Set(['IN', 'CH', 'HS', 'CS', 'ANY']);

/** Splits one line into tokens, tracking parentheses; stops at a `;` comment. */
function tokenize(line: string, record: PendingRecord): void {
  let i = 0;
  const n = line.length;
  while (i < n) {
    const ch = line[i]!;
    if (ch === ';') break;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      i++;
      continue;
    }
    if (ch === '(') {
      record.depth++;
      i++;
      continue;
    }
    if (ch === ')') {
      record.depth = Math.max(0, record.depth - 1);
      i++;
      continue;
    }
    let token = '';
    if (ch === '"') {
      i++;
      while (i < n && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < n) i++;
        token += line[i];
        i++;
      }
      i++;
      record.tokens.push(token);
      continue;
    }
    while (i < n) {
      const c = line[i]!;
      if (c === ' ' || c === '\t' || c === ';' || c === '(' || c === ')' || c === '"') break;
      if (c === '\\' && i + 1 < n) {
        token += line[i + 1];
        i += 2;
        continue;
      }
      token += c;
      i++;
    }
    record.tokens.push(token);
  }
}

/** `32.1.2.0.192` → 192.0.2.1, `48.zz.1.0db8.2001` → 2001:db8:1::/48 (labels without the trigger suffix). */
export function decodeRpzAddress(
  labels: string[],
): { value: string; type: IndicatorType } | { error: string } {
  const prefixText = labels[0] ?? '';
  if (!/^\d{1,3}$/.test(prefixText))
    return { error: `the prefix length "${prefixText.slice(0, 20)}" is not a number` };
  const prefix = Number(prefixText);
  const words = labels.slice(1).reverse();
  const isV4 = words.length === 4 && words.every((w) => /^\d{1,3}$/.test(w));
  if (isV4) {
    const ip = parseIp(words.join('.'));
    if (!ip) return { error: `"${words.join('.')}" is not an IPv4 address` };
    if (prefix < 1 || prefix > 32) return { error: `prefix length ${prefix} is out of range for IPv4` };
    const text = formatIp(ip);
    return prefix === 32 ? { value: text, type: 'ipv4' } : { value: `${text}/${prefix}`, type: 'cidr4' };
  }
  const zz = words.filter((w) => w.toLowerCase() === 'zz').length;
  if (zz > 1) return { error: 'the address has more than one "zz"' };
  if (zz === 0 && words.length !== 8) {
    return { error: `the address has ${words.length} labels; IPv4 needs 4, IPv6 needs 8 or a "zz"` };
  }
  if (words.length > 8 || words.some((w) => w.toLowerCase() !== 'zz' && !/^[0-9a-f]{1,4}$/i.test(w))) {
    return { error: 'the labels are not an IPv6 address in reverse order' };
  }
  let text = words.map((w) => (w.toLowerCase() === 'zz' ? '' : w)).join(':');
  if (text.startsWith(':')) text = `:${text}`;
  if (text.endsWith(':')) text = `${text}:`;
  const ip = parseIp(text);
  if (!ip) return { error: `"${text}" is not an IPv6 address` };
  if (prefix < 1 || prefix > 128) return { error: `prefix length ${prefix} is out of range for IPv6` };
  const canonical = formatIp(ip);
  return prefix === 128
    ? { value: canonical, type: 'ipv6' }
    : { value: `${canonical}/${prefix}`, type: 'cidr6' };
}

/** The policy a trigger's record states. */
function actionOf(type: string, rdata: string[]): string {
  if (type !== 'CNAME') return 'local-data';
  const target = (rdata[0] ?? '').toLowerCase();
  if (target === '.') return 'nxdomain';
  if (target === '*.') return 'nodata';
  if (target === 'rpz-passthru.') return 'passthru';
  if (target === 'rpz-drop.') return 'drop';
  if (target === 'rpz-tcp-only.') return 'tcp-only';
  return 'redirect';
}

export const rpzFormat: FeedFormatDefinition = {
  id: 'rpz',
  title: 'DNS Response Policy Zone (BIND zone file)',
  create(options) {
    let origin: Name = { absolute: false, text: '' };
    let apex: string | null = null;
    let previousOwner: string | null = null;
    let lastTrigger: string | null = null;
    const nameServers = new Set<string>();
    let pending: PendingRecord | null = null;

    function qualify(name: string): Name {
      if (name === '@') return origin;
      if (name.endsWith('.')) return { absolute: true, text: name.slice(0, -1).toLowerCase() };
      const lower = name.toLowerCase();
      return { absolute: origin.absolute, text: origin.text === '' ? lower : `${lower}.${origin.text}` };
    }

    /** The name relative to the zone apex, or why it cannot be. */
    function relative(name: Name): { rel: string } | { error: string } {
      if (!name.absolute) return { rel: name.text };
      if (apex === null) {
        return { error: `"${name.text}." is an absolute name but the zone name is unknown (add $ORIGIN)` };
      }
      if (name.text === apex) return { rel: '' };
      if (apex === '') return { rel: name.text };
      if (name.text.endsWith(`.${apex}`)) return { rel: name.text.slice(0, -(apex.length + 1)) };
      return { error: `"${name.text}." is outside the zone ${apex}.` };
    }

    function directive(tokens: string[], line: number, text: string, sink: FeedSink): void {
      const keyword = tokens[0]!.toUpperCase();
      if (keyword === '$TTL') return;
      if (keyword === '$ORIGIN') {
        const value = tokens[1];
        if (!value) {
          reject(sink, line, '$ORIGIN without a name', text);
          return;
        }
        origin = qualify(value);
        if (apex === null && origin.absolute) apex = origin.text;
        return;
      }
      if (keyword === '$INCLUDE') {
        reject(sink, line, '$INCLUDE is not followed: import the included zone file on its own', text);
        return;
      }
      reject(sink, line, `the ${keyword.slice(0, 20)} directive is not supported`, text);
    }

    function record(rec: PendingRecord, sink: FeedSink): void {
      const tokens = rec.tokens;
      if (tokens.length === 0) return;
      if (!rec.ownerBlank && tokens[0]!.startsWith('$')) {
        directive(tokens, rec.line, rec.text, sink);
        return;
      }
      let owner: string;
      if (rec.ownerBlank) {
        if (previousOwner === null) {
          reject(
            sink,
            rec.line,
            'the record has no owner name and there is no previous record to repeat',
            rec.text,
          );
          return;
        }
        owner = previousOwner;
      } else {
        owner = tokens.shift()!;
        previousOwner = owner;
      }
      for (let k = 0; k < 2 && tokens.length > 0; k++) {
        const t = tokens[0]!;
        if (ttlPattern.test(t) || classes.has(t.toUpperCase())) tokens.shift();
      }
      const type = tokens.shift()?.toUpperCase();
      if (!type) {
        reject(sink, rec.line, 'the record has no type (expected e.g. "CNAME .")', rec.text);
        return;
      }
      const name = qualify(owner);
      if (type === 'SOA') {
        if (apex === null && name.absolute) apex = name.text;
        return;
      }
      const resolved = relative(name);
      if ('error' in resolved) {
        reject(sink, rec.line, resolved.error, rec.text);
        return;
      }
      const rel = resolved.rel;
      if (type === 'NS' && rel === '') {
        const target = tokens[0] ? relative(qualify(tokens[0])) : null;
        if (target && 'rel' in target) nameServers.add(target.rel);
        return;
      }
      if (rel === '' || nameServers.has(rel)) return;
      // A and AAAA of one trigger are one policy
      if (rel === lastTrigger) return;
      lastTrigger = rel;
      trigger(rel, type, tokens, rec, sink);
    }

    function trigger(rel: string, type: string, rdata: string[], rec: PendingRecord, sink: FeedSink): void {
      const action = actionOf(type, rdata);
      if (action === 'passthru') {
        reject(
          sink,
          rec.line,
          'an rpz-passthru rule exempts the name from the policy; it is not an indicator',
          rec.text,
        );
        return;
      }
      const labels = rel.split('.');
      const kind = labels[labels.length - 1]!;
      const item: FeedItem = { line: rec.line, value: '' };
      const tags = [`rpz-${action}`];
      let description: string | undefined;
      if (kind === 'rpz-ip' || kind === 'rpz-nsip' || kind === 'rpz-client-ip') {
        if (kind === 'rpz-client-ip') {
          reject(
            sink,
            rec.line,
            'an rpz-client-ip trigger selects clients of the resolver, not a threat',
            rec.text,
          );
          return;
        }
        const decoded = decodeRpzAddress(labels.slice(0, -1));
        if ('error' in decoded) {
          reject(sink, rec.line, `bad ${kind} trigger: ${decoded.error}`, rec.text);
          return;
        }
        item.value = decoded.value;
        item.type = decoded.type;
        if (kind === 'rpz-nsip') {
          tags.push('rpz-nsip');
          description = 'address of a name server serving malicious zones';
        }
      } else {
        let domainLabels = labels;
        if (kind === 'rpz-nsdname') {
          domainLabels = labels.slice(0, -1);
          tags.push('rpz-nsdname');
          description = 'name server serving malicious zones';
        } else if (kind.startsWith('rpz-')) {
          reject(
            sink,
            rec.line,
            `"${kind.slice(0, 30)}" is not an RPZ trigger this importer knows`,
            rec.text,
          );
          return;
        }
        const wildcard = domainLabels[0] === '*';
        const domain = (wildcard ? domainLabels.slice(1) : domainLabels).join('.');
        if (domain.trim() === '' || domain.includes('*')) {
          reject(
            sink,
            rec.line,
            'the trigger names no domain (a wildcard must be the first label only)',
            rec.text,
          );
          return;
        }
        item.value = domain;
        item.type = 'domain';
        if (!wildcard) item.exactDomain = true;
      }
      sink.item(
        withOptional(item, {
          tags,
          description,
          threatType: options.defaultThreatType,
          family: options.defaultFamily,
        }),
      );
    }

    return lineParser(
      (raw, lineNumber, sink) => {
        let text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
        if (text.endsWith('\r')) text = text.slice(0, -1);
        if (text.length > 65_536) {
          reject(
            sink,
            lineNumber,
            `the line is ${text.length} characters long; zone lines longer than 65536 characters are not read`,
            text,
          );
          return;
        }
        if (pending === null) {
          pending = {
            tokens: [],
            ownerBlank: text.length > 0 && (text[0] === ' ' || text[0] === '\t'),
            line: lineNumber,
            text: excerpt(text),
            depth: 0,
            lines: 0,
          };
        }
        const rec: PendingRecord = pending;
        rec.lines++;
        tokenize(text, rec);
        if (rec.depth > 0) {
          if (rec.lines > MAX_RECORD_LINES || rec.tokens.length > MAX_RECORD_TOKENS) {
            reject(
              sink,
              rec.line,
              `the "(" opened here is not closed within ${MAX_RECORD_LINES} lines`,
              rec.text,
            );
            pending = null;
          }
          return;
        }
        pending = null;
        record(rec, sink);
      },
      (sink) => {
        if (pending !== null) {
          reject(sink, pending.line, 'the file ends inside a record: a "(" is never closed', pending.text);
          pending = null;
        }
      },
    );
  },
  detect(sample) {
    const name = baseName(sample.name);
    const rpzName = /rpz/.test(name) ? 0.2 : 0;
    if (
      anyLine(sample, /\S\.rpz-(ip|nsip|nsdname|client-ip)\b|\bCNAME\s+rpz-(passthru|drop|tcp-only)\./i, 200)
    )
      return 1;
    const soa = anyLine(sample, /(^|\s)(IN\s+)?SOA\s/i, 40);
    if (soa && anyLine(sample, /\sCNAME\s+\*?\.\s*(;.*)?$/i, 200)) return 0.95;
    if (soa || anyLine(sample, /^\$(ORIGIN|TTL)\s/i, 20)) return 0.5 + rpzName;
    return rpzName > 0 && /\.(db|zone|rpz)$/.test(name) ? 0.3 : 0;
  },
};
