/**
 * The indicator bundle as it travels to sensors: gzip NDJSON, a header line then one line per
 * change. Pure (no I/O); shared by the server that writes bundles and the sensor that reads them.
 *
 *   {"format":"lamsach-bundle/1","kind":"full","version":12,"since":null,"generatedAt":"…","indicators":3}
 *   ["+",17,"domain","evil.example",0,"2026-01-01T00:00:00.000Z",null,"malware","mirai",80,["feed-a"],null]
 *   ["-",18]
 *
 * A full bundle lists every indicator; a delta lists what changed since `since` (an add replaces
 * an indicator of the same id). The Ed25519 signature covers the exact gzip bytes.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { MatcherIndicator } from '../detection/matcher.js';
import { indicatorTypes, threatTypes, type IndicatorType, type ThreatType } from '../intel/model.js';

export const BUNDLE_FORMAT = 'lamsach-bundle/1';

export interface BundleHeader {
  format: typeof BUNDLE_FORMAT;
  kind: 'full' | 'delta';
  version: number;
  /** the version a delta applies to; null for a full bundle */
  since: number | null;
  generatedAt: string;
  /** indicators in the bundle set once this bundle is applied */
  indicators: number;
}

export interface ParsedBundle {
  header: BundleHeader;
  adds: MatcherIndicator[];
  removes: number[];
}

/** One indicator as a bundle line (also the stored form on the server). */
export function indicatorLine(i: MatcherIndicator): string {
  return JSON.stringify([
    '+',
    i.id,
    i.type,
    i.value,
    i.exactDomain ? 1 : 0,
    i.validFrom,
    i.validUntil,
    i.threatType,
    i.family,
    i.confidence,
    i.sources ?? [],
    i.port ?? null,
  ]);
}

export const removeLine = (id: number): string => JSON.stringify(['-', id]);

/** A short digest of a line: tells the publisher whether an indicator changed. */
export const lineDigest = (line: string): string =>
  createHash('sha256').update(line).digest('base64url').slice(0, 16);

export class BundleFormatError extends Error {}

const types = new Set<string>(indicatorTypes);
const threats = new Set<string>(threatTypes);
const isText = (v: unknown): v is string => typeof v === 'string';
const textOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

function readIndicator(cells: unknown[], line: number): MatcherIndicator {
  const [, id, type, value, exact, from, until, threat, family, confidence, sources, port] = cells;
  const bad = (what: string) => new BundleFormatError(`bundle line ${line}: ${what}`);
  if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) throw bad('id is not a positive integer');
  if (!isText(type) || !types.has(type)) throw bad(`unknown indicator type ${JSON.stringify(type)}`);
  if (!isText(value) || value === '') throw bad('value is empty');
  if (!textOrNull(from) || !textOrNull(until) || !textOrNull(family)) throw bad('bad dates or family');
  if (threat !== null && (!isText(threat) || !threats.has(threat))) throw bad('unknown threat type');
  if (typeof confidence !== 'number') throw bad('confidence is not a number');
  if (!Array.isArray(sources) || !sources.every(isText)) throw bad('sources is not a list of names');
  if (port !== null && (typeof port !== 'number' || !Number.isInteger(port))) throw bad('port');
  return {
    id,
    type: type as IndicatorType,
    value,
    exactDomain: exact === 1,
    validFrom: from,
    validUntil: until,
    threatType: threat as ThreatType | null,
    family,
    confidence,
    sources,
    port,
  };
}

/** Reads the (inflated) text of a bundle. Throws {@link BundleFormatError} naming the line. */
export function parseBundle(text: string): ParsedBundle {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let parsed: Partial<Record<keyof BundleHeader, unknown>>;
  try {
    parsed = JSON.parse(lines[0] ?? '') as typeof parsed;
  } catch {
    throw new BundleFormatError('bundle line 1: not a JSON header');
  }
  if (parsed.format !== BUNDLE_FORMAT)
    throw new BundleFormatError(
      `bundle line 1: format ${JSON.stringify(parsed.format)}, expected ${BUNDLE_FORMAT}`,
    );
  if (typeof parsed.version !== 'number' || !Number.isInteger(parsed.version))
    throw new BundleFormatError('bundle line 1: version is not an integer');
  const header = parsed as BundleHeader;
  if (header.kind !== 'full' && header.kind !== 'delta')
    throw new BundleFormatError('bundle line 1: kind is neither full nor delta');
  const adds: MatcherIndicator[] = [];
  const removes: number[] = [];
  for (let n = 1; n < lines.length; n++) {
    let cells: unknown;
    try {
      cells = JSON.parse(lines[n]!);
    } catch {
      throw new BundleFormatError(`bundle line ${n + 1}: not JSON`);
    }
    if (!Array.isArray(cells)) throw new BundleFormatError(`bundle line ${n + 1}: not a list`);
    if (cells[0] === '+') adds.push(readIndicator(cells, n + 1));
    else if (cells[0] === '-' && typeof cells[1] === 'number') removes.push(cells[1]);
    else throw new BundleFormatError(`bundle line ${n + 1}: neither an add nor a remove`);
  }
  return { header, adds, removes };
}

/** The key id sensors pin: the first 16 hex digits of the SHA-256 of the public key (SPKI DER). */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** True when `signature` (base64) is a valid Ed25519 signature of `bytes` by `publicKeyPem`. */
export function verifyBundle(bytes: Uint8Array, signature: string, publicKeyPem: string): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    return verify(null, bytes, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
