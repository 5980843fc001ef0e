/**
 * The unit-level form of the 2022 campaign, down to each civil servant's computer (Tuyên Quang
 * civil-judgment department, 31/8/2022, forwarding letter 1298/CATTT-NCSC): computers checked,
 * malware found, malware handled. "Kết quả … mã độc" counts computers, which is what the host
 * records count, hence the sources.
 */
import type { ReportTemplate } from '../template-model.js';

export const ncsc2022Unit: ReportTemplate = {
  code: 'NCSC-2022-UNIT',
  version: 1,
  title: {
    vi: 'Mẫu báo cáo kết quả triển khai làm sạch mã độc trên không gian mạng năm 2022',
    en: 'Report on cleaning malware from cyberspace in 2022 (unit level)',
  },
  basis:
    'Mẫu báo cáo kèm theo Công văn số /CTHADS-VP ngày 31/8/2022 của Cục Thi hành án dân sự tỉnh Tuyên Quang',
  level: 'unit',
  fields: [
    {
      kind: 'text',
      id: 'evaluation',
      label: {
        vi: 'Đánh giá kết quả thực hiện chiến dịch trong phạm vi triển khai',
        en: 'Evaluation of the campaign results within the scope of deployment',
      },
      multiline: true,
      required: true,
    },
    {
      kind: 'figure',
      id: 'computers_checked',
      label: { vi: 'Số lượng máy tính đã thực hiện', en: 'Computers checked' },
      source: 'endpoints.checked',
      rollup: 'sum',
      required: true,
    },
    {
      kind: 'figure',
      id: 'malware_found',
      label: { vi: 'Kết quả đã phát hiện mã độc', en: 'Malware found (computers)' },
      source: 'hosts.found',
      rollup: 'sum',
      required: true,
    },
    {
      kind: 'figure',
      id: 'malware_handled',
      label: { vi: 'Kết quả đã xử lý mã độc (nếu có)', en: 'Malware removed (computers, if any)' },
      source: 'hosts.cleaned',
      rollup: 'sum',
      required: false,
    },
    {
      kind: 'text',
      id: 'proposals',
      label: { vi: 'Đề xuất, kiến nghị (nếu có)', en: 'Proposals and recommendations (if any)' },
      multiline: true,
      required: false,
    },
  ],
};
