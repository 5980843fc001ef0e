// Administration: the audit log, newest first, paged with "Xem thêm" (before=<last id>).
import { Fragment, useEffect, useRef, useState } from 'react';
import { api } from '../api.js';
import { ErrorBox, Loading } from '../components/common.js';
import { OrgPicker, useOrgChoices } from '../components/OrgPicker.js';
import { useT } from '../i18n/index.js';
import type { AuditItem } from '../types.js';

const PAGE = 50;

function json(value: unknown): string {
  if (value === undefined || value === null) return '—';
  try {
    return JSON.stringify(value, null, 2) ?? '—';
  } catch {
    return '—';
  }
}

export function AuditPage() {
  const { t, formatDateTime } = useT();
  const { choices } = useOrgChoices();
  const [organisationId, setOrganisationId] = useState<number | null>(null);
  const [items, setItems] = useState<AuditItem[]>([]);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set());
  const generation = useRef(0);

  const load = async (before: number | null, reset: boolean) => {
    const gen = reset ? ++generation.current : generation.current;
    setLoading(true);
    setError(null);
    try {
      const r = await api.audit({ organisationId, limit: PAGE, before });
      if (gen !== generation.current) return;
      setItems((prev) => {
        if (reset) return r.items;
        const seen = new Set(prev.map((x) => x.id));
        return [...prev, ...r.items.filter((x) => !seen.has(x.id))];
      });
      setDone(r.items.length < PAGE);
    } catch (x) {
      if (gen === generation.current) setError(x);
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  };

  useEffect(() => {
    setItems([]);
    setOpen(new Set());
    setDone(false);
    void load(null, true);
    // `load` reads organisationId; reloading on its change is the intent.
  }, [organisationId]);

  const toggle = (id: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const last = items[items.length - 1];

  return (
    <div className="page">
      <h1>{t('audit.title')}</h1>
      <div className="card filters">
        <OrgPicker
          idPrefix="audit-organisation"
          label={t('audit.filter')}
          choices={choices}
          value={organisationId}
          onChange={setOrganisationId}
          allowEmpty
          emptyLabel={t('audit.allOrgs')}
        />
      </div>
      {items.length === 0 && loading ? (
        <Loading />
      ) : items.length === 0 && !error ? (
        <p className="muted">{t('audit.empty')}</p>
      ) : (
        items.length > 0 && (
          <div className="table-wrap">
            <table className="table audit-table" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.organisation')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.entity')}</th>
                  <th scope="col">{t('audit.details')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => {
                  const isOpen = open.has(a.id);
                  const detailsId = `audit-details-${a.id}`;
                  return (
                    <Fragment key={a.id}>
                      <tr data-testid={`audit-row-${a.id}`}>
                        <td className="nowrap">{formatDateTime(a.at)}</td>
                        <td>{a.actor}</td>
                        <td>
                          {a.organisation ? (
                            <>
                              {a.organisation.name}{' '}
                              <span className="mono muted">({a.organisation.code})</span>
                            </>
                          ) : (
                            t('common.empty')
                          )}
                        </td>
                        <td className="mono">{a.action}</td>
                        <td className="mono">
                          {a.entityType}
                          {a.entityId !== null ? ` #${a.entityId}` : ''}
                        </td>
                        <td>
                          <button
                            type="button"
                            className="btn btn-small"
                            aria-expanded={isOpen}
                            aria-controls={isOpen ? detailsId : undefined}
                            onClick={() => toggle(a.id)}
                          >
                            {isOpen ? t('audit.hideDetails') : t('audit.details')}
                          </button>
                        </td>
                      </tr>
                      {isOpen && (
                        <tr className="details-row" id={detailsId}>
                          <td colSpan={6}>
                            <div className="json-pair">
                              <div>
                                <h4>{t('audit.before')}</h4>
                                <pre data-testid={`audit-before-${a.id}`}>{json(a.before)}</pre>
                              </div>
                              <div>
                                <h4>{t('audit.after')}</h4>
                                <pre data-testid={`audit-after-${a.id}`}>{json(a.after)}</pre>
                              </div>
                            </div>
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        )
      )}
      <ErrorBox error={error} />
      {items.length > 0 && (
        <div className="load-more">
          {done ? (
            <p className="muted small">{t('common.noMore')}</p>
          ) : (
            <button
              type="button"
              className="btn"
              disabled={loading}
              onClick={() => void load(last?.id ?? null, false)}
            >
              {loading ? t('app.loading') : t('common.loadMore')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
