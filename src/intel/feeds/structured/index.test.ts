import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeedSample } from '../format.js';
import { structuredFormats } from './index.js';
import { run } from './test-support/run.js';

const ids = structuredFormats.map((f) => f.id);

describe('structuredFormats', () => {
  it('lists every format once', () => {
    expect(ids).toEqual([
      'feodo-csv',
      'feodo-json',
      'urlhaus-csv',
      'threatfox-json',
      'sslbl-csv',
      'stix2',
      'misp-event',
      'misp-manifest',
      'otx',
      'blueliv',
      'eset',
      'phishtank',
      'github-ioc',
      'openphish-commercial',
      'csv',
    ]);
  });

  /** One small sample per format; each must be recognised by its own detector above all others. */
  const samples: Record<string, FeedSample> = {
    'feodo-csv': {
      lines: [
        '# abuse.ch Feodo Tracker Botnet C2 IP Blocklist (CSV)',
        '"first_seen_utc","dst_ip","dst_port","c2_status","last_online","malware"',
      ],
    },
    'feodo-json': {
      lines: [
        '[',
        '{"ip_address": "192.0.2.1", "port": 443, "last_online": "2024-01-01", "malware": "Dridex"}',
      ],
    },
    'urlhaus-csv': {
      lines: [
        '# abuse.ch URLhaus Database Dump (CSV - recent URLs only)',
        '# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter',
      ],
    },
    'threatfox-json': {
      lines: [
        '{"query_status": "ok", "data": [{"ioc": "1.2.3.4:80", "ioc_type": "ip:port", "threat_type": "botnet_cc"}]}',
      ],
    },
    'sslbl-csv': {
      lines: [
        '# abuse.ch SSLBL Botnet C2 IP Blacklist (CSV)',
        '# Firstseen,DstIP,DstPort',
        '2024-01-01 00:00:00,192.0.2.1,443',
      ],
    },
    stix2: { lines: ['{', '  "type": "bundle",', '  "objects": ['] },
    'misp-event': { lines: ['{"Event": {"info": "x", "Attribute": []}}'] },
    'misp-manifest': {
      name: 'manifest.json',
      lines: ['{"5e9decf1-3e24-4143-9fb2-0b81c0a80102": {"info": "x", "timestamp": "1"}}'],
    },
    otx: {
      lines: [
        '[{"name": "p", "author_name": "a", "indicators": [{"indicator": "1.2.3.4", "type": "IPv4"}]}]',
      ],
    },
    blueliv: {
      lines: ['[{"url": "http://x/", "type": "MALWARE", "firstSeenAt": "2015-10-20T06:14:00+0000"}]'],
    },
    eset: { lines: ['[{"domain": "x.example", "reason": "r", "state": "BlockedObject", "valid_to": null}]'] },
    phishtank: { lines: ['[{"phish_id": "1", "url": "http://x/"}]'] },
    'github-ioc': { lines: ['[{"Indicator": "1.2.3.4", "Description": "IP C2"}]'] },
    'openphish-commercial': {
      lines: ['{"url": "http://x/", "brand": "B", "isotime": "2022-03-22T05:06:25Z"}'],
    },
    csv: { lines: ['indicator,comment', '192.0.2.1,x'] },
  };

  it.each(ids)('%s wins detection on its own sample', (id) => {
    const sample = samples[id]!;
    const scores = structuredFormats.map((f) => ({ id: f.id, score: f.detect(sample) }));
    const own = scores.find((s) => s.id === id)!.score;
    expect(own).toBeGreaterThan(0);
    for (const other of scores) if (other.id !== id) expect(other.score, other.id).toBeLessThan(own);
  });

  it('answers 0–1 from every detector and never throws, even on garbage', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 300 }), { maxLength: 20 }),
        fc.option(fc.string({ maxLength: 40 })),
        (lines, name) => {
          for (const format of structuredFormats) {
            const score = format.detect(name === null ? { lines } : { lines, name });
            expect(score).toBeGreaterThanOrEqual(0);
            expect(score).toBeLessThanOrEqual(format.id === 'csv' ? 0.3 : 1);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never throws from a parser on arbitrary lines, and every rejection has a reason and a short text', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constantFrom(
        '[',
        '{',
        '"',
        '{"Event":',
        '[{"ioc":1}]',
        '{"type":"bundle","objects":[1,null,{"type":"indicator"}]}',
        '\u0000\uFFFD\uD800',
      ),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        for (const format of structuredFormats) {
          const { rejections } = run(format, lines);
          for (const r of rejections) {
            expect(r.reason.length).toBeGreaterThan(0);
            expect(r.text.length).toBeLessThanOrEqual(201);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('handles a 10 MB line and deeply nested JSON without throwing', () => {
    const huge = `"${'a'.repeat(10 * 1024 * 1024)}",1.2.3.4`;
    const nested = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const nestedObject = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    for (const format of structuredFormats) {
      expect(() => run(format, [huge])).not.toThrow();
      expect(() => run(format, [nested])).not.toThrow();
      expect(() => run(format, [nestedObject])).not.toThrow();
    }
  });
});
