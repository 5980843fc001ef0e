/**
 * Property tests over every report format: whatever a file holds (random text, valid lines of our
 * formats mixed with noise and cut up, random JSON, hostile nesting, runaway quotes) and whatever
 * format or mapping is asked for, `parseObservationReport` either answers a well-formed result or
 * throws the documented `ReportFormatError` — nothing else escapes. Inputs are bounded, so a parser
 * that hangs shows up as the test timeout.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observationCategories, type ObservationParseResult } from '../../src/hosts/observation-model.js';
import {
  observationFormats,
  parseObservationReport,
  ReportFormatError,
} from '../../src/hosts/reports/index.js';
import { parseIp } from '../../src/net/ip.js';

/** Lines in the shapes our formats read, written for this test (not copied from any report). */
const validLines = [
  'timestamp,protocol,src_ip,src_port,src_asn,dst_ip,dst_port,infection,family,tag,http_url,http_host',
  '2024-07-04 01:02:03,tcp,198.51.100.7,50123,64500,192.0.2.80,80,,andromeda,x,/gate.php,c2.example.org',
  '"timestamp","ip","port","hostname","tag","asn"',
  '"2024-01-01 00:00:00","2001:db8::1",23,"h.example",telnet,64500',
  '#category|address|asn|timestamp|optional_information|asninfo',
  'bot|198.51.100.20|64500|2024-03-01 10:00:00|family: qakbot;dest_addr: 192.0.2.44;|Example',
  'bots|198.51.100.21|64500|2024-03-01 10:00:01|srcport 4242 mwtype Emotet destaddr 192.0.2.45|Example',
  '; ip, asn, country, lastseen, botname, domain, remote_ip, remote_port, local_port, protocol',
  '198.51.100.50,AS64504,VN,1700000000,emotet,c2.example.org,192.0.2.60,8080,49152,tcp',
  '{"DataFeed":"CTIP-Infected","DateTimeReceivedUtc":133000000000000000,"ThreatCode":"B1","SourceIp":"198.51.100.40"}',
  '[{"networksourceipv4":"198.51.100.30","firstreporteddatetime":"2024-02-01T08:09:10","externalid":"x"}]',
  '[{"time":"2024-05-06T07:08:09+02:00","ip":"198.51.100.70","login_successful":true}]',
  '{"status":"OK","data":[{"source.ip":"198.51.100.71","time.source":"2024-05-06T07:00:00+00:00"}]}',
  '{"_ts":1700000001,"src":{"ip":"198.51.100.81","port":40001},"malw":{"family":"necurs"}}',
  '# ponmocup list',
  '# last updated: Wed Jan 10 05:06:07 PST 2024',
  '198.51.100.90 redir.example.net http://redir.example.net/p site.example.org',
  '"unterminated, "quote',
  '',
];

const names = [
  'report.csv',
  '2024-07-04-event4_sinkhole_http-vn.csv',
  '2024-07-04-scan_ssl-vn.csv',
  'blocklist.csv',
  'cert.txt',
  'ponmocup.txt',
  'ctip.json',
  '',
];

const formats = [
  ...observationFormats.map((f) => f.id),
  'shadowserver:scan_telnet',
  'shadowserver:bogus',
  'acme',
];

const mutatedLine = fc
  .tuple(fc.constantFrom(...validLines), fc.nat(200), fc.nat(200), fc.string({ maxLength: 8 }))
  .map(([line, a, b, noise]) => {
    const i = Math.min(a, line.length);
    const j = Math.min(i + b, line.length);
    return line.slice(0, i) + noise + line.slice(j);
  });

const lineText = fc
  .array(fc.oneof(fc.constantFrom(...validLines), mutatedLine, fc.string({ maxLength: 60 })), {
    maxLength: 40,
  })
  .chain((lines) => fc.constantFrom('\n', '\r\n').map((eol) => lines.join(eol)));

const jsonText = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .tuple(
      fc.dictionary(
        fc.constantFrom(
          '_ts',
          'src',
          'env',
          'ip',
          'time',
          'login_successful',
          'SourceIp',
          'DataFeed',
          'networksourceipv4',
          'data',
        ),
        fc.jsonValue({ maxDepth: 3 }),
      ),
      fc.boolean(),
    )
    .map(([o, wrap]) => JSON.stringify(wrap ? [o] : o)),
);

const text = fc.oneof(
  lineText,
  jsonText,
  fc.string({ maxLength: 400 }),
  fc.fullUnicodeString({ maxLength: 200 }),
);

const mapping = fc.option(
  fc.dictionary(
    fc.constantFrom('ip', 'time', 'port', 'family', 'category', 'asn', 'timeZone', 'delimiter', 'other'),
    fc.oneof(
      fc.constantFrom('ip', 'timestamp', 'src_ip', 'infected', '+07:00', ';'),
      fc.string({ maxLength: 6 }),
    ),
  ),
  { nil: undefined },
);

function checkResult(result: ObservationParseResult): void {
  expect(typeof result.reportType).toBe('string');
  for (const record of result.records) {
    expect(parseIp(record.ip), record.ip).not.toBeNull();
    expect(record.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(observationCategories).toContain(record.category);
    if (record.port !== null) expect(record.port).toBeLessThanOrEqual(65535);
    if (record.family !== null) expect(record.family).toBe(record.family.toLowerCase());
  }
  for (const rejection of result.rejected) {
    expect(Number.isInteger(rejection.line) && rejection.line >= 1).toBe(true);
    expect(rejection.reason.length).toBeGreaterThan(0);
  }
}

function attempt(input: Parameters<typeof parseObservationReport>[0]): void {
  let result: ObservationParseResult;
  try {
    result = parseObservationReport(input);
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(ReportFormatError);
    return;
  }
  checkResult(result);
}

describe('report parsers under random input', () => {
  it('answer a well-formed result or the documented ReportFormatError, detecting', () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), text, mapping, (fileName, body, m) =>
        attempt({ fileName, text: body, ...(m ? { mapping: m } : {}) }),
      ),
      { numRuns: 600 },
    );
  });

  it('do the same for every format asked for explicitly', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        text,
        fc.constantFrom(...formats),
        mapping,
        (fileName, body, format, m) =>
          attempt({ fileName, text: body, format, ...(m ? { mapping: m } : {}) }),
      ),
      { numRuns: 600 },
    );
  });

  it('survive hostile shapes: deep nesting, runaway quotes, long lines', () => {
    const deep = `{"_ts":1700000000,"src":{"ip":"192.0.2.1"},"x":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const quotes = `timestamp,ip\n${'"'.repeat(20000)}\n${'2024-01-01,"192.0.2.1\n'.repeat(2000)}`;
    const wide = `timestamp,ip,tag\n2024-01-01 00:00:00,192.0.2.1,${'x'.repeat(200000)}`;
    for (const [fileName, body] of [
      ['stream.json', deep],
      ['2024-01-01-scan_telnet-x.csv', quotes],
      ['2024-01-01-scan_telnet-x.csv', wide],
      ['list.json', '['.repeat(100000)],
    ] as const) {
      attempt({ fileName, text: body });
    }
    const records = parseObservationReport({ fileName: 'stream.json', text: deep }).records;
    expect(records.map((r) => r.ip)).toEqual(['192.0.2.1']);
  });
});
