import { describe, expect, it } from 'vitest';
import { parseObservationReport, ReportFormatError } from './index.js';

const text = [
  '\ufeff# exported by a provincial firewall (written for this test)',
  'Địa chỉ IP;Thời gian;Mã độc;Cổng;Ghi chú',
  '198.51.100.100;2024-08-01 09:00:00;"Lumma; stealer";443;"dòng ""một"""',
  '198.51.100.101;2024-08-01 09:05:00;;80;',
  '198.51.100.300;2024-08-01 09:10:00;x;80;',
].join('\r\n');

const mapping = { ip: 'địa chỉ ip', time: 'Thời gian', family: 'Mã độc', port: 'Cổng', timeZone: '+07:00' };

describe('generic CSV with a column mapping', () => {
  it('reads the mapped columns, sniffing the delimiter and applying the time zone', () => {
    const result = parseObservationReport({ fileName: 'export.csv', text, mapping });
    expect(result.reportType).toBe('generic-csv');
    expect(result.records).toEqual([
      expect.objectContaining({
        ip: '198.51.100.100',
        time: '2024-08-01T02:00:00.000Z',
        family: 'lumma; stealer',
        port: 443,
        category: 'infected',
        source: 'generic-csv',
      }),
      expect.objectContaining({ ip: '198.51.100.101', family: null, port: 80 }),
    ]);
    expect(result.records[0]!.raw['Ghi chú']).toBe('dòng "một"');
    expect(result.rejected).toEqual([
      { line: 5, reason: 'column "địa chỉ ip" "198.51.100.300" is not an IP address' },
    ]);
  });

  it('takes a category from a column or as a constant', () => {
    const csv =
      'ip,seen,kind\n192.0.2.1,2024-01-01T00:00:00Z,honeypot\n192.0.2.2,2024-01-01T00:00:00Z,nonsense';
    const byColumn = parseObservationReport({
      fileName: 'a.csv',
      text: csv,
      mapping: { ip: 'ip', time: 'seen', category: 'kind' },
    });
    expect(byColumn.records.map((r) => r.category)).toEqual(['honeypot']);
    expect(byColumn.rejected[0]!.line).toBe(3);
    expect(byColumn.rejected[0]!.reason).toMatch(/category "nonsense" is not one of infected, honeypot/);
    const fixed = parseObservationReport({
      fileName: 'a.csv',
      text: csv,
      format: 'generic-csv',
      mapping: { ip: 'ip', time: 'seen', category: 'vulnerable' },
    });
    expect(fixed.records.map((r) => r.category)).toEqual(['vulnerable', 'vulnerable']);
  });

  it('refuses an unusable mapping with a message that lists what is there', () => {
    const csv = 'ip,seen\n192.0.2.1,2024-01-01';
    const run = (m: Record<string, string>) => () =>
      parseObservationReport({ fileName: 'a.csv', text: csv, mapping: m });
    expect(run({ ip: 'ip', time: 'when' })).toThrow(
      'the header has no column for time → "when"; its columns are: ip, seen',
    );
    expect(run({ ip: 'ip' })).toThrow('the column mapping must name the "time" column');
    expect(run({ ip: 'ip', time: 'seen', colour: 'x' })).toThrow(/unknown mapping key\(s\) colour/);
    expect(run({ ip: 'ip', time: 'seen', timeZone: 'Asia/Hanoi' })).toThrow(ReportFormatError);
    expect(run({ ip: 'ip', time: 'seen', delimiter: '::' })).toThrow(/delimiter/);
  });

  it('honours an explicit tab delimiter', () => {
    const csv = 'ip\tseen\n192.0.2.9\t2024-01-01 00:00:00';
    const result = parseObservationReport({
      fileName: 'a.tsv',
      text: csv,
      mapping: { ip: 'ip', time: 'seen', delimiter: 'tab' },
    });
    expect(result.records[0]!.ip).toBe('192.0.2.9');
  });
});
