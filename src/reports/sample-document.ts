/**
 * A realistic report of a provincial department with its children, for the sample script, the
 * renderer tests and demos. Pure data: nothing here reads or writes anything.
 */
import { rollUp, type RollUpChild } from './rollup.js';
import type { FigureValue, ReportContent, ReportDocument } from './template-model.js';
import { templateByCode } from './templates/index.js';

const childFigures: [string, number, number, number | null][] = [
  ['Văn phòng Ủy ban nhân dân tỉnh', 182, 3, 3],
  ['Sở Y tế', 1245, 17, 15],
  ['Sở Tài chính', 236, 0, null],
  ['Sở Giáo dục và Đào tạo', 1870, 26, 26],
  ['Ủy ban nhân dân thành phố Biên Hòa', 2412, 41, 38],
  ['Ủy ban nhân dân huyện Trảng Bom', 655, 9, 9],
  ['Ủy ban nhân dân huyện Định Quán', 430, 5, 4],
];

export interface SampleOptions {
  language?: 'vi' | 'en';
  /** null: a draft without a number */
  number?: string | null;
  /** how many children to list (repeats the list with numbered names beyond 7) */
  children?: number;
  recipients?: string[];
}

export function sampleReportDocument(options: SampleOptions = {}): ReportDocument {
  const template = templateByCode('NCSC-2022-UNIT')!;
  const count = options.children ?? childFigures.length;
  const children = Array.from({ length: count }, (_, i) => childAt(i));
  const { perChild } = rollUp(template, children);
  // a report without children carries its own figures: those of the whole list
  const { totals } = rollUp(template, count > 0 ? children : childFigures.map((_, i) => childAt(i)));
  const prefilled = (id: string, note = ''): FigureValue => ({
    value: totals[id] ?? null,
    prefilled: totals[id] ?? null,
    source: null,
    correctionReason: null,
    note,
  });
  return {
    language: options.language ?? 'vi',
    issuer: {
      name: 'Sở Thông tin và Truyền thông',
      parentName: 'UBND tỉnh Đồng Nai',
      abbreviation: 'STTTT',
    },
    number: options.number === undefined ? '12' : options.number,
    place: 'Đồng Nai',
    date: '2026-10-05',
    title: 'Báo cáo',
    subject: 'Kết quả triển khai chiến dịch làm sạch mã độc trên không gian mạng năm 2026',
    recipients: options.recipients ?? ['Cục An toàn thông tin - Bộ Thông tin và Truyền thông'],
    template,
    content: {
      figures: {
        computers_checked: prefilled('computers_checked', 'Máy tính kết nối Internet'),
        malware_found: prefilled('malware_found'),
        malware_handled: prefilled('malware_handled', 'Còn máy đang xử lý'),
      },
      texts: {
        evaluation:
          'Sở Thông tin và Truyền thông đã phát động chiến dịch đến toàn bộ cơ quan, đơn vị trên địa bàn tỉnh; ' +
          'các đơn vị đã giám sát, kiểm tra và xử lý các máy tính phát sinh kết nối đến địa chỉ IP, tên miền độc hại ' +
          'do Cục An toàn thông tin xác định.\nMột số máy tính cài phần mềm bẻ khóa vẫn tái nhiễm mã độc.',
        proposals: 'Đề nghị Cục An toàn thông tin tiếp tục cung cấp danh sách địa chỉ độc hại hằng tuần.',
      },
    },
    children: perChild,
    distribution: ['Như trên', 'Ủy ban nhân dân tỉnh (để báo cáo)', 'Giám đốc, các Phó Giám đốc Sở'],
    signer: { position: 'KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC', name: 'Nguyễn Văn An' },
  };
}

function childAt(i: number): RollUpChild {
  const [name, checked, found, handled] = childFigures[i % childFigures.length]!;
  const round = Math.floor(i / childFigures.length);
  const content: ReportContent = {
    figures: {
      computers_checked: figure(checked + round),
      malware_found: figure(found),
      malware_handled: figure(handled),
    },
    texts: {},
  };
  return { name: round === 0 ? name : `${name} (${round + 1})`, content };
}

function figure(value: number | null): FigureValue {
  return { value, prefilled: value, source: null, correctionReason: null, note: '' };
}
