import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveDelimiter, splitCsvLine } from './csv-line.js';

describe('splitCsvLine', () => {
  it('splits plain fields and keeps empty ones', () => {
    expect(splitCsvLine('a,b,,d,')).toEqual({ ok: true, fields: ['a', 'b', '', 'd', ''] });
  });

  it('reads quoted fields with embedded delimiters and doubled quotes', () => {
    expect(splitCsvLine('"1.2.3.4","a, b","say ""hi""",x')).toEqual({
      ok: true,
      fields: ['1.2.3.4', 'a, b', 'say "hi"', 'x'],
    });
  });

  it('drops padding around quoted fields but keeps it on unquoted ones', () => {
    expect(splitCsvLine(' "a" , b ,"c"')).toEqual({ ok: true, fields: ['a', ' b ', 'c'] });
  });

  it('keeps unicode untouched', () => {
    expect(splitCsvLine('"tên miền, độc hại",ví-dụ.vn')).toEqual({
      ok: true,
      fields: ['tên miền, độc hại', 'ví-dụ.vn'],
    });
  });

  it('reports an unterminated quote (a cell continuing on the next line)', () => {
    const result = splitCsvLine('1,"starts here');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/unterminated quoted field starting at column 3/);
  });

  it('reports text after a closing quote', () => {
    const result = splitCsvLine('"a"b,c');
    expect(!result.ok && result.reason).toBe('unexpected text after the closing quote at column 4');
  });

  it('honours other delimiters, including tab', () => {
    expect(splitCsvLine('a;"b;c";d', ';')).toEqual({ ok: true, fields: ['a', 'b;c', 'd'] });
    expect(splitCsvLine('a\t b\t"c"', '\t')).toEqual({ ok: true, fields: ['a', ' b', 'c'] });
  });

  it('round-trips any fields written with RFC 4180 quoting', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ maxLength: 20 }).filter((s) => !/[\r\n]/.test(s)),
          { minLength: 1, maxLength: 8 },
        ),
        (fields) => {
          const line = fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(',');
          expect(splitCsvLine(line)).toEqual({ ok: true, fields });
        },
      ),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (line) => {
        const result = splitCsvLine(line);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});

describe('resolveDelimiter', () => {
  it('accepts single characters and the word tab', () => {
    expect(resolveDelimiter(undefined)).toEqual({ ok: true, value: ',' });
    expect(resolveDelimiter('tab')).toEqual({ ok: true, value: '\t' });
    expect(resolveDelimiter('|')).toEqual({ ok: true, value: '|' });
  });

  it('refuses quotes and multi-character delimiters', () => {
    expect(resolveDelimiter('"').ok).toBe(false);
    expect(resolveDelimiter('::').ok).toBe(false);
  });
});
