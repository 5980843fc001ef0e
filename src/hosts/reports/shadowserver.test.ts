import { describe, expect, it } from 'vitest';
import { parseObservationReport, ReportFormatError } from './index.js';
import { shadowserverType, typeFromFileName, typesFromHeader } from './shadowserver.js';

/** Rows written for these tests (documentation addresses), in the shapes Shadowserver publishes. */
const sinkholeHttp = [
  'timestamp,protocol,src_ip,src_port,src_asn,src_geo,src_hostname,dst_ip,dst_port,infection,family,tag,http_url,http_host,http_agent',
  '2024-07-04 01:02:03,tcp,198.51.100.7,50123,64500,VN,host7.example.net,192.0.2.80,80,,Andromeda,avalanche-andromeda,/gate.php,c2.example.org,Mozilla/4.0',
  '2024-07-04 01:02:04,tcp,198.51.100.8,50124,64500,VN,,192.0.2.80,80,necurs,,necurs,"GET /a?b=1 HTTP/1.1",c2.example.org,',
].join('\n');

describe('Shadowserver reports', () => {
  it('reads an event report by header name and takes the type from the file name', () => {
    const result = parseObservationReport({
      fileName: '2024-07-04-event4_sinkhole_http-vn-asn.csv',
      text: sinkholeHttp,
    });
    expect(result.reportType).toBe('shadowserver:event4_sinkhole_http');
    expect(result.rejected).toEqual([]);
    expect(result.records[0]).toMatchObject({
      ip: '198.51.100.7',
      port: 50123,
      time: '2024-07-04T01:02:03.000Z',
      family: 'andromeda',
      category: 'infected',
      source: 'shadowserver:event4_sinkhole_http',
      asn: 64500,
      hostname: 'host7.example.net',
      url: 'http://c2.example.org/gate.php',
      protocol: 'tcp',
      destinationIp: '192.0.2.80',
      destinationPort: 80,
    });
    expect(result.records[0]!.raw['http_agent']).toBe('Mozilla/4.0');
    // a request line in http_url is reduced to its path; the infection names the family when family is empty
    expect(result.records[1]).toMatchObject({
      family: 'necurs',
      url: 'http://c2.example.org/a?b=1',
      hostname: null,
    });
  });

  it('survives header drift: reordered, extra and missing optional columns', () => {
    const drifted = [
      'severity,src_port,new_column_2031,timestamp,tag,src_ip',
      'high,4444,whatever,2024-07-05T00:00:00Z,mirai,2001:DB8:0:0::9',
    ].join('\n');
    const result = parseObservationReport({ fileName: '2024-07-05-event6_sinkhole-x.csv', text: drifted });
    expect(result.rejected).toEqual([]);
    expect(result.records).toEqual([
      expect.objectContaining({
        ip: '2001:db8::9',
        port: 4444,
        family: 'mirai',
        asn: null,
        destinationIp: null,
        source: 'shadowserver:event6_sinkhole',
      }),
    ]);
  });

  it('detects the type from the header when the file name does not name it', () => {
    const header = [...shadowserverType('scan_vnc')!.fields].join(',');
    const row = header
      .split(',')
      .map(
        (f) =>
          ({ timestamp: '2024-01-02 03:04:05', ip: '203.0.113.5', port: '5900', asn: 'AS64501', tag: 'vnc' })[
            f
          ] ?? '',
      )
      .join(',');
    const result = parseObservationReport({ fileName: 'report.csv', text: `${header}\n${row}` });
    expect(result.reportType).toBe('shadowserver:scan_vnc');
    expect(result.records[0]).toMatchObject({
      ip: '203.0.113.5',
      port: 5900,
      asn: 64501,
      category: 'vulnerable',
      family: 'vnc',
    });
  });

  it('tells the IPv4 and IPv6 editions of a report apart by the addresses in the rows', () => {
    const header = [...shadowserverType('scan_smb')!.fields].join(',');
    const ip = header.split(',').indexOf('ip');
    const row = (addr: string) =>
      header
        .split(',')
        .map((f, i) => (i === ip ? addr : f === 'timestamp' ? '2024-01-01 00:00:00' : ''))
        .join(',');
    expect(
      parseObservationReport({ fileName: 'a.csv', text: `${header}\n${row('2001:db8::7')}` }).reportType,
    ).toBe('shadowserver:scan6_smb');
    expect(
      parseObservationReport({ fileName: 'a.csv', text: `${header}\n${row('192.0.2.7')}` }).reportType,
    ).toBe('shadowserver:scan_smb');
  });

  it('refuses to guess between report types with the same columns, naming them', () => {
    const header = [...shadowserverType('event4_sinkhole')!.fields].join(',');
    const call = () => parseObservationReport({ fileName: 'sinkhole.csv', text: `${header}\n` });
    expect(call).toThrow(ReportFormatError);
    expect(call).toThrow(
      /event4_microsoft_sinkhole.*event4_sinkhole|event4_sinkhole.*event4_microsoft_sinkhole/,
    );
    expect(typesFromHeader(header.split(',')).ids.length).toBeGreaterThan(1);
  });

  it('treats a near-tie as a guess: an old header that is a subset of several types is refused', () => {
    const old = [...shadowserverType('event4_sinkhole')!.fields].filter(
      (f) => !['ssl_cipher', 'ssl_servername', 'severity'].includes(f),
    );
    const row = old
      .map((f) => (f === 'timestamp' ? '2024-01-01 00:00:00' : f === 'src_ip' ? '192.0.2.1' : ''))
      .join(',');
    const call = () => parseObservationReport({ fileName: 'upload.csv', text: `${old.join(',')}\n${row}` });
    expect(call).toThrow(/event4_honeypot_darknet/);
    expect(call).toThrow(/event4_sinkhole/);
  });

  it('turns bad rows into rejections with their line numbers', () => {
    const text = [
      'timestamp,ip,port,asn,tag',
      '2024-01-01 00:00:00,192.0.2.1,23,64500,telnet',
      '2024-01-01 00:00:00,192.0.2.999,23,64500,telnet',
      'not a time,192.0.2.2,23,64500,telnet',
      '2024-01-01 00:00:00,192.0.2.0/24,,64500,telnet',
      '2024-01-01 00:00:00,192.0.2.3,99999,64500,telnet',
      '2024-01-01 00:00:00,,23,64500,telnet',
    ].join('\n');
    const result = parseObservationReport({ fileName: '2024-01-01-scan_telnet-vn.csv', text });
    expect(result.records.map((r) => r.ip)).toEqual(['192.0.2.1']);
    expect(result.rejected).toEqual([
      { line: 3, reason: 'ip "192.0.2.999" is not an IP address' },
      { line: 4, reason: 'timestamp "not a time" is not a date and time' },
      { line: 5, reason: 'ip "192.0.2.0/24" is a network, not a single address' },
      { line: 6, reason: 'port "99999" is not a port number (0–65535)' },
      { line: 7, reason: 'the row names no IP address' },
    ]);
  });

  it('names the column a bad value came from', () => {
    const text =
      'timestamp,src_ip,src_port,infection\n2024-01-01 00:00:00,10.0.0.999,1,x\n2024-01-01 00:00:00,10.0.0.1,-1,x';
    const result = parseObservationReport({ fileName: '2024-01-01-event4_sinkhole-x.csv', text });
    expect(result.rejected).toEqual([
      { line: 2, reason: 'src_ip "10.0.0.999" is not an IP address' },
      { line: 3, reason: 'src_port "-1" is not a port number (0–65535)' },
    ]);
  });

  it('observes the target, not the attacker, in a DDoS-target report', () => {
    const text =
      'timestamp,protocol,dst_ip,dst_port,src_ip,src_port,infection\n2024-01-01 00:00:00,udp,198.51.100.1,53,192.0.2.9,123,ntp-amp';
    const record = parseObservationReport({ fileName: '2024-01-01-event4_honeypot_ddos_target-x.csv', text })
      .records[0];
    expect(record).toMatchObject({
      ip: '198.51.100.1',
      port: 53,
      destinationIp: '192.0.2.9',
      category: 'honeypot',
    });
  });

  it('uses the type asked for, and rejects an unknown one', () => {
    const text = 'timestamp,ip,tag\n2024-01-01 00:00:00,192.0.2.1,x';
    expect(
      parseObservationReport({ fileName: 'x.csv', text, format: 'shadowserver:blocklist' }).records[0]!
        .category,
    ).toBe('blocklisted');
    expect(() => parseObservationReport({ fileName: 'x.csv', text, format: 'shadowserver:nope' })).toThrow(
      /unknown Shadowserver report type "nope"/,
    );
  });

  it('reads report types from the file names Shadowserver uses', () => {
    expect(typeFromFileName('2024-07-04-dns_openresolver-123-sample-asn.csv')).toBeNull();
    expect(typeFromFileName('2020-04-03-scan_ics-sample-asn-delayed.csv')).toBe('scan_ics');
    expect(typeFromFileName('/tmp/uploads/scan_ssl.csv')).toBe('scan_ssl');
    expect(typeFromFileName('notes.txt')).toBeNull();
  });

  it('files each report family under the category a cleanup campaign needs', () => {
    expect(shadowserverType('event4_sinkhole')!.category).toBe('infected');
    expect(shadowserverType('event4_honeypot_brute_force')!.category).toBe('honeypot');
    expect(shadowserverType('blocklist')!.category).toBe('blocklisted');
    expect(shadowserverType('compromised_website')!.category).toBe('compromised-website');
    expect(shadowserverType('scan_rdp')!.category).toBe('vulnerable');
  });
});
