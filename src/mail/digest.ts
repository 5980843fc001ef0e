/**
 * The per-organisation digest: one message listing the hosts that need the organisation's
 * attention, in Vietnamese (or English), with the full list as a CSV attachment. Pure.
 */
import { stringify } from 'csv-stringify/sync';

export interface DigestHost {
  address: string;
  status: string;
  families: string[];
  firstSeen: string;
  lastSeen: string;
  observations: number;
  detections: number;
  reopenReason: string | null;
}

export interface DigestInput {
  lang: 'vi' | 'en';
  organisation: { code: string; name: string };
  hosts: DigestHost[];
  /** hosts still open beyond the ones listed (already notified earlier) */
  stillOpen: number;
  generatedAt: Date;
  /** link to the host list in the web UI, when the public address is known */
  link: string | null;
}

export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
  csv: string;
  csvName: string;
}

const statusVi: Record<string, string> = {
  new: 'mới',
  reopened: 'tái nhiễm',
  notified: 'đã thông báo',
  acknowledged: 'đã tiếp nhận',
  'being-cleaned': 'đang xử lý',
  cleaned: 'đã làm sạch',
  verified: 'đã xác minh sạch',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function when(iso: string, lang: 'vi' | 'en'): string {
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Asia/Ho_Chi_Minh',
  }).format(new Date(iso));
}

export function digestCsv(hosts: readonly DigestHost[]): string {
  // A BOM so spreadsheet programs read the Vietnamese text as UTF-8.
  return `\ufeff${stringify(
    hosts.map((h) => [
      h.address,
      h.status,
      h.families.join(' '),
      h.firstSeen,
      h.lastSeen,
      h.observations,
      h.detections,
      h.reopenReason ?? '',
    ]),
    {
      header: true,
      columns: [
        'address',
        'status',
        'families',
        'first_seen',
        'last_seen',
        'observations',
        'detections',
        'reopened_by',
      ],
    },
  )}`;
}

export function renderDigest(input: DigestInput): RenderedDigest {
  const { lang, organisation, hosts } = input;
  const vi = lang === 'vi';
  const n = new Intl.NumberFormat(vi ? 'vi-VN' : 'en-GB').format(hosts.length);
  const subject = vi
    ? `[lamsach] ${organisation.name}: ${n} máy nhiễm mã độc cần xử lý`
    : `[lamsach] ${organisation.name}: ${n} infected hosts to clean`;
  const intro = vi
    ? `Kính gửi ${organisation.name},\n\nHệ thống chiến dịch làm sạch mã độc ghi nhận ${n} địa chỉ thuộc đơn vị đang có dấu hiệu nhiễm mã độc (mới phát hiện hoặc tái nhiễm). Đề nghị đơn vị kiểm tra, làm sạch các máy này và cập nhật trạng thái xử lý.`
    : `Dear ${organisation.name},\n\nThe malware-cleanup campaign has ${n} addresses of your organisation showing signs of infection (newly found or reopened). Please check and clean these machines and update their status.`;
  const lines = hosts.slice(0, 50).map((h) => {
    const status = vi ? (statusVi[h.status] ?? h.status) : h.status;
    const families = h.families.join(', ') || (vi ? 'chưa xác định' : 'unknown');
    const seen = vi ? `thấy lần cuối ${when(h.lastSeen, lang)}` : `last seen ${when(h.lastSeen, lang)}`;
    return `- ${h.address} (${status}): ${families}; ${seen}${h.reopenReason ? `; ${vi ? 'tái nhiễm do' : 'reopened by'} ${h.reopenReason}` : ''}`;
  });
  const more =
    hosts.length > 50
      ? vi
        ? `… và ${hosts.length - 50} địa chỉ khác trong tệp đính kèm.`
        : `… and ${hosts.length - 50} more in the attachment.`
      : null;
  const open =
    input.stillOpen > 0
      ? vi
        ? `Ngoài ra còn ${input.stillOpen} máy đã được thông báo trước đây nhưng chưa xử lý xong.`
        : `${input.stillOpen} hosts notified earlier are still being handled.`
      : null;
  const footer = vi
    ? `Danh sách đầy đủ ở tệp CSV đính kèm.${input.link ? ` Xem và cập nhật tại: ${input.link}` : ''}\n\nThư này được gửi tự động, tối đa một lần trong mỗi kỳ tổng hợp.`
    : `The full list is in the attached CSV file.${input.link ? ` View and update at: ${input.link}` : ''}\n\nThis message is sent automatically, at most once per digest interval.`;
  const text = [intro, '', ...lines, ...(more ? [more] : []), ...(open ? ['', open] : []), '', footer].join(
    '\n',
  );
  const html = `<!doctype html><html lang="${lang}"><body>${text
    .split('\n\n')
    .map((block) =>
      block.startsWith('- ')
        ? `<ul>${block
            .split('\n')
            .map((l) => `<li>${escapeHtml(l.replace(/^- /, ''))}</li>`)
            .join('')}</ul>`
        : `<p>${escapeHtml(block).replace(/\n/g, '<br>')}</p>`,
    )
    .join('')}</body></html>`;
  const day = input.generatedAt.toISOString().slice(0, 10);
  return {
    subject,
    text,
    html,
    csv: digestCsv(hosts),
    csvName: `${vi ? 'may-nhiem' : 'infected-hosts'}-${organisation.code}-${day}.csv`,
  };
}
