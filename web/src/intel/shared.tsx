// Building blocks shared by the threat-intelligence pages: localized labels for the
// server's codes, status badges, run reports, rejected lines and a pager.
import { useMemo } from 'react';
import { api, isApiError } from '../api.js';
import { Badge } from '../components/common.js';
import { useT } from '../i18n/index.js';
import type { FeedRejection, FeedRunCounts, FeedRunReport, IndicatorStatus } from '../types.js';
import { useLoad } from '../useLoad.js';
import {
  RUN_COUNT_FIELDS,
  allowlistKindKey,
  allowlistListKey,
  formatBytes,
  indicatorStatusTone,
  indicatorTypeKey,
  pageInfo,
  runStatusKey,
  runStatusTone,
  runTriggerKey,
  threatTypeKey,
} from './labels.js';
import type { MessageKey } from '../i18n/index.js';

export interface IntelLabels {
  type: (type: string) => string;
  threat: (threatType: string | null) => string;
  list: (list: string) => string;
  kind: (kind: string) => string;
  runStatus: (status: string | null) => string;
  trigger: (trigger: string) => string;
}

/** Labels for the server's codes; a code this UI does not know is shown as it is. */
export function useIntelLabels(): IntelLabels {
  const { t } = useT();
  return useMemo(() => {
    const label = (key: MessageKey | null, raw: string) => (key ? t(key) : raw);
    return {
      type: (type) => label(indicatorTypeKey(type), type),
      threat: (threatType) =>
        threatType === null ? t('common.empty') : label(threatTypeKey(threatType), threatType),
      list: (list) => label(allowlistListKey(list), list),
      kind: (kind) => label(allowlistKindKey(kind), kind),
      runStatus: (status) => (status === null ? t('intel.feed.never') : label(runStatusKey(status), status)),
      trigger: (trigger) => label(runTriggerKey(trigger), trigger),
    };
  }, [t]);
}

/**
 * Whether the signed-in user is a national administrator, found out the way the server
 * decides it: GET /api/intel/feeds answers 403 to everyone else. The feed list comes along.
 */
export function useFeedsAccess() {
  const feeds = useLoad((signal) => api.feeds(signal), []);
  const denied = isApiError(feeds.error) && feeds.error.status === 403;
  const allowed: boolean | null = feeds.data ? true : denied ? false : feeds.error ? false : null;
  return { ...feeds, allowed, denied };
}

export function IndicatorStatusBadge({
  status,
  reason,
}: {
  status: IndicatorStatus;
  reason?: string | null;
}) {
  const { t } = useT();
  const why = status === 'allowlisted' && reason ? t('intel.allowlistReason', { reason }) : undefined;
  return (
    <Badge tone={indicatorStatusTone(status)} title={why}>
      {t(`intel.status.${status}`)}
    </Badge>
  );
}

export function RunStatusBadge({ status }: { status: string | null }) {
  const labels = useIntelLabels();
  return <Badge tone={runStatusTone(status)}>{labels.runStatus(status)}</Badge>;
}

/** The counts of one or more runs as a table with a column per count. */
export function RunCountsCells({ counts }: { counts: FeedRunCounts }) {
  const { formatNumber } = useT();
  return (
    <>
      {RUN_COUNT_FIELDS.map(({ field }) => (
        <td key={field} className={`num${counts[field] === 0 ? ' muted' : ''}`} data-count={field}>
          {formatNumber(counts[field])}
        </td>
      ))}
    </>
  );
}

export function RunCountsHeads() {
  const { t } = useT();
  return (
    <>
      {RUN_COUNT_FIELDS.map(({ field, label }) => (
        <th key={field} scope="col" className="num">
          {t(label)}
        </th>
      ))}
    </>
  );
}

