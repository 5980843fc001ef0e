import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEvent, ParseContext } from '../../model.js';
import { corpusLogsDir } from '../../../../test/detection/corpus-expected.js';
import { assertNeverThrows, hugeLine, warnNoCorpus } from '../network/test-support/corpus.js';
import { zeekJsonFormat } from './zeek-json.js';
import { createZeekTsvParser, guessZeekPath, zeekTsvFormat } from './zeek-tsv.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };
const T = '\t';
const row = (...cols: string[]) => cols.join(T);

const dnsHeader = [
  '#separator \\x09',
  `#set_separator${T},`,
  `#empty_field${T}(empty)`,
  `#unset_field${T}-`,
  `#path${T}dns`,
  `#fields${T}${['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'trans_id', 'rtt', 'query', 'rcode_name', 'answers'].join(T)}`,
  `#types${T}time${T}string${T}addr${T}port${T}addr${T}port${T}enum${T}count${T}interval${T}string${T}string${T}vector[string]`,
];
const dnsRow = row(
  '1521911720.865716',
  'CqKst53mF3det3eDV9',
  '10.130.1.100',
  '41772',
  '192.0.2.53',
  '53',
  'udp',
  '36329',
  '0.000870',
  'Update.Example.ORG',
  'NOERROR',
  'cdn.example.net,198.51.100.16,2001:db8:d0::16',
);
// Zeek 6 ssl.log default order
const sslRow = row(
  '1521911720.873410',
  'CDLhGCgEpRou8IFhg',
  '2001:db8:d1::100',
  '50649',
  '2001:db8:d2::16',
  '443',
  'TLSv12',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  '-',
  'login.example.com',
  'T',
  '-',
  '-',
  'T',
  'CsiI',
  '-',
  '-',
  '-',
);
const httpRow = row(
  '1521911721.000001',
  'CwjjYJ2WqgTbAqiHl6',
  '10.130.1.101',
  '49997',
  '203.0.113.110',
  '8080',
  '1',
  'GET',
  'dl.example.net:8080',
  '/files/a.exe',
  '-',
  '1.1',
  'curl/8',
);
const connRow = row(
  '1521911722.5',
  'C3eiCBGOLw3VtHfOj',
  '10.130.1.102',
  '49996',
  '203.0.113.111',
  '22',
  'tcp',
  'ssh',
  '3.2',
  '100',
  '200',
  'SF',
);

describe('zeek-tsv: stateful parser (one per file)', () => {
  it('remembers the header and reads records by the #fields columns', () => {
    const parser = createZeekTsvParser();
    for (const line of dnsHeader) expect(parser.parse(line, ctx)).toBeNull();
    expect(parser.path).toBe('dns');
    expect(parser.fields?.[9]).toBe('query');
    expect(parser.parse(dnsRow, ctx)).toEqual({
      format: 'zeek-tsv',
      time: '2018-03-24T17:15:20.865Z',
      sourceIp: '10.130.1.100',
      sourcePort: 41772,
      destinationIp: '192.0.2.53',
      destinationPort: 53,
      protocol: 'udp',
      dnsQuestionName: 'update.example.org',
      dnsAnswers: ['198.51.100.16', '2001:db8:d0::16'],
      rawAction: 'NOERROR',
    });
  });

  it('follows a header that reorders the columns', () => {
    const parser = createZeekTsvParser();
    parser.parse(`#fields${T}query${T}id.orig_h${T}ts`, ctx);
    expect(parser.parse(row('c2.example', '10.130.1.9', '1521911720'), ctx)).toMatchObject({
      dnsQuestionName: 'c2.example',
      sourceIp: '10.130.1.9',
    });
  });

  it('decodes \\x escapes and treats - and (empty) as unset', () => {
    const parser = createZeekTsvParser();
    parser.parse(`#path${T}http`, ctx);
    parser.parse(`#fields${T}ts${T}uid${T}id.orig_h${T}host${T}uri`, ctx);
    expect(
      parser.parse(row('1', 'C1234567890ab', '10.0.0.1', 'a\\x2eexample', '/x\\x09y'), ctx),
    ).toMatchObject({
      urlDomain: 'a.example',
      urlOriginal: '/x\ty',
    });
    expect(parser.parse(row('1', 'C1234567890ab', '-', '(empty)', '-'), ctx)).toBeNull();
  });
});

