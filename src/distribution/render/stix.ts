/**
 * A STIX 2.1 bundle, streamed: the producer's identity (whose description carries the header text,
 * JSON having no comments), then one indicator per entry with a STIX pattern. Object ids are
 * UUIDv5 of the indicator, so the same indicator keeps its id across downloads.
 */
import { createHash } from 'node:crypto';
import type { EntrySource, ListEntry, RenderContext } from '../model.js';
import { headerLines } from './common.js';

/** The lamsach namespace for UUIDv5 ids (a fixed random UUID). */
const NAMESPACE = Buffer.from('8d5f0c52e1a34e4f9b7a3c1de2f64a90', 'hex');

export function uuidv5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const quote = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

export function stixPattern(e: ListEntry): string | null {
  switch (e.type) {
    case 'ipv4':
    case 'cidr4':
      return `[ipv4-addr:value = ${quote(e.value)}]`;
    case 'ipv6':
    case 'cidr6':
      return `[ipv6-addr:value = ${quote(e.value)}]`;
    case 'domain':
      return `[domain-name:value = ${quote(e.value)}]`;
    case 'url':
      return `[url:value = ${quote(e.value)}]`;
    case 'md5':
      return `[file:hashes.MD5 = ${quote(e.value)}]`;
    case 'sha1':
      return `[file:hashes.'SHA-1' = ${quote(e.value)}]`;
    case 'sha256':
      return `[file:hashes.'SHA-256' = ${quote(e.value)}]`;
    case 'asn':
      return `[autonomous-system:number = ${Number(e.value.replace(/^AS/i, ''))}]`;
  }
}

const threatIndicatorTypes: Record<string, string> = {
  c2: 'malicious-activity',
  phishing: 'malicious-activity',
  'malware-distribution': 'malicious-activity',
  scanner: 'anomalous-activity',
  compromised: 'compromised',
  proxy: 'anonymization',
  tor: 'anonymization',
};

export async function* stix(ctx: RenderContext, source: EntrySource): AsyncGenerator<string> {
  const identity = `identity--${uuidv5(`producer:${ctx.producer}`)}`;
  const bundle = `bundle--${uuidv5(`list:${ctx.name}:${ctx.serial}:${ctx.summary.part}`)}`;
  let out =
    `{"type":"bundle","id":"${bundle}","objects":[\n` +
    JSON.stringify({
      type: 'identity',
      spec_version: '2.1',
      id: identity,
      created: '2025-01-01T00:00:00.000Z',
      modified: '2025-01-01T00:00:00.000Z',
      name: ctx.producer,
      identity_class: 'organization',
      description: headerLines(ctx).join('\n'),
    });
  // Built as text rather than through JSON.stringify of an object per entry: same JSON, a third of the time.
  const str = JSON.stringify;
  const creator = `,"created_by_ref":"${identity}"`;
  for await (const page of source()) {
    for (const e of page) {
      const pattern = stixPattern(e);
      if (pattern === null) continue;
      const labels = [
        e.threatType,
        e.family,
        ...(e.tagsJson === '[]' ? [] : (JSON.parse(e.tagsJson) as string[])),
      ].filter((l): l is string => Boolean(l));
      const modified = e.lastSeen < e.firstSeen ? e.firstSeen : e.lastSeen;
      out +=
        `,\n{"type":"indicator","spec_version":"2.1","id":"indicator--${uuidv5(`${e.type}:${e.value}`)}"${creator}` +
        `,"created":"${e.firstSeen}","modified":"${modified}","name":${str(e.value)}` +
        `,"indicator_types":["${threatIndicatorTypes[e.threatType ?? ''] ?? 'malicious-activity'}"]` +
        `,"pattern":${str(pattern)},"pattern_type":"stix","valid_from":"${e.firstSeen}"` +
        (e.expiresAt !== null && e.expiresAt > e.firstSeen ? `,"valid_until":"${e.expiresAt}"` : '') +
        `,"confidence":${e.confidence}` +
        (labels.length ? `,"labels":${str(labels)}` : '') +
        '}';
      ctx.stats.written++;
    }
    if (out.length >= 64 * 1024) {
      yield out;
      out = '';
    }
  }
  yield `${out}\n]}\n`;
}
