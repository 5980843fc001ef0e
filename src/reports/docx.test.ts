import { describe, expect, it } from 'vitest';
import { renderReportDocx } from './docx.js';
import { sampleReportDocument } from './sample-document.js';
import { outsideTables, paragraphs, tables, unzipText } from './test-support/ooxml.js';

async function render(options: Parameters<typeof sampleReportDocument>[0] = {}) {
  const files = unzipText(await renderReportDocx(sampleReportDocument(options)));
  const document = files['word/document.xml']!;
  return { files, document, tables: tables(document), body: outsideTables(document) };
}

describe('renderReportDocx (Vietnamese)', async () => {
  const {
    files,
    document,
    tables: [header, figures, children, closing],
    body,
  } = await render();

  it('is an A4 page with the decree margins and a first page without a page number', () => {
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // 20 mm top/bottom, 30 mm left, 15 mm right
    expect(document).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    expect(document).toContain('<w:titlePg/>');
    const headerFiles = Object.keys(files).filter((name) => /^word\/header\d+\.xml$/.test(name));
    expect(headerFiles).toHaveLength(2);
    const withNumber = headerFiles.filter((name) =>
      files[name]!.includes('<w:instrText xml:space="preserve">PAGE</w:instrText>'),
    );
    expect(withNumber).toHaveLength(1);
    const rels = files['word/_rels/document.xml.rels']!;
    const target = (type: string) => {
      const id = new RegExp(`<w:headerReference w:type="${type}" r:id="(\\w+)"/>`).exec(document)?.[1];
      return new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
    };
    expect(`word/${target('default')}`).toBe(withNumber[0]);
    expect(paragraphs(files[withNumber[0]!]!)[0]?.alignment).toBe('center');
    const first = files[`word/${target('first')}`]!;
    expect(first).not.toContain('PAGE');
    expect(
      paragraphs(first)
        .map((p) => p.text)
        .join(''),
    ).toBe('');
  });

  it('sets Times New Roman 14 pt (Vietnamese) as the default and names no other font', () => {
    const styles = files['word/styles.xml']!;
    const defaults = /<w:docDefaults>([\s\S]*?)<\/w:docDefaults>/.exec(styles)?.[1] ?? '';
    for (const attr of ['ascii', 'hAnsi', 'cs', 'eastAsia'])
      expect(defaults).toContain(`w:${attr}="Times New Roman"`);
    expect(defaults).toContain('<w:sz w:val="28"/>');
    expect(defaults).toContain('<w:lang w:val="vi-VN"/>');
    const named = new Set(
      [...(document + styles).matchAll(/w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"/g)].map((m) => m[1]),
    );
    expect([...named]).toEqual(['Times New Roman']);
    expect(document + styles).not.toMatch(/w:(?:ascii|hAnsi)Theme=/);
  });

  it('keeps Vietnamese diacritics intact (NFC)', () => {
    const text = paragraphs(document)
      .map((p) => p.text)
      .join('\n');
    expect(text).toBe(text.normalize('NFC'));
    for (const words of [
      'SỞ THÔNG TIN VÀ TRUYỀN THÔNG',
      'Nguyễn Văn An',
      'Ủy ban nhân dân huyện Định Quán',
      'Kết quả đã xử lý mã độc (nếu có)',
    ])
      expect(text).toContain(words);
  });

  it('lays out the two-column header without borders', () => {
    expect(header!.xml).toMatch(/<w:tblBorders>(<w:\w+ w:val="none"[^>]*\/>){6}<\/w:tblBorders>/);
    expect(header!.text).toEqual([
      [
        'UBND TỈNH ĐỒNG NAI\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\n',
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n',
      ],
      ['Số: 12/BC-STTTT', 'Đồng Nai, ngày 05 tháng 10 năm 2026'],
    ]);
    const [agency, nation] = header!.rows[0]!;
    const [number, date] = header!.rows[1]!;
    expect(agency![0]!.runs[0]).toMatchObject({ bold: false, size: 24 });
    expect(agency![1]!.runs[0]).toMatchObject({ bold: true, size: 24 });
    // the short rule under the issuing body: a bottom border narrower than the column, centred
    expect(agency![2]!.xml).toMatch(/<w:pBdr><w:bottom w:val="single"/);
    const indent = /<w:ind w:left="(\d+)" w:right="(\d+)"\/>/.exec(agency![2]!.xml);
    expect(indent?.[1]).toBe(indent?.[2]);
    expect(Number(indent?.[1])).toBeGreaterThan(500);
    expect(nation![0]!.runs[0]).toMatchObject({ bold: true, size: 24 });
    expect(nation![1]!.runs[0]).toMatchObject({ bold: true, size: 26 });
    expect(nation![2]!.xml).toMatch(/<w:pBdr><w:bottom w:val="single"/);
    expect(number![0]!.alignment).toBe('center');
    expect(date![0]!.runs[0]).toMatchObject({ italics: true, bold: false, size: 28 });
  });

  it('titles the report, addresses it and follows the template order', () => {
    const texts = body.map((p) => p.text).filter((t) => t !== '');
    expect(texts).toEqual([
      '[table]',
      'BÁO CÁO',
      'Kết quả triển khai chiến dịch làm sạch mã độc trên không gian mạng năm 2026',
      'Kính gửi: Cục An toàn thông tin - Bộ Thông tin và Truyền thông.',
      'Sở Thông tin và Truyền thông báo cáo kết quả triển khai như sau:',
      '1. Thông tin chung',
      '- Tên đơn vị: Sở Thông tin và Truyền thông',
      '- Đánh giá kết quả thực hiện chiến dịch trong phạm vi triển khai:',
      expect.stringMatching(/^Sở Thông tin và Truyền thông đã phát động chiến dịch/),
      'Một số máy tính cài phần mềm bẻ khóa vẫn tái nhiễm mã độc.',
      '2. Thông tin số liệu',
      '[table]',
      'Số liệu chi tiết theo từng đơn vị:',
      '[table]',
      '3. Đề xuất, kiến nghị',
      'Đề nghị Cục An toàn thông tin tiếp tục cung cấp danh sách địa chỉ độc hại hằng tuần.',
      'Trên đây là báo cáo kết quả triển khai của Sở Thông tin và Truyền thông./.',
      '[table]',
    ]);
    const title = body.find((p) => p.text === 'BÁO CÁO')!;
    expect(title.alignment).toBe('center');
    expect(title.runs[0]).toMatchObject({ bold: true, size: 28 });
    const evaluation = body.find((p) => p.text.startsWith('Sở Thông tin và Truyền thông đã'))!;
    expect(evaluation.alignment).toBe('both');
    expect(evaluation.xml).toMatch(/<w:ind w:firstLine="720"\/>/);
  });

  it('prints the figures table with a bold header, borders and vi-VN numbers', () => {
    expect(figures!.text).toEqual([
      ['STT', 'Nội dung', 'Số lượng', 'Ghi chú'],
      ['1', 'Số lượng máy tính đã thực hiện', '7.030', 'Máy tính kết nối Internet'],
      ['2', 'Kết quả đã phát hiện mã độc', '101', ''],
      ['3', 'Kết quả đã xử lý mã độc (nếu có)', '95', 'Còn máy đang xử lý'],
    ]);
    expect(figures!.rows[0]!.every((c) => c[0]!.runs[0]!.bold)).toBe(true);
    expect(figures!.rows[1]![1]![0]!.runs[0]!.bold).toBe(false);
    expect(figures!.xml).toMatch(/<w:tblBorders>(<w:\w+ w:val="single"[^>]*\/>){6}<\/w:tblBorders>/);
    expect(figures!.xml).toContain('<w:tblHeader/>');
  });

  it("prints one row per child and the children's totals", () => {
    expect(children!.text).toHaveLength(1 + 7 + 1);
    expect(children!.text[0]).toEqual([
      'STT',
      'Đơn vị',
      'Số lượng máy tính đã thực hiện',
      'Kết quả đã phát hiện mã độc',
      'Kết quả đã xử lý mã độc (nếu có)',
    ]);
    expect(children!.text[2]).toEqual(['2', 'Sở Y tế', '1.245', '17', '15']);
    expect(children!.text[3]).toEqual(['3', 'Sở Tài chính', '236', '0', '']);
    expect(children!.text[8]).toEqual(['Tổng cộng', '7.030', '101', '95']);
    expect(children!.rows[8]!.every((c) => c[0]!.runs[0]!.bold)).toBe(true);
  });

  it('closes with "Nơi nhận" on the left and the signer on the right', () => {
    expect(closing!.text).toEqual([
      [
        'Nơi nhận:\n- Như trên;\n- Ủy ban nhân dân tỉnh (để báo cáo);\n- Giám đốc, các Phó Giám đốc Sở;\n- Lưu: VT.',
        'KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn An',
      ],
    ]);
    const [left, right] = closing!.rows[0]!;
    expect(left![0]!.runs[0]).toMatchObject({ bold: true, italics: true, size: 24 });
    expect(left!.slice(1).every((p) => p.runs[0]!.size === 22 && !p.runs[0]!.bold)).toBe(true);
    expect(right!.every((p) => p.runs[0]!.bold && p.alignment === 'center')).toBe(true);
    // room for the signature and seal above the name
    expect(right![2]!.xml).toMatch(/<w:spacing [^>]*w:before="1800"/);
    expect(closing!.xml).toContain('w:val="none"');
  });
});

describe('renderReportDocx variants', () => {
  it('leaves the number blank on a draft', async () => {
    const {
      tables: [header],
    } = await render({ number: null });
    expect(header!.text[1]![0]).toBe('Số:       /BC-STTTT');
  });

  it('lists several recipients one per line', async () => {
    const { body } = await render({ recipients: ['Cục An toàn thông tin', 'UBND tỉnh Đồng Nai;'] });
    const texts = body.map((p) => p.text);
    const at = texts.indexOf('Kính gửi:');
    expect(texts.slice(at, at + 3)).toEqual([
      'Kính gửi:',
      '- Cục An toàn thông tin;',
      '- UBND tỉnh Đồng Nai.',
    ]);
  });

  it('writes "Không có." for an empty text section and omits the per-child table without children', async () => {
    const doc = sampleReportDocument({ children: 0 });
    doc.content.texts.proposals = '  \n ';
    const document = unzipText(await renderReportDocx(doc))['word/document.xml']!;
    const texts = outsideTables(document).map((p) => p.text);
    expect(texts[texts.indexOf('3. Đề xuất, kiến nghị') + 1]).toBe('Không có.');
    expect(tables(document)).toHaveLength(3);
    expect(texts).not.toContain('Số liệu chi tiết theo từng đơn vị:');
  });

  it('writes English labels from the template and the fixed English words', async () => {
    const {
      files,
      tables: [header, figures, children, closing],
      body,
    } = await render({ language: 'en' });
    expect(header!.text[0]![1]).toBe('SOCIALIST REPUBLIC OF VIET NAM\nIndependence - Freedom - Happiness\n');
    expect(header!.text[1]).toEqual(['No.: 12/BC-STTTT', 'Đồng Nai, 5 October 2026']);
    expect(figures!.text[0]).toEqual(['No.', 'Item', 'Quantity', 'Notes']);
    expect(figures!.text[1]!.slice(1, 3)).toEqual(['Computers checked', '7,030']);
    expect(children!.text.at(-1)).toEqual(['Total', '7,030', '101', '95']);
    expect(body.map((p) => p.text)).toContain('3. Proposals and recommendations');
    expect(closing!.text[0]![0]).toMatch(/^Distribution:\n/);
    expect(files['word/styles.xml']).toContain('<w:lang w:val="en-GB"/>');
  });

  it('escapes markup and drops characters XML cannot hold', async () => {
    const doc = sampleReportDocument({ children: 1 });
    doc.children[0]!.name = 'A & B <Phòng>\u0001 "X"';
    const document = unzipText(await renderReportDocx(doc))['word/document.xml']!;
    expect(document).not.toContain('\u0001');
    expect(tables(document)[2]!.text[1]![1]).toBe('A & B <Phòng> "X"');
  });

  it('refuses a bad date or a fractional figure, naming it', async () => {
    const doc = sampleReportDocument({ children: 2 });
    doc.date = '2026-02-30';
    doc.children[1]!.figures.malware_found = 1.5;
    await expect(renderReportDocx(doc)).rejects.toThrow(
      'cannot render the report: date: "2026-02-30" is not a calendar date; ' +
        'child 2 ("Sở Y tế") figure "malware_found": expected a whole number, got 1.5',
    );
  });
});
