// The run history of one feed source: counts per run, and the rejected lines of a run
// with their line numbers and reasons.
import { Fragment, useEffect, useId, useRef, useState } from 'react';
import { api } from '../api.js';
import { ErrorBox, Loading } from '../components/common.js';
import { useT } from '../i18n/index.js';
import { useLoad } from '../useLoad.js';
import { RUN_COUNT_FIELDS, formatBytes } from './labels.js';
import { RejectionsTable, RunCountsCells, RunCountsHeads, RunStatusBadge, useIntelLabels } from './shared.js';

const RUNS = 20;

export function FeedRuns({
  name,
  title,
  nonce,
  formatTitle,
  onClose,
}: {
  name: string;
  title: string;
  /** changes after each pull or upload so the history reloads */
  nonce: number;
  formatTitle: (format: string | null) => string;
  onClose: () => void;
}) {
  const { t, formatNumber, formatDateTime } = useT();
  const labels = useIntelLabels();
  const runs = useLoad((signal) => api.feedRuns(name, RUNS, signal), [name, nonce]);
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set());
  const titleId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  useEffect(() => {
    sectionRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, []);

  const toggle = (id: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const columns = 7 + RUN_COUNT_FIELDS.length;

  return (
    <section className="card" aria-labelledby={titleId} ref={sectionRef} data-testid="feed-runs">
      <div className="page-head">
        <h2 id={titleId}>
          {t('intel.runs.title', { name })} <span className="muted small">{title}</span>
        </h2>
        <button type="button" className="btn btn-small" onClick={onClose}>
          {t('intel.runs.close')}
        </button>
      </div>
      {runs.error ? (
        <ErrorBox error={runs.error} />
      ) : !runs.data ? (
        <Loading />
      ) : runs.data.items.length === 0 ? (
        <p className="muted">{t('intel.runs.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact" data-testid="feed-runs-table">
            <thead>
              <tr>
                <th scope="col">{t('intel.runs.startedAt')}</th>
                <th scope="col">{t('intel.runs.trigger')}</th>
                <th scope="col">{t('intel.runs.actor')}</th>
                <th scope="col">{t('intel.feed.status')}</th>
                <th scope="col">{t('intel.feed.format')}</th>
                <th scope="col" className="num">
                  {t('intel.runs.lines')}
                </th>
                <RunCountsHeads />
                <th scope="col">{t('intel.runs.message')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((run) => {
                const isOpen = open.has(run.id);
                const detailsId = `feed-run-details-${run.id}`;
                return (
                  <Fragment key={run.id}>
                    <tr data-testid={`feed-run-${run.id}`} data-status={run.status}>
                      <td className="nowrap">{formatDateTime(run.startedAt)}</td>
                      <td>{labels.trigger(run.trigger)}</td>
                      <td>{run.actor}</td>
                      <td>
                        <RunStatusBadge status={run.status} />
                      </td>
                      <td>
                        {run.format ? (
                          <span className="mono" title={formatTitle(run.format)}>
                            {run.format}
                          </span>
                        ) : (
                          <span className="muted">{t('common.empty')}</span>
                        )}
                      </td>
                      <td
                        className="num"
                        title={run.bytes > 0 ? formatBytes(run.bytes, formatNumber) : undefined}
                      >
                        {formatNumber(run.lines)}
                      </td>
                      <RunCountsCells counts={run} />
                      <td className="break run-message">
                        {run.message && <span className="small">{run.message}</span>}
                        {run.rejections.length > 0 && (
                          <div>
                            <button
                              type="button"
                              className="btn-link small"
                              aria-expanded={isOpen}
                              aria-controls={isOpen ? detailsId : undefined}
                              onClick={() => toggle(run.id)}
                              data-testid={`feed-run-toggle-${run.id}`}
                            >
                              {isOpen ? t('intel.runs.hideRejections') : t('intel.runs.showRejections')}
                            </button>
                          </div>
                        )}
                      </td>
                    </tr>
                    {isOpen && (
                      <tr className="details-row" id={detailsId}>
                        <td colSpan={columns}>
                          <RejectionsTable
                            rejections={run.rejections}
                            total={run.rejected}
                            limit={200}
                            testId={`feed-run-rejections-${run.id}`}
                          />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
