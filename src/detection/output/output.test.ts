import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Detection, DetectionIndicator } from '../matcher.js';
import { csvColumns, csvHeader, csvRow, safeCell } from './csv.js';
import { confidenceWord, ecsDocument, explainDetection, ndjsonLine } from './ecs.js';
import { HostSummary } from './summary.js';

const indicator: DetectionIndicator = {
  id: 7,
  type: 'domain',
  value: 'evil.example',
  exactDomain: false,
  threatType: 'c2',
  family: 'emotet',
  confidence: 80,
  sources: ['feodo'],
  port: null,
  validFrom: '2025-01-01T00:00:00.000Z',
  validUntil: null,
};

function detection(
  over: Partial<Detection> = {},
  time: string | null = '2025-03-01T10:00:00.000Z',
): Detection {
  return {
    event: {
      format: 'bind-query',
      ...(time ? { time } : {}),
      sourceIp: '10.0.0.5',
      sourcePort: 5353,
      destinationIp: '192.0.2.53',
      dnsQuestionName: 'a.evil.example',
      rawAction: 'query',
      action: 'unknown',
      device: 'ns1',
      protocol: 'udp',
    },
    indicator,
    field: 'dns.question.name',
    observed: 'a.evil.example',
    matched: 'evil.example',
    how: 'parent-domain',
    direction: 'outbound',
    internalHost: '10.0.0.5',
    origin: { file: 'query.log', line: 12, raw: 'the raw line' },
    ...over,
  };
}

describe('ECS NDJSON', () => {
  it('maps a DNS detection onto ECS fields', () => {
    const doc = ecsDocument(detection(), '2025-03-02T00:00:00.000Z');
    expect(doc).toEqual({
      '@timestamp': '2025-03-01T10:00:00.000Z',
      event: {
        kind: 'alert',
        category: ['threat', 'network'],
        type: ['indicator'],
        created: '2025-03-02T00:00:00.000Z',
        dataset: 'lamsach.bind-query',
        action: 'query',
        original: 'the raw line',
      },
      source: { ip: '10.0.0.5', port: 5353 },
      destination: { ip: '192.0.2.53', port: undefined },
      dns: { question: { name: 'a.evil.example' }, resolved_ip: undefined },
      network: { transport: 'udp', direction: 'outbound' },
      observer: { name: 'ns1' },
      host: { ip: ['10.0.0.5'] },
      log: { file: { path: 'query.log' } },
      threat: {
        indicator: {
          type: 'domain-name',
          name: 'evil.example',
          confidence: 'High',
          description: 'a.evil.example is a subdomain of the listed domain evil.example',
          url: { domain: 'evil.example' },
          provider: 'feodo',
          first_seen: '2025-01-01T00:00:00.000Z',
        },
        enrichments: [
          { matched: { atomic: 'a.evil.example', field: 'dns.question.name', type: 'parent-domain' } },
        ],
        software: { name: 'emotet' },
      },
      tags: ['c2'],
    });
  });

  it('puts addresses in threat.indicator.ip, marks denied events, and uses the scan time when the log has none', () => {
    const d = detection(
      {
        event: {
          format: 'fortigate',
          sourceIp: '203.0.113.9',
          destinationIp: '10.0.0.8',
          destinationPort: 22,
          action: 'blocked',
          rawAction: 'deny',
        },
        indicator: { ...indicator, type: 'ipv4', value: '203.0.113.9', sources: ['a', 'b'], port: 22 },
        field: 'source.ip',
        observed: '203.0.113.9',
        matched: '203.0.113.9',
        how: 'exact',
        direction: 'inbound',
        internalHost: '10.0.0.8',
      },
      null,
    );
    const line = ndjsonLine(d, '2025-03-02T00:00:00.000Z');
    expect(line.endsWith('\n')).toBe(true);
    const doc = JSON.parse(line) as {
      '@timestamp': string;
      event: { type: string[]; action: string };
      threat: { indicator: Record<string, unknown> };
      network: { direction: string };
    };
    expect(doc['@timestamp']).toBe('2025-03-02T00:00:00.000Z');
    expect(doc.event.type).toEqual(['indicator', 'denied']);
    expect(doc.event.action).toBe('deny');
    expect(doc.network.direction).toBe('inbound');
    expect(doc.threat.indicator).toMatchObject({
      type: 'ipv4-addr',
      ip: '203.0.113.9',
      provider: ['a', 'b'],
      port: 22,
      description: 'connection from the listed address 203.0.113.9',
    });
  });

  it('explains each kind of match and words confidence on the STIX scale', () => {
    expect(
      explainDetection(
        detection({
          how: 'inside-cidr',
          observed: '198.51.100.7',
          indicator: { ...indicator, value: '198.51.100.0/24' },
        }),
      ),
    ).toBe('198.51.100.7 is inside the listed network 198.51.100.0/24');
    expect(explainDetection(detection({ how: 'url-host', observed: 'evil.example' }))).toBe(
      "the URL's host evil.example is listed",
    );
    expect(
      explainDetection(detection({ how: 'sinkhole', indicator: { ...indicator, value: '192.0.2.0/24' } })),
    ).toBe('a.evil.example resolved to the sinkhole network 192.0.2.0/24');
    expect([0, 1, 29, 30, 69, 70, 100].map(confidenceWord)).toEqual([
      'None',
      'Low',
      'Low',
      'Medium',
      'Medium',
      'High',
      'High',
    ]);
  });
});

