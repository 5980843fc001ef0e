/**
 * The fixed words of the generated documents (DOCX and XLSX), Vietnamese first. Template-specific
 * words (field labels) come from the template's own `vi`/`en` labels.
 */
import type { DocumentLanguage } from './vn-date.js';

export interface DocumentLabels {
  nation: string;
  motto: string;
  /** "Số:" before the number/symbol */
  numberPrefix: string;
  /** the type part of the symbol: 12/BC-STTTT */
  reportSymbol: string;
  to: string;
  intro: (issuer: string) => string;
  closing: (issuer: string) => string;
  general: string;
  unitName: string;
  figures: string;
  perChild: string;
  columns: { index: string; item: string; quantity: string; note: string; unit: string };
  total: string;
  empty: string;
  distribution: string;
  archive: string;
  sheetName: string;
}

const vi: DocumentLabels = {
  nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  motto: 'Độc lập - Tự do - Hạnh phúc',
  numberPrefix: 'Số:',
  reportSymbol: 'BC',
  to: 'Kính gửi:',
  intro: (issuer) => `${issuer} báo cáo kết quả triển khai như sau:`,
  closing: (issuer) => `Trên đây là báo cáo kết quả triển khai của ${issuer}./.`,
  general: 'Thông tin chung',
  unitName: 'Tên đơn vị',
  figures: 'Thông tin số liệu',
  perChild: 'Số liệu chi tiết theo từng đơn vị:',
  columns: { index: 'STT', item: 'Nội dung', quantity: 'Số lượng', note: 'Ghi chú', unit: 'Đơn vị' },
  total: 'Tổng cộng',
  empty: 'Không có.',
  distribution: 'Nơi nhận:',
  archive: 'Lưu: VT',
  sheetName: 'Số liệu',
};

const en: DocumentLabels = {
  nation: 'SOCIALIST REPUBLIC OF VIET NAM',
  motto: 'Independence - Freedom - Happiness',
  numberPrefix: 'No.:',
  reportSymbol: 'BC',
  to: 'To:',
  intro: (issuer) => `${issuer} reports the results as follows:`,
  closing: (issuer) => `This concludes the report of ${issuer}.`,
  general: 'General information',
  unitName: 'Unit',
  figures: 'Figures',
  perChild: 'Figures by unit:',
  columns: { index: 'No.', item: 'Item', quantity: 'Quantity', note: 'Notes', unit: 'Unit' },
  total: 'Total',
  empty: 'None.',
  distribution: 'Distribution:',
  archive: 'Archived: Records office',
  sheetName: 'Figures',
};

export function documentLabels(language: DocumentLanguage): DocumentLabels {
  return language === 'en' ? en : vi;
}

/** "Số: 12/BC-STTTT"; a draft leaves the number blank for the records office to write in. */
export function documentNumber(
  language: DocumentLanguage,
  number: string | null,
  abbreviation: string,
): string {
  const labels = documentLabels(language);
  const symbol = `${labels.reportSymbol}-${abbreviation}`;
  return `${labels.numberPrefix} ${number === null || number.trim() === '' ? '      ' : number.trim()}/${symbol}`;
}
