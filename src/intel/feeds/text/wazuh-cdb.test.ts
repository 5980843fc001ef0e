import { describe, expect, it } from 'vitest';
import { prefixToCidr, wazuhCdbFormat } from './wazuh-cdb.js';
import { corpusLines, crlf, run } from './test-support/run.js';

const list = `# a comment
192.0.2.1:
10.1.2.:internal range
evil.example:phishing
d41d8cd98f00b204e9800998ecf8427e:ZeuS
"2001:db8::1":c2 server

not valid key:x
"unclosed:x
`;

describe('wazuh-cdb', () => {
  it('reads keys as indicators and values as family or threat words', () => {
    const { items } = run(wazuhCdbFormat, crlf(list), { name: 'malicious-ip' });
    expect(items).toEqual([
      { line: 2, value: '192.0.2.1' },
      { line: 3, value: '10.1.2.0/24', description: 'internal range' },
      { line: 4, value: 'evil.example', threatType: 'phishing', description: 'phishing' },
      { line: 5, value: 'd41d8cd98f00b204e9800998ecf8427e', threatType: 'malware', family: 'ZeuS' },
      { line: 6, value: '2001:db8::1', threatType: 'c2', description: 'c2 server' },
    ]);
  });

  it('rejects unusable keys with their line', () => {
    const { rejections } = run(wazuhCdbFormat, list);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [8, 'the key "not valid key" is not an address, address prefix, domain, URL or hash'],
      [9, 'expected "key:value" (quote keys that contain ":")'],
    ]);
  });

  it('expands dotted prefixes the way Wazuh matches them', () => {
    expect(prefixToCidr('10.')).toBe('10.0.0.0/8');
    expect(prefixToCidr('172.16.')).toBe('172.16.0.0/16');
    expect(prefixToCidr('10.1.2.')).toBe('10.1.2.0/24');
    expect(prefixToCidr('10.1.2.3.')).toBeNull();
    expect(prefixToCidr('evil.example.')).toBeNull();
  });

  it('does not take address:port lists for CDB lists', () => {
    expect(wazuhCdbFormat.detect({ lines: ['192.0.2.1:443', '192.0.2.2:80'] })).toBe(0);
    expect(wazuhCdbFormat.detect({ name: 'malicious-ip', lines: ['192.0.2.1:', '192.0.2.2:'] })).toBe(0.9);
  });

  const hashes = corpusLines('feeds/wazuh_cdb_lists/malware-hashes');
  it.skipIf(hashes === null)('reads the Wazuh malware-hashes list', () => {
    const { items, rejections } = run(wazuhCdbFormat, hashes!, { name: 'malware-hashes' });
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(200);
    expect(items[0]).toEqual({
      line: 1,
      value: '2fe6a7ae63c878bd84d7b829349b309e7c84194ddbb6a779816f5b84cd8ad45d',
      threatType: 'malware',
      family: 'DarkComet',
    });
  });

  const ips = corpusLines('feeds/wazuh_cdb_lists/malicious-ip');
  it.skipIf(ips === null)('reads the Wazuh malicious-ip list', () => {
    const { items, rejections } = run(wazuhCdbFormat, ips!, { name: 'malicious-ip' });
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(199);
    expect(items[0]).toEqual({ line: 1, value: '196.251.85.62' });
  });
});
