/**
 * What `lamsach serve --demo` shows a new user besides the organisation tree: a feed, a campaign
 * with its forwardings, infected hosts and a draft report. Pure data, dated relative to the day it
 * is built so the demo never looks stale; `demo.ts` feeds it through the services.
 *
 * Everything is fictitious. Indicators are names under `.test` (reserved by RFC 6761, and on no
 * allowlist); no IP indicators, because every documentation range is on the shipped allowlist of
 * reserved blocks and would be held back. Infected hosts are in the demo tree's documentation
 * ranges (`src/organisations/seed/demo.ts`), so they never name a real machine.
 */
import { addDays } from '../campaigns/model.js';
import type { ManualStatus } from '../hosts/lifecycle.js';
import type { ObservationRecord } from '../hosts/observation-model.js';

export const demoTag = 'chien-dich-minh-hoa';

export const demoFeedSource = {
  name: 'minh-hoa',
  title: 'Nguồn minh hoạ: máy chủ điều khiển mã độc (dữ liệu không có thật)',
  format: 'plain',
  defaultThreatType: 'c2',
  defaultConfidence: 70,
  expiryDays: 90,
  tags: [demoTag],
} as const;

const zones = [
  { zone: 'demo-botnet.test', family: 'mirai' },
  { zone: 'demo-stealer.test', family: 'redline' },
  { zone: 'demo-loader.test', family: 'andromeda' },
];
const hostLabels = ['cnc', 'update', 'telemetry', 'sync', 'api', 'cdn-static', 'report', 'gate'];
const lures = ['cong-van-khan', 'bang-luong-thang', 'lich-cong-tac', 'ket-qua-thanh-tra'];

/** The feed file, as a plain list with a note per line. */
export function demoFeedLines(): string[] {
  const domains = zones.flatMap(({ zone, family }) =>
    hostLabels.map((label) => `${label}.${zone} # ${family} (minh hoạ)`),
  );
  const urls = lures.flatMap((lure, i) => [
    `http://files.demo-loader.test/tai-lieu/${lure}.exe # andromeda (minh hoạ)`,
    `https://dang-nhap.demo-phish.test/${i + 1}/${lure}.html # trang giả mạo (minh hoạ)`,
  ]);
  return [
    '# lamsach demo feed: fictitious names under the reserved .test domain (RFC 6761)',
    '# Danh sách minh hoạ: mọi tên miền và URL dưới đây đều không có thật',
    ...domains,
    ...urls,
  ];
}

export function demoCampaign(today: string) {
  return {
    code: `MINH-HOA-${today.slice(0, 4)}`,
    title: 'Chiến dịch làm sạch mã độc (dữ liệu minh hoạ)',
    description:
      'Chiến dịch minh hoạ do lamsach tạo khi khởi động với --demo: công văn, thời hạn, địa chỉ IP và ' +
      'số liệu đều không có thật.',
    rootCode: 'NCSC',
    indicatorTag: demoTag,
    templateCode: 'NCSC-2022-UNIT',
    startsOn: addDays(today, -21),
    endsOn: addDays(today, 40),
    nationalDeadline: addDays(today, 30),
    letters: [
      {
        number: '999/NCSC-MH',
        date: addDays(today, -24),
        issuer: 'Trung tâm Giám sát an toàn không gian mạng quốc gia',
        subject: 'V/v triển khai Chiến dịch làm sạch mã độc (văn bản minh hoạ, không có thật)',
      },
    ],
  };
}

const askForReport = 'Đề nghị triển khai tới các đơn vị trực thuộc và báo cáo kết quả đúng hạn.';

/** Who forwards to whom, parents first. Tuyên Quang's deadline has passed: the overdue row. */
export function demoForwardings(today: string) {
  return [
    { from: 'NCSC', to: ['BKHCN', '75', '31', 'AGRIBANK', 'VNPOST'], deadline: addDays(today, 21) },
    { from: 'NCSC', to: ['08'], deadline: addDays(today, -3) },
    { from: 'BKHCN', to: ['BKHCN.TTCNTT', 'BKHCN.CSHTT', 'BKHCN.VNLNT'], deadline: addDays(today, 14) },
    { from: '75', to: ['DN.SYT', 'DN.SKHCN'], deadline: addDays(today, 14) },
    { from: 'DN.SYT', to: ['DN.SYT.BVDK', 'DN.SYT.BVNHI'], deadline: addDays(today, 10) },
    { from: '31', to: ['HP.CHILINH'], deadline: addDays(today, 14) },
  ].map((f) => ({ ...f, note: askForReport }));
}

