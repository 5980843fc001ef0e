import { describe, expect, it } from 'vitest';
import { maltrailFormat, trailKind } from './maltrail.js';
import { corpusLines, crlf, run } from './test-support/run.js';

const trail = `# Copyright (c) 2014-2026 Maltrail developers (https://github.com/stamparm/maltrail/)
# See the file 'LICENSE' for copying permission

# Aliases: emotet, heodo

# Reference: https://example.org/report-1
# Reference: https://example.org/report-2

192.0.2.10:443
c2.evil.example

# Reference: https://example.org/report-3

http://198.51.100.7
http://dl.evil.example/payload.bin
.evil-suffix
/gate.php
not a trail
`;

describe('maltrail', () => {
  it('takes family and threat type from the file name and references from the comments', () => {
    const { items } = run(maltrailFormat, crlf(trail), { name: 'trails/static/malware/emotet.txt' });
    expect(items.map((i) => [i.line, i.value, i.port])).toEqual([
      [9, '192.0.2.10', 443],
      [10, 'c2.evil.example', undefined],
      [14, '198.51.100.7', undefined],
      [15, 'http://dl.evil.example/payload.bin', undefined],
      [16, 'evil-suffix', undefined],
    ]);
    expect(items[0]).toEqual({
      line: 9,
      value: '192.0.2.10',
      port: 443,
      threatType: 'malware',
      family: 'emotet',
      tags: ['maltrail:emotet'],
      description: 'Reference: https://example.org/report-1 https://example.org/report-2',
    });
    expect(items[2]!.description).toBe('Reference: https://example.org/report-3');
    expect(items[4]!.type).toBe('domain');
  });

  it('rejects bare paths and prose with reasons', () => {
    const { rejections } = run(maltrailFormat, trail, { name: 'malware_emotet.txt' });
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [17, 'a bare URL path matches any host; it cannot be stored as an indicator'],
      [18, '"not a trail" is not a domain, address, network or URL'],
    ]);
  });

  it('maps categories to threat types', () => {
    expect(trailKind('malicious/c2_panel.txt')).toEqual({ category: 'malicious', name: 'c2_panel' });
    expect(trailKind('suspicious_onion.txt')).toEqual({ category: 'suspicious', name: 'onion' });
    const one = (name: string) => run(maltrailFormat, 'evil.example\n', { name }).items[0]!;
    expect(one('malicious/bad_proxy.txt').threatType).toBe('proxy');
    expect(one('suspicious/crypto_mining.txt').threatType).toBe('cryptomining');
    expect(one('suspicious/dynamic_domain.txt').threatType).toBe('other');
    expect(one('mass_scanner.txt').threatType).toBe('scanner');
    expect(one('suspicious/onion.txt').family).toBeUndefined();
  });

  it('keeps an inline comment as the description', () => {
    const { items } = run(maltrailFormat, '192.0.2.1 # scanner.example.org\n', { name: 'mass_scanner.txt' });
    expect(items[0]).toMatchObject({
      value: '192.0.2.1',
      description: 'scanner.example.org',
      threatType: 'scanner',
    });
  });

  const corpus = corpusLines('feeds/maltrail/static/malware_emotet.txt');
  it.skipIf(corpus === null)('reads the Maltrail emotet trail', () => {
    const { items, rejections } = run(maltrailFormat, corpus!, { name: 'malware_emotet.txt' });
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(98);
    expect(items[0]).toMatchObject({
      value: '66.210.228.178',
      port: 443,
      family: 'emotet',
      threatType: 'malware',
    });
    expect(items.some((i) => i.value === 'dvr.petcp.com')).toBe(true);
    expect(maltrailFormat.detect({ name: 'malware_emotet.txt', lines: corpus!.slice(0, 200) })).toBe(1);
  });

  const panels = corpusLines('feeds/maltrail/static/malicious_c2_panel.txt');
  it.skipIf(panels === null)('rejects the path-only C2 panel trail line by line', () => {
    const { items, rejections } = run(maltrailFormat, panels!, { name: 'malicious_c2_panel.txt' });
    expect(items).toEqual([]);
    expect(rejections).toHaveLength(77);
    expect(rejections[0]).toMatchObject({ line: 7, text: '/adin/admin.php' });
  });
});
