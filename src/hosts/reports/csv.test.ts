import { describe, expect, it } from 'vitest';
import { readCsv, readHeader, sniffDelimiter, splitLines } from './csv.js';

describe('report CSV reader', () => {
  it('drops the byte-order mark and splits any line ending', () => {
    expect(splitLines('\ufeffa,b\r\n1,2\r3,4\n')).toEqual(['a,b', '1,2', '3,4']);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks, keeping start lines', () => {
    const lines = splitLines('h1,h2,h3\n"a,b","say ""hi""",x\n"multi\nline",y,z\n\nlast,1,2');
    const { rows, rejected } = readCsv(lines, 1, ',');
    expect(rejected).toEqual([]);
    expect(rows).toEqual([
      { line: 2, fields: ['a,b', 'say "hi"', 'x'] },
      { line: 3, fields: ['multi\nline', 'y', 'z'] },
      { line: 6, fields: ['last', '1', '2'] },
    ]);
  });

  it('rejects an unterminated quote on its own line and reads on', () => {
    const lines = splitLines('h1,h2\n"broken,1\nok,2');
    const { rows, rejected } = readCsv(lines, 1, ',');
    expect(rejected).toEqual([{ line: 2, reason: 'a quoted field is never closed (missing ")' }]);
    expect(rows).toEqual([{ line: 3, fields: ['ok', '2'] }]);
  });

  it('sniffs the delimiter from the header, ignoring quoted text', () => {
    expect(sniffDelimiter('ip;time;"a,b,c"')).toBe(';');
    expect(sniffDelimiter('ip\ttime\tfamily')).toBe('\t');
    expect(sniffDelimiter('ip|time')).toBe('|');
    expect(sniffDelimiter('single')).toBe(',');
    expect(readHeader('"ip" ; "time"', ';')).toEqual(['ip', 'time']);
  });
});
