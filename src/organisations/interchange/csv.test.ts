import { describe, expect, it } from 'vitest';
import {
  escapeCsvFormula,
  parseOrganisationsCsv,
  serialiseOrganisationsCsv,
  unescapeCsvFormula,
} from './csv.js';
import { rec, sampleRecords } from './test-support/fixtures.js';
import { formatParseError } from './record.js';
import type { ParseResult } from './validate.js';

const TODAY = '2026-01-15';
const HEADER =
  'code,name,kind,parent_code,valid_from,valid_to,predecessor_codes,ip_ranges,asns,domains,websites,contacts';

function errorsOf(result: ParseResult): string[] {
  return result.ok ? [] : result.errors.map(formatParseError);
}

function recordsOf(result: ParseResult) {
  if (!result.ok) throw new Error(errorsOf(result).join('\n'));
  return result.records;
}

describe('CSV interchange', () => {
  it('round-trips records, keeping Vietnamese text', () => {
    const records = sampleRecords();
    const text = serialiseOrganisationsCsv(records);
    expect(text.startsWith(`\uFEFF${HEADER}\r\n`)).toBe(true);
    expect(text).toContain(
      '\r\nHD.CHILINH,Thành phố Chí Linh,district,30,,2025-07-01,,203.0.113.0/27;2001:db8:300::/48,64496;64497,',
    );
    expect(text).toContain(
      'Nguyễn Thị Hải Yến|Chánh Văn phòng|yennth@example.gov.vn|0220 000 0101;Trịnh Văn Nam|||;Đặng Quỳnh Anh|Chuyên viên||+84 220 000 0102',
    );
    expect(parseOrganisationsCsv(text, { today: TODAY })).toEqual({
      ok: true,
      records,
      externalParentCodes: [],
      externalPredecessorCodes: [],
      externalReferences: [],
    });
    expect(serialiseOrganisationsCsv(recordsOf(parseOrganisationsCsv(text, { today: TODAY })))).toBe(text);
    expect(serialiseOrganisationsCsv([...records].reverse())).toBe(text);
  });

  it('writes without a BOM on request', () => {
    expect(serialiseOrganisationsCsv([], { bom: false })).toBe(`${HEADER}\r\n`);
  });

  it('matches columns by name in any order and case, with optional columns left out', () => {
    const text = 'Kind,NAME,Code,Parent_Code\nnational_centre,Trung tâm,NCSC,\nprovince,Đồng Nai,75,NCSC\n';
    expect(recordsOf(parseOrganisationsCsv(text, { today: TODAY }))).toEqual([
      rec({ code: 'NCSC', name: 'Trung tâm', kind: 'national_centre' }),
      rec({ code: '75', name: 'Đồng Nai', kind: 'province', parentCode: 'NCSC' }),
    ]);
  });

  it('reads BOM, CRLF, LF, quoted cells, blank rows and multi-line cells with spreadsheet row numbers', () => {
    const text =
      '\uFEFFcode,name,kind,ip_ranges,contacts\r\n' +
      'A,"Sở Y tế, Đồng Nai",department,"192.0.2.0/26\r\n2001:db8::/48",\r\n' +
      '\r\n' +
      ',,,,\r\n' +
      'B,Bệnh viện,unit,10.0.0.1/8,\n' +
      'C,Trường,unit,,"Nguyễn Văn An|Giám đốc|an@example.gov.vn;Lê Thị Bình"\n';
    const result = parseOrganisationsCsv(text);
    expect(errorsOf(result)).toEqual([
      'row 5: ip_ranges: "10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8?',
    ]);
    const fixed = recordsOf(parseOrganisationsCsv(text.replace('10.0.0.1/8', '10.0.0.0/8')));
    expect(fixed.map((r) => r.name)).toEqual(['Sở Y tế, Đồng Nai', 'Bệnh viện', 'Trường']);
    expect(fixed[0]?.ipRanges).toEqual(['192.0.2.0/26', '2001:db8::/48']);
    expect(fixed[2]?.contacts).toEqual([
      { name: 'Nguyễn Văn An', role: 'Giám đốc', email: 'an@example.gov.vn', phone: null },
      { name: 'Lê Thị Bình', role: '', email: null, phone: null },
    ]);
  });

  it('splits list cells on ";" and whitespace', () => {
    const text = `${HEADER}\nA,A,unit,,,,,192.0.2.0/26; 192.0.2.64/26  2001:db8::/48,AS64500; 64501,a.gov.vn b.gov.vn;,https://a.gov.vn/ https://b.gov.vn/x,\n`;
    expect(recordsOf(parseOrganisationsCsv(text))).toEqual([
      rec({
        code: 'A',
        name: 'A',
        ipRanges: ['192.0.2.0/26', '192.0.2.64/26', '2001:db8::/48'],
        asns: [64500, 64501],
        domains: ['a.gov.vn', 'b.gov.vn'],
        websites: ['https://a.gov.vn/', 'https://b.gov.vn/x'],
      }),
    ]);
  });

  it('produces the documented message for a CIDR with host bits on row 7', () => {
    const rows = ['NCSC,Trung tâm,national_centre,,'];
    for (let i = 0; i < 4; i++) rows.push(`U${i},Đơn vị ${i},unit,NCSC,`);
    rows.push('BAD,Đơn vị lỗi,unit,NCSC,10.0.0.1/8');
    expect(
      errorsOf(parseOrganisationsCsv(`code,name,kind,parent_code,ip_ranges\n${rows.join('\n')}\n`)),
    ).toEqual(['row 7: ip_ranges: "10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8?']);
  });

  it('reports header problems on row 1', () => {
    expect(errorsOf(parseOrganisationsCsv(''))).toEqual([
      `row 1: the first row must be the header: ${HEADER}`,
    ]);
    expect(errorsOf(parseOrganisationsCsv('code,Name,kind,parent,Owner,name\n'))).toEqual([
      'row 1: column "name" appears more than once',
      `row 1: unknown columns "parent", "Owner"; the columns are ${HEADER.split(',').join(', ')}`,
    ]);
    expect(errorsOf(parseOrganisationsCsv('name,domains\nA,a.vn\n'))).toEqual([
      'row 1: missing required columns "code", "kind"',
    ]);
  });

  it('accepts a header without rows, and ignores empty unnamed columns', () => {
    expect(recordsOf(parseOrganisationsCsv(`${HEADER}\r\n`))).toEqual([]);
    expect(recordsOf(parseOrganisationsCsv('code,name,kind,,\nA,A,unit,,\n'))).toEqual([
      rec({ code: 'A', name: 'A' }),
    ]);
    expect(errorsOf(parseOrganisationsCsv('code,name,kind,\nA,A,unit,x\n'))).toEqual([
      'row 2: column 4: the cell "x" is in a column without a header name',
    ]);
  });

  it('reports every bad row with its row number and rejects the file', () => {
    const text = [
      'code,name,kind,parent_code,valid_from,valid_to,predecessor_codes,asns,contacts',
      'NCSC,Trung tâm,national_centre,,,,,,',
      'A,A,unit,NCSC,2025-07-01,2025-01-01,,,',
      'B,B,unit,NCSC,,,,,',
      'C,C,unit,NCSC,,,,AS99999999999,',
      'D,D,unit,NCSC,,,,,Nguyễn Văn An|Giám đốc|an@example.gov.vn|0251 000 0101|extra',
      'E,E,unit,NCSC,,,,,Nguyễn Văn An|Giám đốc|không-phải-email',
      'F,F,unit,NCSC',
      'G,G,unit,NCSC,,,,,,,',
      'B,B again,unit,NCSC,,,,,',
      'H,H,unit,E,,,X,,',
      'I,I,unit,I,,,,,',
    ].join('\r\n');
    const result = parseOrganisationsCsv(text, { today: TODAY });
    expect(result.ok).toBe(false);
    expect(errorsOf(result)).toEqual([
      'row 3: valid_to: 2025-01-01 is not after valid_from 2025-07-01; valid_to is exclusive (the first day the organisation no longer exists)',
      'row 5: asns: AS number 99999999999 is out of range (1 to 4294967295)',
      'row 6: contacts: contact 1 "Nguyễn Văn An|Giám đốc|an@example.gov.vn|0251 000 0101|extra" has 5 parts separated by "|"; write Name|Role|email|phone',
      'row 7: contacts: contact 1 ("Nguyễn Văn An"): e-mail "không-phải-email" is not a valid e-mail address',
      'row 8: the row has 4 cells but the header has 9 columns',
      'row 10: code: "B" (with no start or end date) is also the code of row 4 ("B", with no start or end date); organisations with the same code must not exist at the same time',
      'row 12: parent_code: "I" is this organisation\'s own code; an organisation cannot be its own parent',
    ]);
    // Row 9 has extra cells, but they are empty (as spreadsheet programs write them): accepted.
    // Row 11 refers to E (rejected on row 7) and X (not in the file): external references, not errors.
  });

  it('reports external references, and errors for them when not allowed', () => {
    const text = 'code,name,kind,parent_code,predecessor_codes\nX,X,unit,75,OLD\n';
    const result = parseOrganisationsCsv(text, { today: TODAY });
    expect(result).toMatchObject({
      ok: true,
      externalParentCodes: ['75'],
      externalPredecessorCodes: ['OLD'],
    });
    expect(errorsOf(parseOrganisationsCsv(text, { allowExternal: false }))).toEqual([
      'row 2: parent_code: "75" is not the code of any organisation in this file',
      'row 2: predecessor_codes: "OLD" is not the code of any organisation in this file',
    ]);
  });

  it('reports unreadable CSV with the row where reading stopped', () => {
    expect(errorsOf(parseOrganisationsCsv('code,name,kind\nA,"unterminated,unit\n'))).toEqual([
      expect.stringMatching(/^row 2: the CSV cannot be read: Quote Not Closed/),
    ]);
    // Quotes inside an unquoted cell are data.
    expect(recordsOf(parseOrganisationsCsv('code,name,kind\nA,Bệnh viện "Nhi đồng" 2,unit\n'))[0]?.name).toBe(
      'Bệnh viện "Nhi đồng" 2',
    );
  });

  it('rejects huge cells without echoing them', () => {
    const huge = 'A'.repeat(5_000_000);
    const result = parseOrganisationsCsv(`code,name,kind,domains\nX,${huge},unit,${huge}\nY,Y,unit,\n`);
    expect(errorsOf(result)).toEqual([
      'row 2: name: the cell is 5000000 characters long; at most 100000 are allowed',
      'row 2: domains: the cell is 5000000 characters long; at most 100000 are allowed',
    ]);
    const long = parseOrganisationsCsv(`code,name,kind\nX,${'ạ'.repeat(50_000)},unit\n`);
    expect(errorsOf(long)).toEqual([
      expect.stringMatching(/^row 2: name: "ạ{60}…" is 50000 characters long; at most 300 are allowed$/),
    ]);
  });

  it('keeps formula-looking cells as data and guards them when writing', () => {
    const names = [
      "=cmd|' /C calc'!A0",
      '+84 không phải số',
      '-1',
      '@SUM(A1:A2)',
      "'=already quoted",
      "'plain apostrophe",
    ];
    const records = names.map((name, i) => rec({ code: `F${i}`, name }));
    const text = serialiseOrganisationsCsv(records, { bom: false });
    const lines = text.split('\r\n');
    expect(lines.slice(1, 7)).toEqual([
      "F0,'=cmd|' /C calc'!A0,unit,,,,,,,,,",
      "F1,'+84 không phải số,unit,,,,,,,,,",
      "F2,'-1,unit,,,,,,,,,",
      "F3,'@SUM(A1:A2),unit,,,,,,,,,",
      "F4,''=already quoted,unit,,,,,,,,,",
      "F5,'plain apostrophe,unit,,,,,,,,,",
    ]);
    expect(recordsOf(parseOrganisationsCsv(text)).map((r) => r.name)).toEqual(names);
    // A file written elsewhere, with a raw formula, is read as data.
    expect(recordsOf(parseOrganisationsCsv('code,name,kind\nA,=1+1,unit\n'))[0]?.name).toBe('=1+1');
  });

  it('escapes formulas reversibly', () => {
    for (const cell of ['=x', "'=x", "''=x", "'x", 'x', '', '\t=x', '-', "'"]) {
      expect(unescapeCsvFormula(escapeCsvFormula(cell))).toBe(cell);
    }
    expect(escapeCsvFormula('=x')).toBe("'=x");
    expect(escapeCsvFormula('Hà Nội')).toBe('Hà Nội');
  });
});
