import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { leefFormat } from './leef.js';
import { assertNeverThrows, hugeLine } from './test-support/corpus.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };

const v1 =
  'LEEF:1.0|Acme|Gateway|2.1|conn|\tsrc=10.100.0.4\tdst=203.0.113.60\tsrcPort=5555\tdstPort=443\tproto=TCP\t' +
  'action=allow\tdevTime=1700000000123\tidentHostName=gw-01';
const v2 =
  '<13>Jan  5 10:00:00 fw1 LEEF:2.0|Acme|Gateway|2.1|web|^|src=2001:db8:a0::1^dst=2001:db8:a0::2^dstPort=80^' +
  'action=blocked^url=http://dropper.example/x.exe^devTime=Jan 05 2024 10:00:00';
const hexSep =
  'LEEF:2.0|Acme|Gateway|2.1|web|x7C|src=10.100.0.5|dst=10.100.0.6|act=drop|devTime=2024-01-05T10:00:00+00:00';
const spaces = 'LEEF:1.0|Acme|Gateway|2.1|conn|src=10.100.0.7 dst=10.100.0.8 dstPort=22 action=deny';

describe('leef', () => {
  it('reads LEEF 1.0 with tab separators and epoch devTime', () => {
    expect(leefFormat.parse(v1, ctx)).toEqual({
      format: 'leef',
      sourceIp: '10.100.0.4',
      destinationIp: '203.0.113.60',
      sourcePort: 5555,
      destinationPort: 443,
      protocol: 'tcp',
      rawAction: 'allow',
      action: 'allowed',
      time: '2023-11-14T22:13:20.123Z',
      device: 'gw-01',
    });
  });

  it('reads LEEF 2.0 with a declared separator, IPv6, a blocked URL, month-name time', () => {
    expect(leefFormat.parse(v2, ctx)).toEqual({
      format: 'leef',
      sourceIp: '2001:db8:a0::1',
      destinationIp: '2001:db8:a0::2',
      destinationPort: 80,
      rawAction: 'blocked',
      action: 'blocked',
      urlOriginal: 'http://dropper.example/x.exe',
      urlDomain: 'dropper.example',
      time: '2024-01-05T03:00:00.000Z',
      device: 'fw1',
    });
  });

  it('reads a hex separator and tolerates space-separated senders', () => {
    expect(leefFormat.parse(hexSep, ctx)).toMatchObject({
      sourceIp: '10.100.0.5',
      action: 'blocked',
      time: '2024-01-05T10:00:00.000Z',
    });
    expect(leefFormat.parse(spaces, ctx)).toMatchObject({
      sourceIp: '10.100.0.7',
      destinationPort: 22,
      action: 'blocked',
    });
  });

  it('returns null for truncated headers', () => {
    expect(leefFormat.parse('LEEF:1.0|Acme|Gateway', ctx)).toBeNull();
    expect(leefFormat.parse('CEF:0|a|b|c|d|e|f|src=1.2.3.4', ctx)).toBeNull();
  });

  it('detects LEEF', () => {
    expect(leefFormat.detect(v1)).toBeGreaterThan(0.8);
    expect(leefFormat.detect('CEF:0|a|b|c|d|e|f|')).toBe(0);
  });

  it('never throws on random or damaged input', () => {
    assertNeverThrows(leefFormat, [v1, v2, hexSep, spaces]);
  });

  it('stays linear on a 10 MB line', () => {
    expect(() => leefFormat.parse(`LEEF:1.0|a|b|c|d|${hugeLine('\tx')}`, ctx)).not.toThrow();
    expect(() => leefFormat.parse(`LEEF:2.0|a|b|c|d|^|${hugeLine('^k=v')}`, ctx)).not.toThrow();
  });
});
