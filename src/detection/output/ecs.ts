/**
 * Detections as Elastic Common Schema documents, one JSON object per line (NDJSON), ready for an
 * Elasticsearch/OpenSearch bulk load or `jq`. Only documented ECS fields are used:
 * - the event: `@timestamp` (the log's time; the scan time when the line has none), `source.*`,
 *   `destination.*`, `dns.question.name`, `dns.resolved_ip`, `url.original`, `url.domain`,
 *   `network.transport`, `network.direction`, `observer.name`, `event.action` (the device's verb),
 *   `event.type` (`allowed`/`denied` as the device decided), `event.original`, `log.file.path`;
 * - the match: `event.kind: alert`, `threat.indicator.*` (type in ECS/STIX words, the value in
 *   `ip`, `url.full` or `url.domain`, `name`, `provider`, `confidence` as None/Low/Medium/High,
 *   `first_seen`, `port`, `description` explaining the match), `threat.software.name` (the family),
 *   `threat.enrichments[].matched` (`atomic`: the log's value, `field`, `type`: how it matched),
 *   `host.ip`/`host.name` (the internal host), `tags` (the threat type). Pure.
 */
import type { Detection, DetectionIndicator } from '../matcher.js';

const ecsTypes: Record<DetectionIndicator['type'], string> = {
  ipv4: 'ipv4-addr',
  ipv6: 'ipv6-addr',
  cidr4: 'ipv4-addr',
  cidr6: 'ipv6-addr',
  domain: 'domain-name',
  url: 'url',
  md5: 'file',
  sha1: 'file',
  sha256: 'file',
  asn: 'autonomous-system',
};

/** STIX 2.1's None/Low/Med/High scale, which ECS uses: 0, 1–29, 30–69, 70–100. */
export function confidenceWord(confidence: number): 'None' | 'Low' | 'Medium' | 'High' {
  if (confidence <= 0) return 'None';
  if (confidence < 30) return 'Low';
  if (confidence < 70) return 'Medium';
  return 'High';
}

/** One sentence saying why the detection matched. */
export function explainDetection(d: Detection): string {
  const v = d.indicator.value;
  switch (d.how) {
    case 'exact':
      return d.field === 'source.ip' ? `connection from the listed address ${v}` : `${d.observed} is listed`;
    case 'parent-domain':
      return `${d.observed} is a subdomain of the listed domain ${v}`;
    case 'inside-cidr':
      return `${d.observed} is inside the listed network ${v}${d.direction === 'inbound' ? ' (inbound)' : ''}`;
    case 'url-host':
      return `the URL's host ${d.observed} is listed`;
    case 'sinkhole':
      return `${d.observed} resolved to the sinkhole network ${v}`;
  }
}

const MAX_ORIGINAL = 8192;

function isIpText(text: string): boolean {
  return text.includes(':') || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(text);
}

/** The ECS document of a detection. `scanTime` (ISO) stands in for a missing log time. */
export function ecsDocument(d: Detection, scanTime: string): Record<string, unknown> {
  const e = d.event;
  const i = d.indicator;
  const indicator: Record<string, unknown> = {
    type: ecsTypes[i.type],
    name: i.value,
    confidence: confidenceWord(i.confidence),
    description: explainDetection(d),
  };
  if (i.type === 'ipv4' || i.type === 'ipv6') indicator.ip = i.value;
  if (i.type === 'url') indicator.url = { full: i.value, original: i.value };
  if (i.type === 'domain') indicator.url = { domain: i.value };
  if (i.sources.length > 0) indicator.provider = i.sources.length === 1 ? i.sources[0] : [...i.sources];
  if (i.validFrom !== null) indicator.first_seen = i.validFrom;
  if (i.port !== null) indicator.port = i.port;
  const threat: Record<string, unknown> = {
    indicator,
    enrichments: [{ matched: { atomic: d.observed, field: d.field, type: d.how } }],
  };
  if (i.family !== null) threat.software = { name: i.family };
  const event: Record<string, unknown> = {
    kind: 'alert',
    category: ['threat', 'network'],
    type: ['indicator'],
    created: scanTime,
    dataset: `lamsach.${e.format}`,
  };
  if (e.action === 'allowed' || e.action === 'blocked')
    (event.type as string[]).push(e.action === 'allowed' ? 'allowed' : 'denied');
  if (e.rawAction !== undefined || e.action !== undefined) event.action = e.rawAction ?? e.action;
  if (d.origin)
    event.original = d.origin.raw.length > MAX_ORIGINAL ? d.origin.raw.slice(0, MAX_ORIGINAL) : d.origin.raw;
  const doc: Record<string, unknown> = { '@timestamp': e.time ?? scanTime, event };
  if (e.sourceIp !== undefined || e.sourcePort !== undefined)
    doc.source = { ip: e.sourceIp, port: e.sourcePort };
  if (e.destinationIp !== undefined || e.destinationPort !== undefined)
    doc.destination = { ip: e.destinationIp, port: e.destinationPort };
  if (e.dnsQuestionName !== undefined)
    doc.dns = { question: { name: e.dnsQuestionName }, resolved_ip: e.dnsAnswers };
  if (e.urlOriginal !== undefined || e.urlDomain !== undefined)
    doc.url = { original: e.urlOriginal, domain: e.urlDomain };
  doc.network = { transport: e.protocol, direction: d.direction };
  if (e.device !== undefined) doc.observer = { name: e.device };
  if (d.internalHost !== null)
    doc.host = isIpText(d.internalHost) ? { ip: [d.internalHost] } : { name: d.internalHost };
  if (d.origin) doc.log = { file: { path: d.origin.file } };
  doc.threat = threat;
  if (i.threatType !== null) doc.tags = [i.threatType];
  return doc;
}

/** One NDJSON line (with its `\n`). */
export function ndjsonLine(d: Detection, scanTime: string): string {
  return `${JSON.stringify(ecsDocument(d, scanTime))}\n`;
}