export function RejectionsTable({
  rejections,
  total,
  limit = 50,
  testId,
}: {
  rejections: FeedRejection[];
  /** how many lines were rejected in all (the server keeps only the first ones) */
  total: number;
  limit?: number;
  testId?: string;
}) {
  const { t, formatNumber } = useT();
  const shown = rejections.slice(0, limit);
  if (shown.length === 0) return null;
  return (
    <div className="rejections" data-testid={testId}>
      <h4>{t('intel.report.rejections', { shown: shown.length, total: Math.max(total, shown.length) })}</h4>
      <div className="table-wrap">
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('intel.rej.line')}
              </th>
              <th scope="col">{t('intel.rej.reason')}</th>
              <th scope="col">{t('intel.rej.text')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r, i) => (
              <tr key={`${r.line}-${i}`}>
                <td className="num">{formatNumber(r.line)}</td>
                <td>{r.reason}</td>
                <td className="mono break">{r.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** What one pull or upload did: status, counts and the first rejected lines. */
export function RunReportPanel({
  report,
  formatTitle,
  onConfirm,
  confirming,
  onDismiss,
}: {
  report: FeedRunReport;
  formatTitle: (format: string | null) => string;
  /** offered when the run was held because the feed shrank */
  onConfirm: (() => void) | null;
  confirming: boolean;
  onDismiss: () => void;
}) {
  const { t, formatNumber } = useT();
  return (
    <section
      className={`card run-report run-report-${report.status}`}
      data-testid="feed-run-report"
      data-status={report.status}
      aria-live="polite"
    >
      <div className="run-report-head">
        <h2>{t('intel.report.title', { run: String(report.runId), source: report.source })}</h2>
        <RunStatusBadge status={report.status} />
      </div>
      <p className="muted small">
        {t('intel.report.summary', {
          format: report.format ? formatTitle(report.format) : t('intel.report.formatUnknown'),
          lines: report.lines,
          items: report.items,
          distinct: report.distinct,
          bytes: formatBytes(report.bytes, formatNumber),
        })}
      </p>
      {report.message && (
        <p
          className={report.status === 'held' ? 'notice notice-warning' : 'muted'}
          data-testid="feed-run-message"
        >
          {report.message}
        </p>
      )}
      <div className="table-wrap">
        <table className="table" data-testid="feed-run-counts">
          <thead>
            <tr>
              <RunCountsHeads />
            </tr>
          </thead>
          <tbody>
            <tr>
              <RunCountsCells counts={report} />
            </tr>
          </tbody>
        </table>
      </div>
      <RejectionsTable
        rejections={report.rejections}
        total={report.rejected}
        limit={20}
        testId="feed-run-rejections"
      />
      <div className="form-actions">
        {report.status === 'held' && onConfirm && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={confirming}
            onClick={onConfirm}
            data-testid="feed-run-confirm"
          >
            {confirming ? t('intel.feed.pulling') : t('intel.feed.confirmApply')}
          </button>
        )}
        <button type="button" className="btn" onClick={onDismiss}>
          {t('intel.report.dismiss')}
        </button>
      </div>
    </section>
  );
}

export function Pager({
  offset,
  limit,
  total,
  shown,
  rangeKey,
  onOffset,
  busy,
}: {
  offset: number;
  limit: number;
  total: number;
  shown: number;
  rangeKey: MessageKey;
  onOffset: (offset: number) => void;
  busy?: boolean;
}) {
  const { t } = useT();
  const info = pageInfo(offset, limit, total, shown);
  return (
    <nav className="pager" aria-label={t('intel.pager.label')}>
      <span className="muted small" data-testid="pager-range">
        {t(rangeKey, { from: info.from, to: info.to, total })}
      </span>
      <span className="pager-buttons">
        <button
          type="button"
          className="btn btn-small"
          disabled={!info.hasPrev || busy}
          onClick={() => onOffset(Math.max(0, offset - limit))}
          data-testid="pager-prev"
        >
          {t('intel.pager.prev')}
        </button>
        <span className="small">{t('intel.pager.page', { page: info.page, pages: info.pages })}</span>
        <button
          type="button"
          className="btn btn-small"
          disabled={!info.hasNext || busy}
          onClick={() => onOffset(offset + limit)}
          data-testid="pager-next"
        >
          {t('intel.pager.next')}
        </button>
      </span>
    </nav>
  );
}
