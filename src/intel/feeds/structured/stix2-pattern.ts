/**
 * Extracts matchable values from a STIX 2.1 patterning-language expression. We do not evaluate
 * patterns: we list every `path = 'value'` (and `IN (…)`, `ISSUBSET 'cidr'`) comparison on the
 * object paths we can match (addresses, domains, URLs, file hashes), note when comparisons are joined
 * by AND (the feed meant "all of these together") and name every comparison we cannot use.
 */
import type { IndicatorType } from '../../model.js';
import { addressType } from './vocabulary.js';

export interface PatternValue {
  /** the object path as written, e.g. `file:hashes.'SHA-256'` */
  path: string;
  value: string;
  type?: IndicatorType;
}

export interface PatternResult {
  values: PatternValue[];
  /** comparisons we cannot match, as `path` or `path OPERATOR` */
  unsupported: string[];
  /** AND / FOLLOWEDBY joins comparisons on different objects */
  conjunction: boolean;
  /** set when the pattern is not well-formed; `values` are then empty */
  error?: string;
}

type Token =
  | { kind: 'punct'; text: '[' | ']' | '(' | ')' | ',' }
  | { kind: 'op'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'word'; text: string };

const hashPaths: Readonly<Record<string, IndicatorType>> = {
  md5: 'md5',
  'sha-1': 'sha1',
  sha1: 'sha1',
  'sha-256': 'sha256',
  sha256: 'sha256',
};

/** The indicator type a normalised path yields, `address` for IP paths, or undefined if unsupported. */
function pathKind(path: string): IndicatorType | 'address' | 'endpoint' | undefined {
  switch (path) {
    case 'ipv4-addr:value':
    case 'ipv6-addr:value':
      return 'address';
    case 'domain-name:value':
      return 'domain';
    case 'url:value':
      return 'url';
    case 'network-traffic:dst_ref.value':
    case 'network-traffic:src_ref.value':
      return 'endpoint';
  }
  if (path.startsWith('file:hashes.')) return hashPaths[path.slice('file:hashes.'.length)];
  return undefined;
}

/** Lower-case with the quotes of quoted path steps removed: `file:hashes.'SHA-256'` → `file:hashes.sha-256`. */
function normalisePath(path: string): string {
  return path.replace(/'/g, '').toLowerCase();
}

function tokenize(pattern: string): Token[] | string {
  const tokens: Token[] = [];
  const n = pattern.length;
  let i = 0;
  while (i < n) {
    const c = pattern[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '[' || c === ']' || c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else if (c === "'") {
      const read = readString(pattern, i);
      if (typeof read === 'string') return read;
      tokens.push({ kind: 'string', text: read.value });
      i = read.end;
    } else if (c === '=' || c === '!' || c === '<' || c === '>') {
      const two = pattern.slice(i, i + 2);
      const op = two === '!=' || two === '<=' || two === '>=' ? two : c;
      if (op === '!') return `unexpected "!" at position ${i + 1}`;
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else if (/[A-Za-z0-9_\-.:*]/.test(c)) {
      let j = i;
      let word = '';
      // Object paths may contain quoted steps (`hashes.'SHA-256'`) and list indexes (`[*]`, `[0]`).
      while (j < n) {
        const d = pattern[j]!;
        if (/[A-Za-z0-9_\-.:*]/.test(d)) {
          word += d;
          j++;
        } else if (d === "'" && word.endsWith('.') && word.includes(':')) {
          const read = readString(pattern, j);
          if (typeof read === 'string') return read;
          word += `'${read.value}'`;
          j = read.end;
        } else if (d === '[' && word.includes(':') && /^\[(\d+|\*)\]/.test(pattern.slice(j, j + 12))) {
          const close = pattern.indexOf(']', j);
          word += pattern.slice(j, close + 1);
          j = close + 1;
        } else {
          break;
        }
      }
      // Typed literals: b'…' (binary), h'…' (hex), t'…' (timestamp).
      if ((word === 'b' || word === 'h' || word === 't') && pattern[j] === "'") {
        const read = readString(pattern, j);
        if (typeof read === 'string') return read;
        tokens.push({ kind: 'string', text: read.value });
        i = read.end;
        continue;
      }
      tokens.push({ kind: 'word', text: word });
      i = j;
    } else {
      return `unexpected character ${JSON.stringify(c)} at position ${i + 1}`;
    }
  }
  return tokens;
}

function readString(pattern: string, start: number): { value: string; end: number } | string {
  let value = '';
  let i = start + 1;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) break;
      value += next;
      i += 2;
    } else if (c === "'") {
      return { value, end: i + 1 };
    } else {
      value += c;
      i++;
    }
  }
  return `unterminated string starting at position ${start + 1}`;
}

