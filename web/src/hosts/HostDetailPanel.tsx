// One host: what reopened it, its lifecycle controls, notes, and observations and detections on one timeline.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorBox, Loading } from '../components/common.js';
import { TextField } from '../components/fields.js';
import { useT } from '../i18n/index.js';
import { useLoad } from '../useLoad.js';
import { hostsApi, type HostChange } from './api.js';
import { StatusBadge } from './StatusBadge.js';
import { hostStatuses, manualStatuses, type HostStatus } from './types.js';

export function HostDetailPanel({
  id,
  canEdit,
  onChanged,
}: {
  id: number;
  canEdit: boolean;
  onChanged: () => void;
}) {
  const { t, formatDateTime } = useT();
  const detail = useLoad((signal) => hostsApi.host(id, signal), [id]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);

  const change = async (body: HostChange) => {
    setError(null);
    try {
      await hostsApi.changeHost(id, body);
      detail.reload();
      onChanged();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  const addNote = async (e: FormEvent) => {
    e.preventDefault();
    if (note.trim() && (await change({ note: note.trim() }))) setNote('');
  };

  const statusLabel = (s: string) =>
    (hostStatuses as string[]).includes(s) ? t(`hosts.status.${s as HostStatus}`) : s;
  if (detail.error) return <ErrorBox error={detail.error} />;
  if (!detail.data) return <Loading />;
  const { host, timeline, transitions, notes } = detail.data;
  return (
    <section data-testid="host-detail">
      <h2 className="mono">{host.address}</h2>
      <p>
        <StatusBadge status={host.status} /> {host.organisation.name}
      </p>
      <p className="small">
        {t('hosts.detail.seen', {
          first: formatDateTime(host.firstSeen),
          last: formatDateTime(host.lastSeen),
        })}
      </p>
      {host.families.length > 0 && (
        <p className="small">{t('hosts.detail.families', { families: host.families.join(', ') })}</p>
      )}
      {host.status === 'reopened' && host.reopenEvidence && (
        <p className="notice notice-warning" data-testid="host-reopened-by">
          {t('hosts.detail.reopenedBy', {
            kind: t(`hosts.evidence.${host.reopenEvidence.kind}`),
            source: host.reopenEvidence.source,
            time: formatDateTime(host.reopenEvidence.time),
            family: host.reopenEvidence.family ?? '—',
          })}
        </p>
      )}
      {canEdit && host.status !== 'verified' && (
        <div className="detail-actions" role="group" aria-label={t('hosts.detail.setStatus')}>
          {manualStatuses
            .filter((s) => s !== host.status)
            .map((s) => (
              <button
                key={s}
                type="button"
                className="btn btn-small"
                onClick={() => void change({ status: s })}
              >
                {t(`hosts.status.${s}`)}
              </button>
            ))}
        </div>
      )}
      {host.status === 'cleaned' && <p className="small muted">{t('hosts.detail.verifyHint')}</p>}
      <ErrorBox error={error} />
      {canEdit && (
        <form className="form inline-form" onSubmit={(e) => void addNote(e)}>
          <TextField label={t('hosts.detail.note')} value={note} onChange={setNote} maxLength={5000} />
          <button type="submit" className="btn">
            {t('hosts.detail.addNote')}
          </button>
        </form>
      )}
      {notes.length > 0 && (
        <>
          <h3>{t('hosts.detail.notes')}</h3>
          <ul>
            {notes.map((n) => (
              <li key={n.id}>
                <span className="small muted">
                  {formatDateTime(n.at)} · {n.author}
                </span>{' '}
                {n.text}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('hosts.detail.timeline')}</h3>
      <table className="table table-compact" data-testid="host-timeline">
        <thead>
          <tr>
            <th>{t('hosts.col.time')}</th>
            <th>{t('hosts.col.evidence')}</th>
            <th>{t('hosts.col.family')}</th>
            <th>{t('hosts.col.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {timeline.map((e) => (
            <tr key={`${e.kind}-${e.id}`}>
              <td className="nowrap">{formatDateTime(e.time)}</td>
              <td>
                {t(`hosts.evidence.${e.kind}`)} <span className="small muted">{e.source}</span>
              </td>
              <td>{e.family ?? ''}</td>
              <td className="small">{e.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('hosts.detail.history')}</h3>
      <ul className="small">
        {transitions.map((tr) => (
          <li key={tr.id}>
            {formatDateTime(tr.at)} · {tr.actor}: {tr.from ? statusLabel(tr.from) : '—'} →{' '}
            {statusLabel(tr.to)}
          </li>
        ))}
      </ul>
    </section>
  );
}
