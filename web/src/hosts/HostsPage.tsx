// Infected hosts of the user's subtree: filter, select, change many at once, open one for its
// timeline, notes and lifecycle. Only administrators see the controls that change things.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorBox, Loading } from '../components/common.js';
import { SelectField, TextField } from '../components/fields.js';
import { useT } from '../i18n/index.js';
import { href, navigate, useRoute } from '../router.js';
import { hasRole } from '../session.js';
import type { Me } from '../types.js';
import { useLoad } from '../useLoad.js';
import { hostsApi } from './api.js';
import { hostStatuses, manualStatuses, type HostStatus, type HostView, type ManualStatus } from './types.js';
import { HostCheck } from './HostCheck.js';
import { HostDetailPanel } from './HostDetailPanel.js';
import { StatusBadge } from './StatusBadge.js';

export function HostsPage({ user, selectedId }: { user: Me; selectedId: number | null }) {
  const { t, formatDateTime, formatNumber } = useT();
  const route = useRoute();
  const status = (route.query.get('status') ?? '') as HostStatus | '';
  const q = route.query.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [bulkStatus, setBulkStatus] = useState<ManualStatus | ''>('');
  const [bulkError, setBulkError] = useState<unknown>(null);
  const isAdmin = hasRole(user, 'administrator');
  const list = useLoad(
    (signal) => hostsApi.hosts(user.organisation.id, { status, q }, signal),
    [user.organisation.id, status, q],
  );

  const go = (next: { status?: string; q?: string }) => {
    const params = new URLSearchParams();
    const s = next.status ?? status;
    const text = next.q ?? q;
    if (s) params.set('status', s);
    if (text) params.set('q', text);
    const qs = params.toString();
    navigate(`/hosts${qs ? `?${qs}` : ''}`);
  };

  const toggle = (id: number) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const applyBulk = async (e: FormEvent) => {
    e.preventDefault();
    if (!bulkStatus || selected.size === 0) return;
    setBulkError(null);
    try {
      await hostsApi.bulk([...selected], { status: bulkStatus });
      setSelected(new Set());
      list.reload();
    } catch (error) {
      setBulkError(error);
    }
  };

  const items: HostView[] = list.data?.items ?? [];
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('hosts.title')}</h1>
        <p className="muted">{t('hosts.intro')}</p>
      </div>
      <form
        className="card form inline-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: draft.trim() });
        }}
      >
        <SelectField
          label={t('hosts.filter.status')}
          value={status}
          onChange={(v) => go({ status: v })}
          placeholder={t('hosts.filter.any')}
          options={hostStatuses.map((s) => ({ value: s, label: t(`hosts.status.${s}`) }))}
          testId="hosts-status-filter"
        />
        <TextField
          label={t('hosts.filter.address')}
          value={draft}
          onChange={setDraft}
          testId="hosts-search"
        />
        <button type="submit" className="btn">
          {t('hosts.filter.apply')}
        </button>
      </form>
      <HostCheck />
      {isAdmin && selected.size > 0 && (
        <form className="card form inline-form" onSubmit={(e) => void applyBulk(e)} data-testid="hosts-bulk">
          <span>{t('hosts.bulk.selected', { count: selected.size })}</span>
          <SelectField
            label={t('hosts.bulk.setStatus')}
            value={bulkStatus}
            onChange={(v) => setBulkStatus(v as ManualStatus | '')}
            placeholder="—"
            options={manualStatuses.map((s) => ({ value: s, label: t(`hosts.status.${s}`) }))}
            testId="hosts-bulk-status"
          />
          <button type="submit" className="btn btn-primary" disabled={!bulkStatus}>
            {t('hosts.bulk.apply')}
          </button>
          <ErrorBox error={bulkError} />
        </form>
      )}
      <div className={selectedId !== null ? 'two-pane' : undefined}>
        <div className="pane">
          {list.error ? (
            <ErrorBox error={list.error} />
          ) : list.loading && !list.data ? (
            <Loading />
          ) : items.length === 0 ? (
            <p className="notice notice-info" data-testid="hosts-empty">
              {t('hosts.empty')}
            </p>
          ) : (
            <div className="table-wrap">
              <p className="small muted">
                {t('hosts.total', { count: formatNumber(list.data?.total ?? 0) })}
              </p>
              <table className="table table-clickable" data-testid="hosts-table">
                <thead>
                  <tr>
                    {isAdmin && <th aria-label={t('hosts.bulk.select')} />}
                    <th>{t('hosts.col.address')}</th>
                    <th>{t('hosts.col.organisation')}</th>
                    <th>{t('hosts.col.status')}</th>
                    <th>{t('hosts.col.family')}</th>
                    <th>{t('hosts.col.lastSeen')}</th>
                    <th>{t('hosts.col.assignee')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((h) => (
                    <tr key={h.id} data-testid="host-row" aria-selected={h.id === selectedId}>
                      {isAdmin && (
                        <td>
                          <input
                            type="checkbox"
                            aria-label={t('hosts.bulk.selectOne', { address: h.address })}
                            checked={selected.has(h.id)}
                            onChange={() => toggle(h.id)}
                          />
                        </td>
                      )}
                      <td className="mono">
                        <a href={href(`/hosts/${h.id}${route.path === '/hosts' ? '' : ''}`)}>{h.address}</a>
                      </td>
                      <td>{h.organisation.name}</td>
                      <td>
                        <StatusBadge status={h.status} />
                      </td>
                      <td>{h.families.join(', ')}</td>
                      <td className="nowrap">{formatDateTime(h.lastSeen)}</td>
                      <td>{h.assignee?.name ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
        {selectedId !== null && (
          <div className="pane pane-detail">
            <HostDetailPanel id={selectedId} canEdit={isAdmin} onChanged={list.reload} />
          </div>
        )}
      </div>
    </div>
  );
}
