import { describe, expect, it } from 'vitest';
import { feodoJsonFormat, threatfoxJsonFormat } from './abusech-json.js';
import { run, sample } from './test-support/run.js';

describe('feodo-json', () => {
  const doc = JSON.stringify(
    [
      {
        ip_address: '192.0.2.50',
        port: 995,
        status: 'online',
        hostname: 'mail.example',
        as_number: 64500,
        as_name: 'EXAMPLE-AS',
        country: 'VN',
        first_seen: '2024-06-01 01:02:03',
        last_online: '2024-06-30',
        malware: 'QakBot',
      },
      { port: 443, malware: 'Emotet' },
      'not an object',
    ],
    null,
    2,
  );

  it('reads records with port, family, times and rejects records without an address', () => {
    const { items, rejections } = run(feodoJsonFormat, doc);
    expect(items).toEqual([
      {
        line: 1,
        value: '192.0.2.50',
        type: 'ipv4',
        threatType: 'c2',
        family: 'QakBot',
        port: 995,
        firstSeen: '2024-06-01T01:02:03Z',
        lastSeen: '2024-06-30T00:00:00Z',
        description: 'mail.example, AS64500 EXAMPLE-AS',
      },
    ]);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [2, 'record has no ip_address'],
      [3, 'record is not a JSON object'],
    ]);
  });

  it('detects the field names', () => {
    expect(feodoJsonFormat.detect(sample(doc))).toBe(0.95);
  });
});

const apiRecord = {
  id: '1001',
  ioc: '203.0.113.9:8443',
  threat_type: 'botnet_cc',
  ioc_type: 'ip:port',
  malware: 'win.cobalt_strike',
  malware_printable: 'Cobalt Strike',
  confidence_level: 75,
  first_seen: '2025-03-01 10:11:12 UTC',
  last_seen: null,
  reference: null,
  tags: ['CobaltStrike', 'beacon'],
};

describe('threatfox-json', () => {
  it('reads an API answer {"data":[…]}', () => {
    const doc = JSON.stringify({
      query_status: 'ok',
      data: [
        apiRecord,
        {
          ...apiRecord,
          id: '1002',
          ioc: 'pay.example.vn',
          ioc_type: 'domain',
          threat_type: 'payload_delivery',
          confidence_level: 50,
        },
        {
          ...apiRecord,
          id: '1003',
          ioc: 'd41d8cd98f00b204e9800998ecf8427e',
          ioc_type: 'md5_hash',
          threat_type: 'payload',
          malware_printable: 'Unknown malware',
        },
        { ...apiRecord, id: '1004', ioc: 'x', ioc_type: 'email' },
      ],
    });
    const { items, rejections } = run(threatfoxJsonFormat, doc);
    expect(items).toEqual([
      {
        line: 1,
        value: '203.0.113.9',
        type: 'ipv4',
        port: 8443,
        threatType: 'c2',
        family: 'Cobalt Strike',
        confidence: 75,
        firstSeen: '2025-03-01T10:11:12Z',
        tags: ['CobaltStrike', 'beacon'],
      },
      {
        line: 2,
        value: 'pay.example.vn',
        type: 'domain',
        threatType: 'malware-distribution',
        family: 'Cobalt Strike',
        confidence: 50,
        firstSeen: '2025-03-01T10:11:12Z',
        tags: ['CobaltStrike', 'beacon'],
      },
      {
        line: 3,
        value: 'd41d8cd98f00b204e9800998ecf8427e',
        type: 'md5',
        threatType: 'malware',
        confidence: 75,
        firstSeen: '2025-03-01T10:11:12Z',
        tags: ['CobaltStrike', 'beacon'],
      },
    ]);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.line).toBe(4);
    expect(rejections[0]!.reason).toMatch(/^ThreatFox ioc_type "email" is not supported/);
  });

  it('reads the export keyed by IOC id with ioc_value, *_utc times and comma-separated tags', () => {
    const doc = [
      '{',
      '  "2001": [{"ioc_value": "[2001:db8::7]:4444", "ioc_type": "ip:port", "threat_type": "botnet_cc", "malware_printable": "AsyncRAT", "first_seen_utc": "2025-03-02 00:00:00", "last_seen_utc": "2025-03-03 00:00:00", "confidence_level": 100, "tags": "asyncrat,rat"}],',
      '  "2002": [{"ioc_value": "http://evil.example/gate.php", "ioc_type": "url", "threat_type": "botnet_cc", "malware_printable": "Lumma", "confidence_level": 90, "tags": null}]',
      '}',
    ].join('\n');
    const { items, rejections } = run(threatfoxJsonFormat, doc);
    expect(rejections).toEqual([]);
    expect(items).toEqual([
      {
        line: 1,
        value: '2001:db8::7',
        type: 'ipv6',
        port: 4444,
        threatType: 'c2',
        family: 'AsyncRAT',
        confidence: 100,
        firstSeen: '2025-03-02T00:00:00Z',
        lastSeen: '2025-03-03T00:00:00Z',
        tags: ['asyncrat', 'rat'],
      },
      {
        line: 2,
        value: 'http://evil.example/gate.php',
        type: 'url',
        threatType: 'c2',
        family: 'Lumma',
        confidence: 90,
      },
    ]);
  });

  it('reads NDJSON line by line, splitting an unbracketed IPv6 ip:port, and rejects a broken line', () => {
    const lines = [
      JSON.stringify({ ...apiRecord, ioc: '2001:db8:1::5:40669' }),
      '{"ioc": "broken"',
      JSON.stringify({ ...apiRecord, ioc: undefined }),
    ];
    const { items, rejections } = run(threatfoxJsonFormat, lines);
    expect(items.map((i) => [i.line, i.value, i.port])).toEqual([[1, '2001:db8:1::5', 40669]]);
    expect(rejections.map((r) => [r.line, r.reason.split(':')[0]])).toEqual([
      [2, 'line is not valid JSON'],
      [3, 'record has no ioc / ioc_value'],
    ]);
  });

  it('explains an API answer without data', () => {
    const { rejections } = run(
      threatfoxJsonFormat,
      '{"query_status":"no_result","data":"Your search did not yield any results"}',
    );
    expect(rejections[0]!.reason).toMatch(/^ThreatFox answer has no data array \(query_status: no_result/);
  });

  it('detects ThreatFox keys', () => {
    expect(threatfoxJsonFormat.detect(sample(JSON.stringify({ data: [apiRecord] })))).toBe(0.95);
    expect(threatfoxJsonFormat.detect(sample('[{"ip_address": "1.2.3.4"}]'))).toBe(0);
  });
});
