import { describe, expect, it } from 'vitest';
import { fileTimeToIso } from './ctip.js';
import { parseObservationReport } from './index.js';

describe('Microsoft CTIP', () => {
  it('reads the Interflow JSON array (records numbered from 1)', () => {
    const text = JSON.stringify([
      {
        indicatorthreattype: 'Botnet',
        externalid: 'B99-Example',
        firstreporteddatetime: '2024-02-01T08:09:10',
        networksourceipv4: '198.51.100.30',
        networksourceport: 5555,
        networkdestinationipv4: '192.0.2.1, 192.0.2.2',
        networkdestinationport: 80,
        networksourceasn: '64502',
      },
      { indicatorthreattype: 'Botnet', networksourceipv4: '198.51.100.31', firstreporteddatetime: 'soon' },
    ]);
    const result = parseObservationReport({ fileName: 'ctip.json', text });
    expect(result.reportType).toBe('microsoft-ctip');
    expect(result.records).toEqual([
      expect.objectContaining({
        ip: '198.51.100.30',
        port: 5555,
        time: '2024-02-01T08:09:10.000Z',
        family: 'b99-example',
        category: 'infected',
        asn: 64502,
        destinationIp: '192.0.2.1',
        destinationPort: 80,
      }),
    ]);
    expect(result.rejected).toEqual([
      { line: 2, reason: 'firstreporteddatetime "soon" is not a date and time' },
    ]);
  });

  it('reads the Azure JSON Lines with their FILETIME receive times', () => {
    const line = (ip: string, ticks: number) =>
      JSON.stringify({
        DataFeed: 'CTIP-Infected',
        DateTimeReceivedUtc: ticks,
        ThreatCode: 'B67-SS-Example',
        SourceIp: ip,
        SourcePort: 1234,
        DestinationIp: '192.0.2.9',
        DestinationPort: 443,
        SourceIpInfo: { SourceIpAsnNumber: '64503' },
        HttpInfo: { HttpHost: 'c2.example.org', HttpRequest: '/p' },
      });
    const text = [
      line('198.51.100.40', 133000000000000000),
      '{broken',
      line('198.51.100.41', 133000000000000000),
    ].join('\n');
    const result = parseObservationReport({ fileName: 'ctip-azure.json', text });
    expect(result.records.map((r) => r.ip)).toEqual(['198.51.100.40', '198.51.100.41']);
    expect(result.records[0]).toMatchObject({
      time: fileTimeToIso(133000000000000000),
      family: 'b67-ss-example',
      asn: 64503,
      url: 'http://c2.example.org/p',
    });
    expect(result.rejected).toEqual([{ line: 2, reason: 'not valid JSON: "{broken"' }]);
  });

  it('converts Windows FILETIME ticks', () => {
    expect(fileTimeToIso(116444736000000000)).toBe('1970-01-01T00:00:00.000Z');
    expect(fileTimeToIso(116444736000000000 + 15_000_000)).toBe('1970-01-01T00:00:01.500Z');
  });
});
