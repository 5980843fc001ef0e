// "Nguồn dữ liệu" (national administrators): the feed sources with their state, pull now,
// upload a file, add/edit/delete, the report of the last action and the run history of the
// selected source (#/intel/feeds/<name>).
import { useState } from 'react';
import { api } from '../api.js';
import { ConfirmButton, ErrorBox, Loading, Notice } from '../components/common.js';
import { useT } from '../i18n/index.js';
import { href, navigate } from '../router.js';
import type { FeedRunReport, FeedSourceView } from '../types.js';
import { useLoad } from '../useLoad.js';
import { FeedForm } from './FeedForm.js';
import { FeedRuns } from './FeedRuns.js';
import { FeedUpload } from './FeedUpload.js';
import { barPercent, scheduleLabel } from './labels.js';
import { RunReportPanel, RunStatusBadge, useFeedsAccess } from './shared.js';

type Editing = { mode: 'create' } | { mode: 'edit'; feed: FeedSourceView } | null;
interface ShownReport {
  report: FeedRunReport;
  /** runs the same action again with confirmShrink (offered when the run was held) */
  retry: (() => Promise<FeedRunReport>) | null;
}

export function FeedsPage({ selected }: { selected: string | null }) {
  const { t } = useT();
  const access = useFeedsAccess();
  const formats = useLoad((signal) => api.feedFormats(signal), []);
  const [editing, setEditing] = useState<Editing>(null);
  const [uploading, setUploading] = useState<FeedSourceView | null>(null);
  const [shown, setShown] = useState<ShownReport | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [runsNonce, setRunsNonce] = useState(0);

  const formatTitle = (id: string | null) => {
    if (id === null) return t('intel.feed.formatAuto');
    return formats.data?.items.find((f) => f.id === id)?.title ?? id;
  };

  const refresh = () => {
    access.reload();
    setRunsNonce((n) => n + 1);
  };
  const showReport = (report: FeedRunReport, retry: () => Promise<FeedRunReport>) => {
    setShown({ report, retry: report.status === 'held' ? retry : null });
    refresh();
  };

  const pull = async (name: string, confirmShrink: boolean) => {
    setBusy(name);
    setActionError(null);
    setNotice(null);
    try {
      showReport(await api.pullFeed(name, confirmShrink), () => api.pullFeed(name, true));
    } catch (e) {
      setActionError(e);
      refresh();
    } finally {
      setBusy(null);
    }
  };

  const confirmShown = async () => {
    if (!shown?.retry) return;
    const retry = shown.retry;
    setConfirming(true);
    setActionError(null);
    try {
      const report = await retry();
      setShown({ report, retry: report.status === 'held' ? retry : null });
      refresh();
    } catch (e) {
      setActionError(e);
      refresh();
    } finally {
      setConfirming(false);
    }
  };

  if (access.denied) {
    return (
      <div className="page narrow">
        <h1>{t('intel.feeds.title')}</h1>
        <p className="notice notice-warning" data-testid="feeds-forbidden">
          {t('intel.feeds.nationalOnly')}
        </p>
      </div>
    );
  }

  const feeds = access.data?.items;
  const maxListed = Math.max(0, ...(feeds ?? []).map((f) => f.listed));
  const selectedFeed = selected !== null ? feeds?.find((f) => f.name === selected) : undefined;

  return (
    <div className="page page-wide">
      <div className="page-head">
        <h1>{t('intel.feeds.title')}</h1>
        {feeds && editing === null && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setUploading(null);
              setEditing({ mode: 'create' });
            }}
            data-testid="feed-add"
          >
            {t('intel.feeds.add')}
          </button>
        )}
      </div>
      <p className="muted">{t('intel.feeds.intro')}</p>

      {notice && <Notice kind="success">{notice}</Notice>}

      {editing && (
        <FeedForm
          key={editing.mode === 'edit' ? `edit:${editing.feed.name}` : 'create'}
          feed={editing.mode === 'edit' ? editing.feed : undefined}
          formats={formats.data?.items ?? []}
          onCancel={() => setEditing(null)}
          onSaved={(feed, created) => {
            setEditing(null);
            setNotice(t(created ? 'intel.feed.created' : 'intel.feed.saved', { name: feed.name }));
            access.reload();
          }}
        />
      )}

      {uploading && (
        <FeedUpload
          key={`upload:${uploading.name}`}
          feed={uploading}
          formats={formats.data?.items ?? []}
          onCancel={() => setUploading(null)}
          onDone={(report, retry) => {
            setUploading(null);
            showReport(report, retry);
          }}
          onFailed={refresh}
        />
      )}

      {shown && (
        <RunReportPanel
          report={shown.report}
          formatTitle={formatTitle}
          onConfirm={shown.retry ? () => void confirmShown() : null}
          confirming={confirming}
          onDismiss={() => setShown(null)}
        />
      )}

      <ErrorBox error={actionError} testId="feeds-action-error" />

      {access.error ? (
        <ErrorBox error={access.error} />
      ) : !feeds ? (
        <Loading />
      ) : feeds.length === 0 ? (
        <p className="muted" data-testid="feeds-empty">
          {t('intel.feeds.empty')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="feeds-table">
            <thead>
              <tr>
                <th scope="col">{t('intel.feed.name')}</th>
                <th scope="col">{t('intel.feed.format')}</th>
                <th scope="col">{t('intel.feed.schedule')}</th>
                <th scope="col">{t('intel.feed.listed')}</th>
                <th scope="col">{t('intel.feed.lastRun')}</th>
                <th scope="col">{t('intel.feed.status')}</th>
                <th scope="col">{t('intel.feed.lastError')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {feeds.map((feed) => (
                <FeedRow
                  key={feed.id}
                  feed={feed}
                  maxListed={maxListed}
                  selected={feed.name === selected}
                  busy={busy === feed.name}
                  formatTitle={formatTitle}
                  onPull={(confirm) => void pull(feed.name, confirm)}
                  onUpload={() => {
                    setEditing(null);
                    setUploading(feed);
                  }}
                  onEdit={() => {
                    setUploading(null);
                    setEditing({ mode: 'edit', feed });
                  }}
                  onDelete={async () => {
                    setActionError(null);
                    setNotice(null);
                    try {
                      await api.deleteFeed(feed.name);
                      setNotice(t('intel.feed.deleted', { name: feed.name }));
                      if (selected === feed.name) navigate('/intel/feeds');
                      if (editing?.mode === 'edit' && editing.feed.name === feed.name) setEditing(null);
                      if (uploading?.name === feed.name) setUploading(null);
                      access.setData((prev) =>
                        prev ? { items: prev.items.filter((f) => f.name !== feed.name) } : prev,
                      );
                    } catch (e) {
                      setActionError(e);
                    }
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}

      {selected !== null && feeds && (
        <FeedRuns
          key={`runs:${selected}`}
          name={selected}
          title={selectedFeed?.title ?? selected}
          nonce={runsNonce}
          formatTitle={formatTitle}
          onClose={() => navigate('/intel/feeds')}
        />
      )}
    </div>
  );
}

function FeedRow({
  feed,
  maxListed,
  selected,
  busy,
  formatTitle,
  onPull,
  onUpload,
  onEdit,
  onDelete,
}: {
  feed: FeedSourceView;
  maxListed: number;
  selected: boolean;
  busy: boolean;
  formatTitle: (id: string | null) => string;
  onPull: (confirmShrink: boolean) => void;
  onUpload: () => void;
  onEdit: () => void;
  onDelete: () => Promise<void>;
}) {
  const { t, formatNumber, formatDateTime } = useT();
  const schedule = scheduleLabel(feed.scheduleMinutes);
  const pct = barPercent(feed.listed, maxListed);
  return (
    <tr
      data-testid={`feed-row-${feed.name}`}
      data-status={feed.lastStatus ?? ''}
      className={
        [selected ? 'row-selected' : '', feed.enabled ? '' : 'row-inactive'].join(' ').trim() || undefined
      }
    >
      <td>
        <a
          href={href(`/intel/feeds/${encodeURIComponent(feed.name)}`)}
          className="mono"
          aria-current={selected ? 'true' : undefined}
        >
          {feed.name}
        </a>
        {!feed.enabled && (
          <>
            {' '}
            <span className="badge badge-ended">{t('intel.feed.disabled')}</span>
          </>
        )}
        <div className="small">{feed.title}</div>
        {feed.location && (
          <div className="small muted mono break location-clip" title={feed.location}>
            {feed.location}
          </div>
        )}
      </td>
      <td>
        {feed.format === null ? (
          <span className="muted">{t('intel.feed.formatAuto')}</span>
        ) : (
          <span title={formatTitle(feed.format)} className="mono">
            {feed.format}
          </span>
        )}
      </td>
      <td className="nowrap">{t(schedule.key, schedule.params)}</td>
      <td>
        <div className="bar-cell" title={t('intel.feed.listedCount', { count: feed.listed })}>
          <span className="num" data-testid={`feed-listed-${feed.name}`}>
            {formatNumber(feed.listed)}
          </span>
          <span className="bar" aria-hidden="true">
            <span className="bar-fill" style={{ width: `${pct}%` }} />
          </span>
        </div>
      </td>
      <td className="nowrap">
        {feed.lastRunAt ? (
          formatDateTime(feed.lastRunAt)
        ) : (
          <span className="muted">{t('intel.feed.never')}</span>
        )}
      </td>
      <td>
        <RunStatusBadge status={feed.lastStatus} />
        {feed.lastStatus === 'held' && <HeldInfo feed={feed} busy={busy} onConfirm={() => onPull(true)} />}
      </td>
      <td className="break last-error" data-testid={`feed-error-${feed.name}`}>
        {feed.lastError ?? <span className="muted">{t('common.empty')}</span>}
      </td>
      <td className="actions">
        <div className="action-group">
          <button
            type="button"
            className="btn btn-small"
            disabled={busy || !feed.location}
            title={feed.location ? undefined : t('intel.feed.noLocation')}
            onClick={() => onPull(false)}
            data-testid={`feed-pull-${feed.name}`}
          >
            {busy ? t('intel.feed.pulling') : t('intel.feed.pull')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            onClick={onUpload}
            data-testid={`feed-upload-${feed.name}`}
          >
            {t('intel.feed.upload')}
          </button>
          <a
            className="btn btn-small"
            href={href(`/intel/feeds/${encodeURIComponent(feed.name)}`)}
            data-testid={`feed-history-${feed.name}`}
          >
            {t('intel.feed.history')}
          </a>
          <button
            type="button"
            className="btn btn-small"
            onClick={onEdit}
            data-testid={`feed-edit-${feed.name}`}
          >
            {t('common.edit')}
          </button>
          <ConfirmButton
            label={t('common.remove')}
            question={t('intel.feed.deleteConfirm', { name: feed.name })}
            confirmLabel={t('intel.feed.deleteConfirmButton')}
            onConfirm={onDelete}
            testId={`feed-delete-${feed.name}`}
          />
        </div>
      </td>
    </tr>
  );
}

/** Why the last run was held (the run's own message) and the way to apply it anyway. */
function HeldInfo({ feed, busy, onConfirm }: { feed: FeedSourceView; busy: boolean; onConfirm: () => void }) {
  const { t } = useT();
  const runs = useLoad((signal) => api.feedRuns(feed.name, 1, signal), [feed.name, feed.lastRunAt]);
  const run = runs.data?.items[0];
  const fromUpload = run?.trigger === 'upload' || !feed.location;
  return (
    <div className="held-info" data-testid={`feed-held-${feed.name}`}>
      <p className="small">{run?.message ?? t('intel.feed.heldNote')}</p>
      {runs.data &&
        (fromUpload ? (
          <p className="small muted">
            {t('intel.feed.heldUploadAgain', { option: t('intel.upload.confirmShrink') })}
          </p>
        ) : (
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={busy}
            onClick={onConfirm}
            data-testid={`feed-confirm-${feed.name}`}
          >
            {busy ? t('intel.feed.pulling') : t('intel.feed.confirmApply')}
          </button>
        ))}
    </div>
  );
}
