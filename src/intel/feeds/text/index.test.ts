import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeedSample } from '../format.js';
import { threatTypes } from '../../model.js';
import { textFormats } from './index.js';
import { corpusLines, run } from './test-support/run.js';

const known = new Set<string>(threatTypes);

function best(sample: FeedSample): string {
  const scored = textFormats
    .map((f) => ({ id: f.id, score: f.detect(sample) }))
    .sort((a, b) => b.score - a.score);
  expect(scored[0]!.score).toBeGreaterThan(scored[1]!.score);
  return scored[0]!.id;
}

describe('textFormats', () => {
  it('has unique ids and titles for every format', () => {
    const ids = textFormats.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('plain');
    expect(ids).toContain('rpz');
    expect(ids).toHaveLength(25);
    for (const format of textFormats) expect(format.title.length).toBeGreaterThan(10);
  });

  it('never lets a generic format claim more than 0.3', () => {
    const samples: FeedSample[] = [
      { lines: ['192.0.2.1', '192.0.2.2'] },
      { lines: ['evil.example'] },
      { name: 'feed.txt', lines: ['http://evil.example/x'] },
    ];
    for (const sample of samples)
      expect(textFormats.find((f) => f.id === 'plain')!.detect(sample)).toBeLessThanOrEqual(0.3);
  });

  it('survives hostile input in every format', () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const hostile = [
      huge,
      '\u0000\u0001\uFFFD\uD800garbage\u0007',
      '"unbalanced, "quotes',
      '( ( ( unclosed',
      '{"a":'.repeat(5000),
      '['.repeat(100_000),
      '#'.repeat(70_000),
      '||' + '^'.repeat(10_000),
      'alert ip [' + '1,'.repeat(50_000),
    ];
    for (const format of textFormats) {
      const { items, rejections } = run(format, hostile, { name: 'x.txt' });
      expect(items.length).toBeLessThanOrEqual(hostile.length);
      for (const r of rejections) {
        expect(r.text.length).toBeLessThanOrEqual(201);
        expect(r.reason.length).toBeGreaterThan(5);
      }
      expect(() => format.detect({ name: 'x', lines: hostile })).not.toThrow();
    }
  });

  it('never throws on arbitrary lines and reports only real line numbers and known threat types', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 80 }), { maxLength: 20 }), (lines) => {
        for (const format of textFormats) {
          const { items, rejections } = run(format, lines);
          for (const item of [...items, ...rejections]) {
            expect(item.line).toBeGreaterThanOrEqual(1);
            expect(item.line).toBeLessThanOrEqual(Math.max(1, lines.length));
          }
          for (const item of items) if (item.threatType) expect(known.has(item.threatType)).toBe(true);
          const score = format.detect({ lines });
          expect(score >= 0 && score <= 1).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  const detections: [string, string, string][] = [
    ['feeds/spamhaus_drop/intelmq/drop.txt', 'drop.txt', 'spamhaus-drop'],
    ['feeds/spamhaus_drop/asn_drop.json', 'asn_drop.json', 'spamhaus-asn-drop'],
    ['feeds/dshield/intelmq/block.txt', 'block.txt', 'dshield-block'],
    ['feeds/dshield/intelmq/asdetailsascii.html', 'asdetailsascii.html', 'dshield-asn'],
    ['feeds/emergingthreats_botcc/botcc.rules', 'botcc.rules', 'et-botcc'],
    ['feeds/maltrail/static/malware_emotet.txt', 'malware_emotet.txt', 'maltrail'],
    ['feeds/wazuh_cdb_lists/malware-hashes', 'malware-hashes', 'wazuh-cdb'],
    ['feeds/rpz/bind9-tests/rpzrecurse__ns3__policy.db', 'policy.db', 'rpz'],
    ['feeds/hosts_lists/nocoin.hosts.txt', 'hosts.txt', 'hosts'],
    ['feeds/hosts_lists/blocklistproject-ransomware.dnsmasq.txt', 'ransomware-dnsmasq.txt', 'dnsmasq'],
    ['feeds/dataplane/intelmq/vncrfb.txt', 'vncrfb.txt', 'dataplane'],
    ['feeds/bambenek/intelmq/c2-ipmasterlist.txt', 'c2-ipmasterlist.txt', 'bambenek'],
    ['feeds/turris/intelmq/test_parser.INPUT.csv', 'greylist-latest.csv', 'turris'],
    ['feeds/malwarepatrol/intelmq/getfile', 'getfile', 'malwarepatrol'],
    ['feeds/abusech_sslbl/sslipblacklist.txt', 'sslipblacklist.txt', 'abusech-txt'],
    ['feeds/abusech_threatfox/criticalpath-threatfox-ips.txt', 'threatfox.txt', 'plain'],
    ['feeds/emergingthreats_compromised/compromised-ips.txt', 'compromised-ips.txt', 'et-compromised'],
  ];
  for (const [path, name, id] of detections) {
    const lines = corpusLines(path);
    it.skipIf(lines === null)(`detects ${path} as ${id}`, () => {
      expect(best({ name, lines: lines!.slice(0, 200) })).toBe(id);
    });
  }
});