const comparisonOps = new Set([
  '=',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  'in',
  'like',
  'matches',
  'issubset',
  'issuperset',
]);

export function parseStixPattern(pattern: string): PatternResult {
  const result: PatternResult = { values: [], unsupported: [], conjunction: false };
  const tokens = tokenize(pattern);
  if (typeof tokens === 'string') return { ...result, error: tokens };
  let depth = 0;
  let observations = 0;
  let pendingAnd = false;
  let lastObject: string | undefined;
  const seen = new Set<string>();
  const addUnsupported = (what: string): void => {
    if (!result.unsupported.includes(what)) result.unsupported.push(what);
  };
  const addValue = (path: string, kind: ReturnType<typeof pathKind>, value: string): void => {
    const type = kind === 'address' || kind === 'endpoint' ? addressType(value) : kind;
    const key = `${type ?? ''}\u0000${value}`;
    if (seen.has(key)) return;
    seen.add(key);
    result.values.push(type === undefined ? { path, value } : { path, value, type });
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'punct') {
      if (token.text === '[') {
        if (depth > 0) return { ...emptyOf(result), error: 'nested "[" inside an observation' };
        depth++;
        observations++;
        lastObject = undefined;
      } else if (token.text === ']') {
        if (depth === 0) return { ...emptyOf(result), error: 'unbalanced "]"' };
        depth--;
      }
      continue;
    }
    if (token.kind !== 'word') continue;
    const upper = token.text.toUpperCase();
    if (upper === 'AND' || upper === 'FOLLOWEDBY') {
      if (depth === 0) result.conjunction = true;
      else pendingAnd = true;
      continue;
    }
    if (upper === 'OR') {
      pendingAnd = false;
      continue;
    }
    if (depth === 0 || !token.text.includes(':')) continue;

    // A comparison: PATH [NOT] OPERATOR VALUE
    const path = token.text;
    const normalised = normalisePath(path);
    const object = normalised.slice(0, normalised.indexOf(':'));
    if (pendingAnd && lastObject !== undefined && lastObject !== object) result.conjunction = true;
    pendingAnd = false;
    lastObject = object;
    let j = i + 1;
    let negated = false;
    if (tokens[j]?.kind === 'word' && tokens[j]!.text.toUpperCase() === 'NOT') {
      negated = true;
      j++;
    }
    const opToken = tokens[j];
    const op = opToken === undefined ? '' : opToken.text.toLowerCase();
    if (
      opToken === undefined ||
      (opToken.kind !== 'op' && opToken.kind !== 'word') ||
      !comparisonOps.has(op)
    ) {
      return { ...emptyOf(result), error: `no comparison operator after ${path}` };
    }
    j++;
    const values: string[] = [];
    if (op === 'in') {
      if (tokens[j]?.text !== '(')
        return { ...emptyOf(result), error: `IN after ${path} is not followed by a list` };
      j++;
      while (j < tokens.length && tokens[j]!.text !== ')') {
        const t = tokens[j]!;
        if (t.kind === 'string') values.push(t.text);
        j++;
      }
    } else if (tokens[j]?.kind === 'string' || tokens[j]?.kind === 'word') {
      values.push(tokens[j]!.text);
    } else {
      return { ...emptyOf(result), error: `no value after ${path} ${opToken.text}` };
    }
    i = j;
    const kind = pathKind(normalised);
    const usable =
      kind !== undefined &&
      !negated &&
      (op === '=' || op === 'in' || (op === 'issubset' && kind === 'address'));
    if (!usable) {
      addUnsupported(
        kind === undefined ? path : `${path}${negated ? ' NOT' : ''} ${opToken.text.toUpperCase()}`,
      );
      continue;
    }
    for (const value of values) if (value.trim() !== '') addValue(path, kind, value.trim());
  }
  if (depth !== 0) return { ...emptyOf(result), error: 'unbalanced "[": an observation is not closed' };
  if (observations === 0) return { ...emptyOf(result), error: 'no observation expression ("[…]") found' };
  return result;
}

function emptyOf(result: PatternResult): PatternResult {
  return { values: [], unsupported: result.unsupported, conjunction: false };
}
