import { describe, expect, it } from 'vitest';
import { stix2Format } from './stix2.js';
import { run, sample } from './test-support/run.js';

const bundle = {
  type: 'bundle',
  id: 'bundle--1',
  objects: [
    {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--a',
      name: 'C2 of campaign',
      indicator_types: ['malicious-activity'],
      pattern: "[ipv4-addr:value = '192.0.2.66'] AND [domain-name:value = 'cc.example.vn']",
      pattern_type: 'stix',
      valid_from: '2025-01-01T00:00:00Z',
      valid_until: '2025-07-01T00:00:00.000Z',
      confidence: 80,
      labels: ['c2'],
    },
    { type: 'malware', id: 'malware--m', name: 'PlugX', is_family: true },
    {
      type: 'relationship',
      id: 'relationship--r',
      relationship_type: 'indicates',
      source_ref: 'indicator--a',
      target_ref: 'malware--m',
    },
    {
      type: 'indicator',
      id: 'indicator--b',
      pattern:
        "[file:hashes.'SHA-256' = '0000000000000000000000000000000000000000000000000000000000000000' AND network-traffic:dst_port = 443]",
      valid_from: '2025-02-01T00:00:00Z',
    },
    { type: 'indicator', id: 'indicator--c', pattern: 'rule x { condition: true }', pattern_type: 'yara' },
    { type: 'indicator', id: 'indicator--d', pattern: "[email-addr:value = 'a@example.com']" },
    {
      type: 'indicator',
      id: 'indicator--e',
      pattern: "[url:value = 'http://x.example/",
      valid_from: '2025-01-01T00:00:00Z',
    },
    { type: 'indicator', id: 'indicator--f', pattern: "[ipv4-addr:value = '192.0.2.1']", revoked: true },
    {
      type: 'indicator',
      id: 'indicator--g',
      pattern: "[domain-name:value = 'safe.example']",
      indicator_types: ['benign'],
    },
  ],
};

describe('stix2', () => {
  const { items, rejections } = run(stix2Format, JSON.stringify(bundle, null, 2));

  it('emits each value of an AND pattern with the note, family, confidence and validity', () => {
    expect(items.slice(0, 2)).toEqual([
      {
        line: 1,
        value: '192.0.2.66',
        type: 'ipv4',
        threatType: 'c2',
        family: 'PlugX',
        confidence: 80,
        firstSeen: '2025-01-01T00:00:00Z',
        expiresAt: '2025-07-01T00:00:00Z',
        tags: ['malicious-activity', 'c2'],
        description:
          'C2 of campaign — STIX pattern requires all of: 192.0.2.66, cc.example.vn; each value is listed on its own',
      },
      expect.objectContaining({ line: 1, value: 'cc.example.vn', type: 'domain', family: 'PlugX' }),
    ]);
  });

  it('imports the supported part of a mixed pattern and names the rest', () => {
    expect(items[2]).toEqual({
      line: 4,
      value: '0000000000000000000000000000000000000000000000000000000000000000',
      type: 'sha256',
      firstSeen: '2025-02-01T00:00:00Z',
      description: 'pattern also tests network-traffic:dst_port, not matched here',
    });
    expect(items).toHaveLength(3);
  });

  it('rejects unusable indicators with their object index and a reason', () => {
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [
        4,
        "ignored unsupported comparison(s) network-traffic:dst_port; the pattern's other values were imported",
      ],
      [5, 'pattern_type "yara" is not supported (only stix patterns)'],
      [
        6,
        'pattern has no address, domain, URL or file-hash comparison we can match (found: email-addr:value)',
      ],
      [7, expect.stringMatching(/^pattern could not be parsed: unterminated string/)],
      [8, 'indicator is revoked'],
      [9, 'indicator is labelled benign; it is not a threat to import'],
    ]);
  });

  it('accepts a bare indicator object and an array of objects', () => {
    const one = run(
      stix2Format,
      JSON.stringify({ type: 'indicator', pattern: "[url:value = 'http://a.example/x']" }),
    );
    expect(one.items).toEqual([{ line: 1, value: 'http://a.example/x', type: 'url' }]);
    const list = run(
      stix2Format,
      JSON.stringify([
        { type: 'indicator', pattern: "[ipv6-addr:value = '2001:db8::9']", labels: ['malicious-activity'] },
      ]),
    );
    expect(list.items).toEqual([
      { line: 1, value: '2001:db8::9', type: 'ipv6', threatType: 'malware', tags: ['malicious-activity'] },
    ]);
  });

  it('explains a document with no indicators', () => {
    const { rejections: r } = run(
      stix2Format,
      JSON.stringify({ type: 'bundle', objects: [{ type: 'malware', name: 'x' }] }),
    );
    expect(r[0]!.reason).toBe(
      'no STIX indicator objects in the document (found: malware); only indicators are imported',
    );
  });

  it('detects bundles and indicators', () => {
    expect(stix2Format.detect(sample('{\n  "type": "bundle",\n  "id": "bundle--1"'))).toBe(1);
    expect(stix2Format.detect(sample('{"type":"indicator","pattern":"[…]"}'))).toBe(0.95);
    expect(stix2Format.detect(sample('[{"Indicator": "x"}]'))).toBe(0);
  });
});
