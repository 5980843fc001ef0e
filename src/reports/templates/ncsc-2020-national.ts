/**
 * The annex of letter 826/CATTT-NCSC (22/09/2020), "Mẫu thống kê, báo cáo kết quả triển khai" of the
 * 2020 campaign "Giảm tỉ lệ lây nhiễm mã độc và Botnet": what ministries, provinces and state groups
 * send back to the national centre. Labels are the annex's own words.
 */
import type { ReportTemplate } from '../template-model.js';

export const ncsc2020National: ReportTemplate = {
  code: 'NCSC-2020-NATIONAL',
  version: 1,
  title: {
    vi: 'Mẫu thống kê, báo cáo kết quả triển khai chiến dịch rà quét xử lý mã độc năm 2020',
    en: 'Statistics and report on the 2020 malware scan-and-removal campaign',
  },
  basis: 'Phụ lục Công văn số 826/CATTT-NCSC ngày 22/09/2020 của Cục An toàn thông tin',
  level: 'national',
  fields: [
    {
      kind: 'text',
      id: 'evaluation',
      label: {
        vi: 'Đánh giá kết quả thực hiện chiến dịch trên địa bàn/phạm vi quản lý',
        en: 'Evaluation of the campaign results in the area/scope under management',
      },
      multiline: true,
      required: true,
    },
    {
      kind: 'figure',
      id: 'orgs_received',
      label: {
        vi: 'Tổng số cơ quan, tổ chức, doanh nghiệp nhận được thông tin về chiến dịch',
        en: 'Total agencies, organisations and enterprises informed of the campaign',
      },
      source: 'campaign.received',
      rollup: 'sum',
      required: true,
    },
    {
      kind: 'figure',
      id: 'orgs_deployed',
      label: {
        vi: 'Tổng số cơ quan tổ chức triển khai chiến dịch',
        en: 'Total agencies and organisations that carried out the campaign',
      },
      source: 'campaign.deployed',
      rollup: 'sum',
      required: true,
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
