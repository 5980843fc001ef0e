import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { CefCursor, cefFormat } from './cef.js';
import {
  assertNeverThrows,
  corpusAgreement,
  describeAgreement,
  hasCorpus,
  hugeLine,
  warnNoCorpus,
} from './test-support/corpus.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };

const allow =
  'CEF:0|Acme|Edge FW|5.1|100|Connection allowed|3|rt=1700000000123 src=10.90.0.4 spt=51000 dst=203.0.113.44 dpt=443 ' +
  'proto=TCP act=accept dvchost=edge-01 msg=Session opened for user a b c';
const block =
  '<134>Jan  5 10:00:00 collector CEF:0|Acme|Web Proxy|2.0|URL|Blocked URL|7|src=10.90.0.5 dst=203.0.113.45 dpt=80 ' +
  'act=blocked request=http://bad.example/get.php?a\\=1&b\\=2 requestHost=bad.example cs1Label=Rule cs1=deny \\| all';
const v6 =
  'CEF:1|Acme|Edge FW|5.1|101|v6|3|c6a2=2001:db8:90::4 c6a3=2001:db8:90::5 spt=1000 dpt=25 act=drop start=Jan 05 2024 10:00:00';

describe('cef (generic)', () => {
  it('reads header and extension, values with spaces included', () => {
    expect(cefFormat.parse(allow, ctx)).toEqual({
      format: 'cef',
      time: '2023-11-14T22:13:20.123Z',
      sourceIp: '10.90.0.4',
      sourcePort: 51000,
      destinationIp: '203.0.113.44',
      destinationPort: 443,
      protocol: 'tcp',
      rawAction: 'accept',
      action: 'allowed',
      device: 'edge-01',
    });
  });

  it('reads a blocked URL with escaped = and |, inside a syslog envelope', () => {
    expect(cefFormat.parse(block, ctx)).toMatchObject({
      urlOriginal: 'http://bad.example/get.php?a=1&b=2',
      urlDomain: 'bad.example',
      action: 'blocked',
      device: 'collector',
      time: '2024-01-05T03:00:00.000Z',
    });
  });

  it('reads the IPv6 address fields and a month-name start time at the context offset', () => {
    expect(cefFormat.parse(v6, ctx)).toMatchObject({
      sourceIp: '2001:db8:90::4',
      destinationIp: '2001:db8:90::5',
      action: 'blocked',
      time: '2024-01-05T03:00:00.000Z',
    });
  });

  it('exposes the header fields and unescapes the extension', () => {
    const cursor = new CefCursor();
    expect(cursor.reset('CEF:0|Ven\\|dor|Prod|1.0|42|Name with = sign|5|a=1 b=x\\=y z c=multi\\nline')).toBe(
      true,
    );
    expect([cursor.vendor, cursor.product, cursor.signatureId, cursor.name, cursor.severity]).toEqual([
      'Ven|dor',
      'Prod',
      '42',
      'Name with = sign',
      '5',
    ]);
    const pairs: string[] = [];
    while (cursor.next()) pairs.push(`${cursor.key}:${cursor.value}`);
    expect(pairs).toEqual(['a:1', 'b:x=y z', 'c:multi\nline']);
  });

  it('returns null for truncated headers and non-CEF text', () => {
    expect(cefFormat.parse('CEF:0|Acme|Edge FW|5.1', ctx)).toBeNull();
    expect(cefFormat.parse('LEEF:1.0|a|b|c|d|', ctx)).toBeNull();
  });

  it('detects CEF below the vendor parsers', () => {
    expect(cefFormat.detect(allow)).toBe(0.8);
    expect(cefFormat.detect('src=1.2.3.4')).toBe(0);
  });

  it('never throws on random or damaged input', () => {
    assertNeverThrows(cefFormat, [allow, block, v6]);
  });

  it('stays linear on 10 MB extensions', () => {
    expect(() => cefFormat.parse(`CEF:0|a|b|c|d|e|f|${hugeLine('k=v=w ')}`, ctx)).not.toThrow();
    expect(() => cefFormat.parse(`CEF:0|a|b|c|d|e|f|k=${hugeLine('\\=')}`, ctx)).not.toThrow();
  });
});

describe('cef: corpus (the CEF records of FortiGate, Palo Alto and Check Point)', () => {
  const vendorOnly: Record<string, string> = {
    'icmp_CEF.json': 'verdict only in the vendor key FortinetFortiGateaction',
    'ssh_access.CEF.json': 'address only in sproc=, a FortiGate convention',
    'url_cef.json': 'reference URL is a bare "https://" built from request=?%',
  };
  for (const product of ['fortinet_fortigate', 'panw', 'checkpoint']) {
    if (!hasCorpus(product)) warnNoCorpus(product);
    it.skipIf(!hasCorpus(product))(`agrees with the ${product} CEF expectations on the core fields`, () => {
      const agreement = corpusAgreement(cefFormat, product, (sample) => {
        const isCef = /^(CEF: ?)?\d\|/.test(sample.line.trimStart());
        if (!isCef) return 'not a CEF record';
        return vendorOnly[sample.file.slice(sample.file.lastIndexOf('/') + 1)];
      });
      console.info(describeAgreement(cefFormat, product, agreement));
      expect(agreement.failures).toEqual([]);
      expect(agreement.samples).toBeGreaterThanOrEqual(8);
    });
  }
});
