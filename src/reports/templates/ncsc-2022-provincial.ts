/**
 * The annex a provincial Department of Information and Communications attached when it forwarded
 * letter 1298/CATTT-NCSC (23/8/2022), the 2022 campaign "làm sạch mã độc trên không gian mạng"
 * (Hải Dương, 26/8/2022): what provincial agencies and districts send back to the province.
 * Field ids match the 2020 annex so figures stay comparable across years.
 */
import type { ReportTemplate } from '../template-model.js';

export const ncsc2022Provincial: ReportTemplate = {
  code: 'NCSC-2022-PROVINCIAL',
  version: 1,
  title: {
    vi: 'Mẫu thống kê, báo cáo kết quả triển khai chiến dịch làm sạch mã độc trên không gian mạng năm 2022',
    en: 'Statistics and report on the 2022 campaign to clean malware from cyberspace',
  },
  basis:
    'Phụ lục Công văn số /STTTT-BCVTCNTT ngày 26/8/2022 của Sở Thông tin và Truyền thông tỉnh Hải Dương, ' +
    'triển khai Công văn số 1298/CATTT-NCSC ngày 23/8/2022 của Cục An toàn thông tin',
  level: 'provincial',
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
      id: 'orgs_received',
      label: {
        vi: 'Tổng số cơ quan, đơn vị trực thuộc nhận được thông tin về chiến dịch',
        en: 'Total subordinate agencies and units informed of the campaign',
      },
      source: 'campaign.received',
      rollup: 'sum',
      required: true,
    },
    {
      kind: 'figure',
      id: 'orgs_deployed',
      label: {
        vi: 'Tổng số cơ quan, đơn vị trực thuộc triển khai chiến dịch',
        en: 'Total subordinate agencies and units that carried out the campaign',
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