describe('zeek-tsv: stateless definition (standard column orders)', () => {
  it('recognises dns, http, ssl and conn records without a header', () => {
    expect(guessZeekPath(dnsRow.split(T))).toBe('dns');
    expect(guessZeekPath(httpRow.split(T))).toBe('http');
    expect(guessZeekPath(sslRow.split(T))).toBe('ssl');
    expect(guessZeekPath(connRow.split(T))).toBe('conn');
    expect(zeekTsvFormat.parse(dnsRow, ctx)?.dnsQuestionName).toBe('update.example.org');
    expect(zeekTsvFormat.parse(httpRow, ctx)).toMatchObject({
      urlDomain: 'dl.example.net',
      urlOriginal: '/files/a.exe',
      destinationPort: 8080,
    });
    expect(zeekTsvFormat.parse(sslRow, ctx)).toMatchObject({
      sourceIp: '2001:db8:d1::100',
      destinationIp: '2001:db8:d2::16',
      urlDomain: 'login.example.com',
    });
    expect(zeekTsvFormat.parse(connRow, ctx)).toMatchObject({
      sourceIp: '10.130.1.102',
      destinationPort: 22,
      protocol: 'tcp',
    });
  });

  it('ignores header lines and returns null for truncated records', () => {
    expect(zeekTsvFormat.parse(dnsHeader[5]!, ctx)).toBeNull();
    expect(zeekTsvFormat.parse('1521911720.865716\tCqKst53m', ctx)).toBeNull();
    expect(zeekTsvFormat.parse('', ctx)).toBeNull();
  });

  it('detects Zeek TSV', () => {
    expect(zeekTsvFormat.detect(dnsHeader[0]!)).toBeGreaterThan(0.9);
    expect(zeekTsvFormat.detect(dnsRow)).toBeGreaterThanOrEqual(0.9);
    expect(zeekTsvFormat.detect('a\tb\tc')).toBe(0);
  });

  it('never throws on random or damaged input, with or without header state', () => {
    assertNeverThrows(zeekTsvFormat, [dnsRow, sslRow, httpRow, connRow]);
    const parser = createZeekTsvParser();
    for (const line of dnsHeader) parser.parse(line, ctx);
    assertNeverThrows(parser, [dnsRow, ...dnsHeader]);
  });

  it('stays linear on a 10 MB line', () => {
    expect(() => zeekTsvFormat.parse(hugeLine('1\tC1234567890ab\t\\x41'), ctx)).not.toThrow();
  });
});

describe('zeek-tsv: corpus (WRCCDC traffic, TSV against the JSON flavour of the same logs)', () => {
  const dir = path.join(corpusLogsDir, 'zeek');
  const present = existsSync(path.join(dir, 'wrccdc-tsv'));
  if (!present) warnNoCorpus('zeek/wrccdc-tsv');

  const core = (e: LogEvent) =>
    [
      e.time,
      e.sourceIp,
      e.sourcePort,
      e.destinationIp,
      e.destinationPort,
      e.dnsQuestionName,
      e.urlDomain,
    ].join('|');

  it.skipIf(!present)('reads every record like the JSON reader reads the same record', () => {
    let compared = 0;
    for (const kind of ['dns', 'ssl', 'notice', 'weird']) {
      const parser = createZeekTsvParser();
      const tsv = new Map<string, string[]>();
      for (const line of readFileSync(path.join(dir, 'wrccdc-tsv', `${kind}.log`), 'utf8').split('\n')) {
        const event = parser.parse(line, ctx);
        if (event === null) continue;
        const uid = line.split(T)[1]!;
        tsv.set(uid, [...(tsv.get(uid) ?? []), core(event)]);
        // headerless reading of a standard log must give the same core fields
        if (kind !== 'notice' && kind !== 'weird')
          expect(core(zeekTsvFormat.parse(line, ctx)!)).toBe(core(event));
      }
      expect(parser.path).toBe(kind);
      for (const line of readFileSync(path.join(dir, 'wrccdc-json', `${kind}.ndjson`), 'utf8').split('\n')) {
        const event = zeekJsonFormat.parse(line, ctx);
        if (event === null) continue;
        const uid = (JSON.parse(line) as { uid: string }).uid;
        const fromTsv = tsv.get(uid);
        if (fromTsv === undefined) continue; // the two files were cut at different lines
        expect(fromTsv).toContain(core(event));
        compared++;
      }
    }
    console.info(`zeek-tsv on zeek/wrccdc: ${compared}/${compared} records agree with the JSON flavour`);
    expect(compared).toBeGreaterThan(800);
  });

  it.skipIf(!present)('reads the Zeek btest baselines (canonified timestamps) without losing records', () => {
    for (const name of ['opt.basic__dns.log', 'opt.basic__http.log', 'opt.basic__conn.log']) {
      const parser = createZeekTsvParser();
      const lines = readFileSync(path.join(dir, 'zeek-btest-baselines', name), 'utf8').split('\n');
      const records = lines.filter((line) => line.length > 0 && !line.startsWith('#'));
      const events = records.map((line) => parser.parse(line, ctx)).filter((event) => event !== null);
      expect(events.length).toBe(records.length);
      expect(events.every((event) => event.time === undefined)).toBe(true);
    }
  });
});
