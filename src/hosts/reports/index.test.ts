import { describe, expect, it } from 'vitest';
import {
  observationFormats,
  observationMappingKeys,
  parseObservationReport,
  ReportFormatError,
} from './index.js';

describe('parseObservationReport', () => {
  it('lists every format with a label', () => {
    expect(observationFormats.map((f) => f.id)).toEqual([
      'shadowserver',
      'team-cymru-cap',
      'microsoft-ctip',
      'spamhaus-cert',
      'cznic-haas',
      'cznic-proki',
      'anubisnetworks',
      'dyn-ponmocup',
      'generic-csv',
    ]);
    for (const f of observationFormats) expect(f.label.length).toBeGreaterThan(5);
    expect(observationMappingKeys.fields).toContain('destinationPort');
    expect(observationMappingKeys.settings).toEqual(['timeZone', 'delimiter']);
  });

  it('throws a clear error listing the supported formats for a file it cannot place', () => {
    const call = () => parseObservationReport({ fileName: 'notes.txt', text: 'hello\nworld\n' });
    expect(call).toThrow(ReportFormatError);
    expect(call).toThrow(
      /"notes.txt" is not a report format we recognise; supported formats: shadowserver, team-cymru-cap/,
    );
    expect(() => parseObservationReport({ fileName: 'e.csv', text: '\n \n' })).toThrow(
      'the file "e.csv" is empty',
    );
  });

  it('refuses an unknown format id, and variants of formats that have none', () => {
    expect(() => parseObservationReport({ fileName: 'a', text: 'x', format: 'acme' })).toThrow(
      /unknown report format "acme"; supported formats: /,
    );
    expect(() => parseObservationReport({ fileName: 'a', text: 'x', format: 'team-cymru-cap:v2' })).toThrow(
      /has no variants/,
    );
  });

  it('refuses to guess between formats that both claim a file, naming them', () => {
    const text = JSON.stringify([
      { ip: '192.0.2.1', networksourceipv4: '192.0.2.1', login_successful: true },
    ]);
    expect(() => parseObservationReport({ fileName: 'both.json', text })).toThrow(
      /could be read as several report formats \(microsoft-ctip, cznic-haas\)/,
    );
    expect(parseObservationReport({ fileName: 'both.json', text, format: 'cznic-haas' }).reportType).toBe(
      'cznic-haas',
    );
  });

  it('uses the requested format even when detection would pick another', () => {
    const text = 'ip,time\n192.0.2.1,2024-01-01';
    const result = parseObservationReport({
      fileName: 'x.csv',
      text,
      format: 'generic-csv',
      mapping: { ip: 'ip', time: 'time' },
    });
    expect(result.records).toHaveLength(1);
  });
});
