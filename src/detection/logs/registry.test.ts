import { describe, expect, it } from 'vitest';
import { IndicatorMatcher, type Detection, type MatcherIndicator } from '../matcher.js';
import { newScanCounters, scanLines } from '../scan.js';
import { detectLogFormat, instantiateLogFormat, logFormat, logFormats } from './registry.js';

const bind = (time: string, client: string, name: string) =>
  `${time} client @0x7f62b80115d0 ${client}#55575 (${name}): query: ${name} IN A + (192.0.2.53)`;
const forti = (src: string, dst: string, port: number, action: string) =>
  `date=2025-03-22 time=10:15:31 devname="FGT-HN" devid="FG100E" logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=${src} srcport=60568 srcintf="port1" dstip=${dst} dstport=${port} dstintf="wan1" proto=6 action="${action}" policyid=1 service="HTTPS"`;
const squid = (client: string, url: string) =>
  `1700000000.123    120 ${client} TCP_MISS/200 1234 GET ${url} - HIER_DIRECT/203.0.113.5 application/octet-stream`;

const base = {
  exactDomain: false,
  validFrom: null,
  validUntil: null,
  threatType: 'c2' as const,
  family: 'testbot',
  confidence: 90,
};
const indicators: MatcherIndicator[] = [
  { ...base, id: 1, type: 'domain', value: 'evil.example' },
  { ...base, id: 2, type: 'cidr4', value: '198.51.100.0/24' },
  { ...base, id: 3, type: 'url', value: 'http://files.example/payload.exe' },
];

async function scan(
  lines: string[],
): Promise<{ found: Detection[]; counters: ReturnType<typeof newScanCounters> }> {
  const counters = newScanCounters();
  const found: Detection[] = [];
  const matcher = new IndicatorMatcher(indicators, { validity: 'ignore' });
  for await (const d of scanLines(lines, {
    matcher,
    formats: logFormats,
    counters,
    instantiate: instantiateLogFormat,
  }))
    found.push(d);
  return { found, counters };
}

describe('log format registry', () => {
  it('holds every family with unique ids, found by id', () => {
    const ids = logFormats.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['bind-query', 'fortigate', 'squid', 'zeek-tsv', 'suricata-eve'])
      expect(logFormat(id)?.id).toBe(id);
    expect(logFormat('nope')).toBeUndefined();
  });

  it('gives Zeek TSV files a reader of their own and shares stateless formats', () => {
    const zeek = logFormat('zeek-tsv')!;
    expect(instantiateLogFormat(zeek)).not.toBe(instantiateLogFormat(zeek));
    expect(instantiateLogFormat(logFormat('bind-query')!)).toBe(logFormat('bind-query'));
  });

  it('recognises BIND, FortiGate and Squid files from their first lines', () => {
    expect(detectLogFormat([bind('22-Nov-2025 10:00:01.001', '10.0.0.1', 'a.example')]).format?.id).toBe(
      'bind-query',
    );
    expect(detectLogFormat([forti('10.0.0.1', '192.0.2.1', 443, 'accept')]).format?.id).toBe('fortigate');
    expect(detectLogFormat([squid('10.0.0.1', 'http://a.example/')]).format?.id).toBe('squid');
  });
});

describe('scanning real formats', () => {
  it('finds a listed domain in a BIND query log', async () => {
    const { found, counters } = await scan([
      bind('22-Nov-2025 10:00:01.001', '10.0.0.1', 'www.clean.example'),
      bind('22-Nov-2025 10:00:02.001', '10.0.0.2', 'cdn.evil.example'),
      bind('22-Nov-2025 10:00:03.001', '10.0.0.3', 'evil.example'),
    ]);
    expect(found.map((d) => [d.internalHost, d.event.time, d.how, d.matched])).toEqual([
      ['10.0.0.2', '2025-11-22T03:00:02.001Z', 'parent-domain', 'evil.example'],
      ['10.0.0.3', '2025-11-22T03:00:03.001Z', 'exact', 'evil.example'],
    ]);
    expect(counters).toMatchObject({ lines: 3, parsed: 3, notUnderstood: 0 });
  });

  it('finds listed networks in a FortiGate traffic log, blocked or not, in both directions', async () => {
    const { found } = await scan([
      forti('10.1.2.3', '198.51.100.23', 443, 'accept'),
      forti('10.1.2.4', '192.0.2.80', 443, 'accept'),
      forti('198.51.100.9', '10.1.2.5', 22, 'deny'),
    ]);
    expect(found.map((d) => [d.internalHost, d.direction, d.how, d.event.action, d.event.device])).toEqual([
      ['10.1.2.3', 'outbound', 'inside-cidr', 'allowed', 'FGT-HN'],
      ['10.1.2.5', 'inbound', 'inside-cidr', 'blocked', 'FGT-HN'],
    ]);
  });

  it('reads a file that mixes formats line by line', async () => {
    const lines = [
      bind('22-Nov-2025 10:00:02.001', '10.0.0.2', 'x.evil.example'),
      forti('10.1.2.3', '198.51.100.23', 443, 'accept'),
      squid('10.0.0.7', 'http://files.example/payload.exe'),
      'this line is no log at all',
    ];
    const { found, counters } = await scan(lines);
    expect(found.map((d) => [d.event.format, d.field, d.how])).toEqual([
      ['bind-query', 'dns.question.name', 'parent-domain'],
      ['fortigate', 'destination.ip', 'inside-cidr'],
      ['squid', 'url.original', 'exact'],
    ]);
    expect(counters.notUnderstood).toBe(1);
    expect(counters.formats[0]!.mixed).toBe(true);
  });
});
