/**
 * What a sensor sends: detections (with the id that makes uploads idempotent) and heartbeats.
 * The schemas validate on the server; the converters are used on both sides. Pure.
 *
 * A detection's id is a hash of what the sensor saw (indicator, field, how, raw line): the same
 * line read twice gives the same id, so a re-sent batch is recognised. The server adds the
 * organisation of the token to compute the stored dedupe key (`detectionRow`), so ids of two
 * organisations never collide and a detection stored by `lamsach scan --store` is not stored twice.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Detection } from '../detection/matcher.js';
import { indicatorTypes, threatTypes } from '../intel/model.js';

const text = (max: number) => z.string().max(max);
const optionalText = (max: number) => z.string().max(max).optional();

export const wireDetection = z.object({
  id: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 hex digits'),
  indicator: z.object({
    id: z.number().int().positive().nullable(),
    type: z.enum(indicatorTypes),
    value: text(8192).min(1),
    exactDomain: z.boolean(),
    threatType: z.enum(threatTypes).nullable(),
    family: text(255).nullable(),
    confidence: z.number().int().min(0).max(100),
    sources: z.array(text(200)).max(100),
    port: z.number().int().min(0).max(65535).nullable(),
    validFrom: text(40).nullable(),
    validUntil: text(40).nullable(),
  }),
  field: z.enum(['dns.question.name', 'url.original', 'url.domain', 'destination.ip', 'source.ip']),
  how: z.enum(['exact', 'parent-domain', 'inside-cidr', 'url-host', 'sinkhole']),
  direction: z.enum(['outbound', 'inbound']),
  observed: text(8192),
  matched: text(8192),
  internalHost: text(255).nullable(),
  event: z.object({
    format: text(100),
    time: optionalText(40),
    sourceIp: optionalText(64),
    sourcePort: z.number().int().optional(),
    destinationIp: optionalText(64),
    destinationPort: z.number().int().optional(),
    dnsQuestionName: optionalText(1024),
    urlOriginal: optionalText(8192),
    urlDomain: optionalText(1024),
    action: z.enum(['allowed', 'blocked', 'unknown']).optional(),
    rawAction: optionalText(100),
    device: optionalText(255),
    protocol: optionalText(20),
  }),
  /** where the sensor read it: a file path or `syslog-udp://host` */
  source: text(1024),
  line: z.number().int().nonnegative(),
  raw: text(65_536),
});
export type WireDetection = z.infer<typeof wireDetection>;

export const heartbeatBody = z.object({
  hostname: text(255).nullable().default(null),
  version: text(50),
  bundleVersion: z.number().int().nonnegative().nullable(),
  bundleGeneratedAt: z.iso.datetime().nullable(),
  linesPerSecond: z.number().nonnegative(),
  linesTotal: z.number().int().nonnegative(),
  linesNotUnderstood: z.number().int().nonnegative(),
  filesFollowed: z.number().int().nonnegative(),
  queueLength: z.number().int().nonnegative(),
});
export type Heartbeat = z.infer<typeof heartbeatBody>;

/** The idempotency id of a detection (see the module comment). */
export function detectionId(d: Detection): string {
  return createHash('sha256')
    .update(`${d.indicator.type}\n${d.indicator.value}\n${d.field}\n${d.how}\n${d.origin?.raw ?? ''}`)
    .digest('hex');
}

/** A detection as the sensor uploads it; the raw line is cut to 64 KB. */
export function toWire(d: Detection): WireDetection {
  const i = d.indicator;
  const raw = d.origin?.raw ?? '';
  const e = d.event;
  const event: WireDetection['event'] = { format: e.format };
  for (const key of [
    'time',
    'sourceIp',
    'destinationIp',
    'dnsQuestionName',
    'urlOriginal',
    'urlDomain',
    'rawAction',
    'device',
    'protocol',
  ] as const) {
    const value = e[key];
    if (value !== undefined) event[key] = value;
  }
  if (e.sourcePort !== undefined) event.sourcePort = e.sourcePort;
  if (e.destinationPort !== undefined) event.destinationPort = e.destinationPort;
  if (e.action !== undefined) event.action = e.action;
  return {
    id: detectionId(d),
    indicator: {
      id: i.id,
      type: i.type,
      value: i.value,
      exactDomain: i.exactDomain,
      threatType: i.threatType,
      family: i.family,
      confidence: i.confidence,
      sources: [...i.sources],
      port: i.port,
      validFrom: i.validFrom,
      validUntil: i.validUntil,
    },
    field: d.field,
    how: d.how,
    direction: d.direction,
    observed: d.observed,
    matched: d.matched,
    internalHost: d.internalHost,
    event,
    source: d.origin?.file ?? '-',
    line: d.origin?.line ?? 0,
    raw: raw.length > 65_536 ? raw.slice(0, 65_536) : raw,
  };
}

/** The detection the server rebuilds from the wire form (for `detectionRow`). */
export function fromWire(w: WireDetection): Detection {
  return {
    event: w.event,
    indicator: w.indicator,
    field: w.field,
    how: w.how,
    direction: w.direction,
    observed: w.observed,
    matched: w.matched,
    internalHost: w.internalHost,
    origin: { file: w.source, line: w.line, raw: w.raw },
  };
}
