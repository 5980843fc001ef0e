import { describe, expect, it } from 'vitest';
import { sampleReportDocument } from './sample-document.js';
import { sheetCells, unzipText } from './test-support/ooxml.js';
import { column, renderFiguresXlsx } from './xlsx.js';

async function read(doc = sampleReportDocument()) {
  const files = unzipText(await renderFiguresXlsx(doc));
  const cells = sheetCells(files['xl/worksheets/sheet1.xml']!);
  const rowsOf = (count: number, width: number) =>
    Array.from({ length: count }, (_, r) =>
      Array.from({ length: width }, (_, c) => cells.get(`${column(c + 1)}${r + 1}`)?.value ?? null),
    );
  return { files, cells, rowsOf };
}

describe('renderFiguresXlsx', () => {
  it('writes one row per child under Vietnamese headers, numbers as numbers, and a totals row', async () => {
    const { files, cells, rowsOf } = await read();
    expect(files['[Content_Types].xml']).toContain('/xl/worksheets/sheet1.xml');
    expect(files['xl/workbook.xml']).toContain('<sheet name="Số liệu" sheetId="1" r:id="rId1"/>');
    expect(rowsOf(10, 5)).toEqual([
      [
        'STT',
        'Đơn vị',
        'Số lượng máy tính đã thực hiện',
        'Kết quả đã phát hiện mã độc',
        'Kết quả đã xử lý mã độc (nếu có)',
      ],
      [1, 'Văn phòng Ủy ban nhân dân tỉnh', 182, 3, 3],
      [2, 'Sở Y tế', 1245, 17, 15],
      [3, 'Sở Tài chính', 236, 0, null],
      [4, 'Sở Giáo dục và Đào tạo', 1870, 26, 26],
      [5, 'Ủy ban nhân dân thành phố Biên Hòa', 2412, 41, 38],
      [6, 'Ủy ban nhân dân huyện Trảng Bom', 655, 9, 9],
      [7, 'Ủy ban nhân dân huyện Định Quán', 430, 5, 4],
      [null, 'Tổng cộng', 7030, 101, 95],
      [null, null, null, null, null],
    ]);
    expect(files['xl/worksheets/sheet1.xml']).toContain('<dimension ref="A1:E9"/>');
    expect(cells.get('C9')?.formula).toBe('SUM(C2:C8)');
    expect(cells.get('E9')?.formula).toBe('SUM(E2:E8)');
    // header bold (font 1), figures with the grouped "#,##0" format
    const xfs = [...files['xl/styles.xml']!.matchAll(/<xf [^>]*xfId="0"[^>]*>/g)].map((m) => m[0]);
    expect(xfs[cells.get('C1')!.style]).toContain('fontId="1"');
    expect(xfs[cells.get('C2')!.style]).toContain('numFmtId="3"');
    expect(files['xl/styles.xml']).toContain('<name val="Times New Roman"/>');
  });

  it('leaves a column nobody reported empty in the totals row instead of summing to 0', async () => {
    const doc = sampleReportDocument({ children: 2 });
    for (const child of doc.children) child.figures.malware_handled = null;
    const { cells } = await read(doc);
    expect(cells.get('E4')).toEqual({ value: null, style: 5, formula: null });
    expect(cells.get('C4')).toMatchObject({ value: 182 + 1245, formula: 'SUM(C2:C3)' });
  });

  it("lists the issuer's own figures when the report has no children", async () => {
    const doc = sampleReportDocument({ children: 0, language: 'en' });
    doc.content.figures.computers_checked!.value = 1234;
    const { files, rowsOf } = await read(doc);
    expect(files['xl/workbook.xml']).toContain('<sheet name="Figures"');
    expect(rowsOf(3, 5)).toEqual([
      [
        'No.',
        'Unit',
        'Computers checked',
        'Malware found (computers)',
        'Malware removed (computers, if any)',
      ],
      [1, 'Sở Thông tin và Truyền thông', 1234, 101, 95],
      [null, 'Total', 1234, 101, 95],
    ]);
  });

  it('escapes markup and drops characters XML cannot hold', async () => {
    const doc = sampleReportDocument({ children: 1 });
    doc.children[0]!.name = 'A & B <Phòng> "X"\u0001';
    const { files, cells } = await read(doc);
    expect(cells.get('B2')?.value).toBe('A & B <Phòng> "X"');
    expect(files['xl/worksheets/sheet1.xml']).toContain('A &amp; B &lt;Phòng&gt; &quot;X&quot;');
  });

  it('is byte-for-byte reproducible', async () => {
    const doc = sampleReportDocument();
    expect(Buffer.compare(await renderFiguresXlsx(doc), await renderFiguresXlsx(doc))).toBe(0);
  });

  it('names columns past Z', () => {
    expect([1, 26, 27, 52, 53, 702, 703].map(column)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