/** Deploying implies acknowledging, so each organisation appears once. */
export const demoMarks: { code: string; step: 'acknowledge' | 'deploy' }[] = [
  { code: '75', step: 'acknowledge' },
  { code: '31', step: 'acknowledge' },
  { code: '08', step: 'acknowledge' },
  { code: 'AGRIBANK', step: 'acknowledge' },
  { code: 'DN.SYT.BVNHI', step: 'acknowledge' },
  { code: 'BKHCN', step: 'deploy' },
  { code: 'BKHCN.TTCNTT', step: 'deploy' },
  { code: 'DN.SYT', step: 'deploy' },
  { code: 'DN.SYT.BVDK', step: 'deploy' },
];

/** Infected addresses (each inside one demo organisation's range) and the days they were seen. */
const sightings: { ip: string; family: string; daysAgo: number[] }[] = [
  { ip: '192.0.2.70', family: 'mirai', daysAgo: [12, 5] },
  { ip: '192.0.2.75', family: 'andromeda', daysAgo: [9] },
  { ip: '192.0.2.100', family: 'redline', daysAgo: [15, 14, 11] },
  { ip: '198.51.100.66', family: 'andromeda', daysAgo: [18, 10] },
  { ip: '198.51.100.67', family: 'andromeda', daysAgo: [10, 4] },
  { ip: '198.51.100.80', family: 'mirai', daysAgo: [3] },
  { ip: '198.51.100.101', family: 'redline', daysAgo: [8, 2] },
  { ip: '198.51.100.170', family: 'mirai', daysAgo: [6] },
  { ip: '203.0.113.70', family: 'andromeda', daysAgo: [13, 1] },
  { ip: '203.0.113.140', family: 'redline', daysAgo: [7] },
  { ip: '203.0.113.200', family: 'mirai', daysAgo: [5, 2] },
  { ip: '192.0.2.165', family: 'andromeda', daysAgo: [16] },
];

export const demoReportType = 'shadowserver:event4_sinkhole';

/** The sinkhole report the demo imports, as a report parser would have produced it. */
export function demoObservations(now: Date): ObservationRecord[] {
  return sightings.flatMap(({ ip, family, daysAgo }) =>
    daysAgo.map((days, i): ObservationRecord => {
      const time = new Date(now.getTime() - days * 86_400_000 - (i + 1) * 3_600_000).toISOString();
      return {
        ip,
        port: 49_152 + i,
        time,
        family,
        category: 'infected',
        source: demoReportType,
        asn: null,
        hostname: null,
        url: null,
        protocol: 'tcp',
        destinationIp: null,
        destinationPort: 80,
        raw: { timestamp: time, ip, infection: family, note: 'minh hoạ' },
      };
    }),
  );
}

/** How far remediation got: each status in turn, as a unit would record it. */
export const demoHostChanges: { ip: string; statuses: ManualStatus[]; note?: string }[] = [
  {
    ip: '198.51.100.66',
    statuses: ['notified', 'being-cleaned', 'cleaned'],
    note: 'Đã cài lại hệ điều hành và đổi mật khẩu (minh hoạ).',
  },
  { ip: '198.51.100.67', statuses: ['notified', 'being-cleaned'] },
  { ip: '192.0.2.100', statuses: ['notified', 'being-cleaned', 'cleaned'] },
  { ip: '192.0.2.70', statuses: ['notified'], note: 'Đã gửi thông báo cho đơn vị (minh hoạ).' },
  { ip: '203.0.113.140', statuses: ['notified'] },
];

/** The hospital's report, started but not sent: the figures the system knows are filled in. */
export const demoReport = {
  organisationCode: 'DN.SYT.BVDK',
  figures: { computers_checked: { value: 184 } },
  texts: {
    evaluation:
      'Bệnh viện đã rà quét toàn bộ máy tính trong mạng nội bộ; các máy nhiễm mã độc đang được xử lý ' +
      '(nội dung minh hoạ).',
  },
};