describe('CSV', () => {
  it('writes a header and one row per detection that reads back', () => {
    const text = csvHeader() + csvRow(detection());
    const rows = parse<Record<string, string>>(text, { columns: true });
    expect(Object.keys(rows[0]!)).toEqual([...csvColumns]);
    expect(rows[0]).toMatchObject({
      time: '2025-03-01T10:00:00.000Z',
      source_ip: '10.0.0.5',
      dns_question_name: 'a.evil.example',
      matched: 'evil.example',
      how: 'parent-domain',
      file: 'query.log',
      line: '12',
      indicator_id: '7',
      sources: 'feodo',
    });
  });

  it('neutralises formulas in hostile log text', () => {
    expect(['=1+1', '+cmd', '-2', '@SUM(A1)', '\tx', '\rx', 'ok', '', null].map(safeCell)).toEqual([
      "'=1+1",
      "'+cmd",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'ok',
      '',
      '',
    ]);
    const hostile = detection({
      event: { format: 'squid', urlOriginal: '=HYPERLINK("http://x","click")', sourceIp: '10.0.0.1' },
    });
    const row = parse(csvRow(hostile));
    expect(row[0]![csvColumns.indexOf('url_original')]).toBe('\'=HYPERLINK("http://x","click")');
  });
});

describe('host summary', () => {
  it('aggregates per internal host and prints an aligned table, busiest host first', () => {
    const summary = new HostSummary();
    summary.add(detection({}, '2025-03-01T10:00:00.000Z'));
    summary.add(detection({}, '2025-03-01T09:00:00.000Z'));
    summary.add(
      detection(
        { indicator: { ...indicator, value: 'other.example', family: 'qakbot' } },
        '2025-03-02T11:30:00.000Z',
      ),
    );
    summary.add(
      detection(
        {
          internalHost: '10.0.0.99\u001b[31m',
          indicator: { ...indicator, family: null, threatType: 'phishing' },
        },
        null,
      ),
    );
    expect(summary.hosts).toBe(2);
    expect(summary.render()).toBe(
      [
        'internal host   first seen (UTC)     last seen (UTC)      hits  indicators  families        threat types',
        '--------------  -------------------  -------------------  ----  ----------  --------------  ------------',
        '10.0.0.5        2025-03-01 09:00:00  2025-03-02 11:30:00     3           2  emotet, qakbot  c2',
        '10.0.0.99?[31m  -                    -                       1           1  -               phishing',
        '',
      ].join('\n'),
    );
    expect(new HostSummary().render()).toBe('No detections.\n');
  });
});
