import { describe, expect, it } from 'vitest';
import { plainFormat } from './plain.js';
import { corpusLines, crlf, run } from './test-support/run.js';

const sample = `\uFEFF# Example list
# Last updated: 2024-03-01 10:00:00 UTC
; semicolon comment
// slash comment
! bang comment

192.0.2.1
192.0.2.2 # seen 2024-01-01
198.51.100.0/24 ; SBL123
evil.example
http://evil.example/login.php?a=1#frag
d41d8cd98f00b204e9800998ecf8427e
203.0.113.9:8080
this is not a value
c2.example,Domain used by somebot,2016-11-12 15:02,http://x.example/manual.txt
`;

describe('plain', () => {
  it('reads one value per line, with inline comments and comma-first lines', () => {
    const { items, rejections } = run(plainFormat, sample);
    expect(items.map((i) => i.value)).toEqual([
      '192.0.2.1',
      '192.0.2.2',
      '198.51.100.0/24',
      'evil.example',
      'http://evil.example/login.php?a=1#frag',
      'd41d8cd98f00b204e9800998ecf8427e',
      '203.0.113.9',
      'c2.example',
    ]);
    expect(items[1]).toMatchObject({
      line: 8,
      description: 'seen 2024-01-01',
      lastSeen: '2024-03-01T10:00:00.000Z',
    });
    expect(items[2]!.description).toBe('SBL123');
    expect(items[6]!.port).toBe(8080);
    expect(items[7]!.description).toBe('Domain used by somebot');
    expect(rejections).toEqual([
      {
        line: 14,
        reason: 'the line has text after the value that is not a comment (start comments with # or ;)',
        text: 'this is not a value',
      },
    ]);
  });

  it('accepts // and ! as inline comment markers too', () => {
    const { items } = run(plainFormat, '192.0.2.1 // from honeypot 7\nevil.example ! old entry\n');
    expect(items).toEqual([
      { line: 1, value: '192.0.2.1', description: 'from honeypot 7' },
      { line: 2, value: 'evil.example', description: 'old entry' },
    ]);
  });

  it('gives the same result for CRLF files', () => {
    const lf = run(plainFormat, sample);
    const crlfResult = run(plainFormat, crlf(sample));
    expect(crlfResult).toEqual(lf);
  });

  it('rejects a single word with the line number and says why', () => {
    const { items, rejections } = run(plainFormat, '192.0.2.1\n<pre>\n');
    expect(items).toHaveLength(1);
    expect(rejections[0]).toMatchObject({
      line: 2,
      reason: '"<pre>" is not an IP address, network, domain, URL or hash',
    });
  });

  it('uses the configured threat type over a title guess, and the guess otherwise', () => {
    const text = '# Title: Ransomware list\n192.0.2.1\n';
    expect(run(plainFormat, text).items[0]!.threatType).toBe('ransomware');
    expect(
      run(plainFormat, text, { defaultThreatType: 'c2', defaultFamily: 'emotet' }).items[0],
    ).toMatchObject({
      threatType: 'c2',
      family: 'emotet',
    });
  });

  it('rejects an over-long line without reading it', () => {
    const { items, rejections } = run(plainFormat, ['a'.repeat(20_000), '192.0.2.1']);
    expect(items).toHaveLength(1);
    expect(rejections[0]!.line).toBe(1);
    expect(rejections[0]!.reason).toMatch(/20000 characters long/);
    expect(rejections[0]!.text.length).toBeLessThanOrEqual(201);
  });

  it('answers at most 0.3 when detecting', () => {
    expect(plainFormat.detect({ lines: ['192.0.2.1', '192.0.2.2'] })).toBe(0.3);
    expect(plainFormat.detect({ lines: ['hello world', 'foo bar'] })).toBe(0);
  });

  const corpus = corpusLines('feeds/abusech_sslbl/criticalpath-abuse-ch-ipblocklist.txt');
  it.skipIf(corpus === null)('reads the Critical Path mirror of the abuse.ch IP blocklist', () => {
    const { items, rejections } = run(plainFormat, corpus!);
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(200);
    expect(items[0]!.value).toBe('67.213.75.205');
    expect(items[199]!.value).toBe('172.245.248.239');
  });

  const blp = corpusLines('feeds/hosts_lists/blocklistproject-malware.ip.txt');
  it.skipIf(blp === null)('reads the Block List Project IP list and its header title', () => {
    const { items, rejections } = run(plainFormat, blp!);
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(185);
    expect(items[0]).toMatchObject({ line: 16, value: '1.109.105.144', threatType: 'malware' });
  });
});
