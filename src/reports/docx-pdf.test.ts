/**
 * The DOCX as a reader sees it: converted by LibreOffice to PDF, then read back with poppler.
 * Checks what the XML tests cannot: that the layout paginates, numbers pages from page 2 and keeps
 * the Vietnamese text and the Times New Roman (metric-compatible) font through rendering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReportDocx } from './docx.js';
import { sampleReportDocument } from './sample-document.js';
import {
  convertToPdf,
  officeReady,
  pdfFonts,
  pdfInfo,
  pdfText,
  type Converted,
} from './test-support/office.js';

describe.skipIf(!officeReady)('DOCX rendered by LibreOffice', () => {
  let converted: Converted;

  beforeAll(async () => {
    converted = await convertToPdf({
      short: await renderReportDocx(sampleReportDocument({ children: 0 })),
      long: await renderReportDocx(sampleReportDocument({ children: 60 })),
      // long enough for the signature block to fall onto page 2
      tight: await renderReportDocx(
        sampleReportDocument({ children: 0, recipients: ['Cục An toàn thông tin', 'UBND tỉnh'] }),
      ),
    });
  }, 240_000);
  afterAll(async () => converted?.cleanup());

  it('fits a report without children on one A4 page, with the whole text', async () => {
    const pdf = converted.pdf.short!;
    const info = await pdfInfo(pdf);
    expect(info.pages).toBe(1);
    expect(info.pageSize).toContain('(A4)');
    const text = (await pdfText(pdf)).replace(/[ \t]+/g, ' ');
    for (const line of [
      'UBND TỈNH ĐỒNG NAI',
      'SỞ THÔNG TIN VÀ TRUYỀN THÔNG',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 12/BC-STTTT',
      'Đồng Nai, ngày 05 tháng 10 năm 2026',
      'BÁO CÁO',
      'Kính gửi: Cục An toàn thông tin - Bộ Thông tin và Truyền thông.',
      '2. Thông tin số liệu',
      'STT Nội dung Số lượng Ghi chú',
      '3. Đề xuất, kiến nghị',
      'Nơi nhận:',
      '- Lưu: VT.',
      'KT. GIÁM ĐỐC',
      'Nguyễn Văn An',
    ])
      expect(text).toContain(line);
    // no page number on the first page: the first line is the header block
    expect(text.trimStart()).toMatch(/^UBND TỈNH ĐỒNG NAI/);
  });

  it('numbers the pages from page 2, centred at the top', async () => {
    const pdf = converted.pdf.long!;
    const { pages } = await pdfInfo(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (let page = 2; page <= pages; page++) {
      const lines = (await pdfText(pdf, page)).split('\n').filter((l) => l.trim() !== '');
      expect(lines[0]?.trim()).toBe(String(page));
      // centred: about as much room on the left of the number as the text width allows
      expect(lines[0]!.length - lines[0]!.trimStart().length).toBeGreaterThan(20);
    }
    const last = await pdfText(pdf, pages);
    expect(last).toContain('Tổng cộng');
    expect(last).toContain('Nguyễn Văn An');
    // the per-child table's header row repeats on every page it continues onto
    expect(await pdfText(pdf, 2)).toMatch(/STT\s+Đơn vị/);
  });

  it('keeps the closing sentence with the signature block', async () => {
    const pdf = converted.pdf.tight!;
    const { pages } = await pdfInfo(pdf);
    expect(pages).toBe(2);
    const last = await pdfText(pdf, pages);
    expect(last).toContain('Nguyễn Văn An');
    expect(last).toContain('Trên đây là báo cáo kết quả triển khai của Sở Thông tin và Truyền thông./.');
  });

  it('uses Times New Roman or its metric-compatible substitute only', async () => {
    for (const pdf of Object.values(converted.pdf)) {
      const fonts = await pdfFonts(pdf);
      expect(fonts.length).toBeGreaterThan(0);
      for (const font of fonts) expect(font).toMatch(/^(TimesNewRoman|LiberationSerif)/);
    }
  });
});
