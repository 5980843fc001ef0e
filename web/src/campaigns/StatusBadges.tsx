// Small status displays of campaigns: a deadline with its distance from today, a report status.
// Colour always comes with words, never alone.
import { useT } from '../i18n/index.js';
import type { MessageKey } from '../i18n/index.js';

const today = () => new Date().toISOString().slice(0, 10);

export function DeadlineBadge({ deadline }: { deadline: string }) {
  const { t, formatDate } = useT();
  const days = Math.round((Date.parse(deadline) - Date.parse(today())) / 86_400_000);
  const kind = days < 0 ? 'badge-danger' : days <= 3 ? 'badge-warn' : 'badge-neutral';
  return (
    <span className={`badge ${kind}`}>
      {formatDate(deadline)}
      {days < 0 ? ` · ${t('campaign.daysLate', { days: -days })}` : ''}
    </span>
  );
}

export const reportStatusKey: Record<string, MessageKey> = {
  draft: 'report.status.draft',
  submitted: 'report.status.submitted',
  returned: 'report.status.returned',
  resubmitted: 'report.status.resubmitted',
  accepted: 'report.status.accepted',
};

export function ReportStatusBadge({ status }: { status: string | null }) {
  const { t } = useT();
  if (status === null) return <span className="badge badge-neutral">{t('report.status.none')}</span>;
  const kind =
    status === 'accepted'
      ? 'badge-ok'
      : status === 'returned'
        ? 'badge-warn'
        : status === 'draft'
          ? 'badge-neutral'
          : 'badge-kind';
  return (
    <span className={`badge ${kind}`} data-testid="report-status">
      {t(reportStatusKey[status] ?? 'report.status.none')}
    </span>
  );
}
