// "Danh sách loại trừ": the allowlists with their sizes, their entries filtered by list and
// value, and (national administrators) adding and removing entries.
// The list and search live in the address: #/intel/allowlists?list=cdn&q=…&offset=…
import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { api, fieldErrors, isApiError } from '../api.js';
import { ConfirmButton, ErrorBox, Loading, Notice } from '../components/common.js';
import { SelectField, TextField } from '../components/fields.js';
import { useT } from '../i18n/index.js';
import { navigate, useRoute } from '../router.js';
import { ALLOWLIST_KINDS } from '../types.js';
import type { AllowlistEntry, AllowlistKind } from '../types.js';
import { useLoad } from '../useLoad.js';
import { NAME_PATTERN } from './feedForm.js';
import { parseOffset } from './labels.js';
import { Pager, useFeedsAccess, useIntelLabels } from './shared.js';

const PAGE = 50;

function allowlistsPath(list: string, q: string, offset: number): string {
  const params = new URLSearchParams();
  if (list) params.set('list', list);
  if (q) params.set('q', q);
  if (offset > 0) params.set('offset', String(offset));
  const qs = params.toString();
  return `/intel/allowlists${qs ? `?${qs}` : ''}`;
}

export function AllowlistsPage() {
  const { t, formatNumber, formatDate } = useT();
  const labels = useIntelLabels();
  const route = useRoute();
  const list = (route.query.get('list') ?? '').trim();
  const q = (route.query.get('q') ?? '').trim();
  const offset = parseOffset(route.query.get('offset'));
  const access = useFeedsAccess();
  const canEdit = access.allowed === true;

  const data = useLoad(
    (signal) => api.allowlists({ list: list || undefined, q: q || undefined, limit: PAGE, offset }, signal),
    [list, q, offset],
  );
  const [draft, setDraft] = useState(q);
  useEffect(() => {
    setDraft(q);
  }, [q]);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [rowError, setRowError] = useState<unknown>(null);
  const searchId = useId();

  const go = (nextList: string, nextQ: string, nextOffset = 0) =>
    navigate(allowlistsPath(nextList, nextQ, nextOffset));
  const lists = data.data?.lists;

  const search = (e: FormEvent) => {
    e.preventDefault();
    go(list, draft.trim());
  };

  return (
    <div className="page page-wide">
      <div className="page-head">
        <h1>{t('intel.allowlists.title')}</h1>
        {canEdit && !adding && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setAdding(true)}
            data-testid="allowlist-add"
          >
            {t('intel.allowlists.add')}
          </button>
        )}
      </div>
      <p className="muted">{t('intel.allowlists.intro')}</p>
      <div className="notice notice-info" data-testid="allowlist-own-network-note">
        {t('intel.allowlists.ownNetwork')}
      </div>

      {notice && <Notice kind="success">{notice}</Notice>}

      {adding && canEdit && (
        <AddEntryForm
          lists={lists?.map((l) => l.list) ?? []}
          defaultList={list}
          onCancel={() => setAdding(false)}
          onAdded={(entry) => {
            setAdding(false);
            setNotice(t('intel.allowlists.added', { value: entry.value, list: entry.list }));
            data.reload();
          }}
        />
      )}

      <div className="allowlist-layout">
        <section className="allowlist-lists" aria-labelledby={`${searchId}-lists`}>
          <h2 id={`${searchId}-lists`}>{t('intel.allowlists.lists')}</h2>
          {!lists ? (
            data.error ? null : (
              <Loading />
            )
          ) : (
            <div className="table-wrap">
              <table className="table table-compact" data-testid="allowlist-lists">
                <thead>
                  <tr>
                    <th scope="col">{t('intel.allowlists.list')}</th>
                    <th scope="col" className="num">
                      {t('intel.allowlists.count')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <tr className={list === '' ? 'row-selected' : undefined} data-testid="allowlist-list-all">
                    <td>
                      <button
                        type="button"
                        className="btn-link"
                        aria-pressed={list === ''}
                        onClick={() => go('', q)}
                      >
                        {t('intel.allowlists.all')}
                      </button>
                    </td>
                    <td className="num">{formatNumber(lists.reduce((n, l) => n + l.count, 0))}</td>
                  </tr>
                  {lists.map((l) => (
                    <tr
                      key={l.list}
                      className={list === l.list ? 'row-selected' : undefined}
                      data-testid={`allowlist-list-${l.list}`}
                    >
                      <td>
                        <button
                          type="button"
                          className="btn-link"
                          aria-pressed={list === l.list}
                          onClick={() => go(l.list, q)}
                        >
                          {labels.list(l.list)}
                        </button>{' '}
                        <span className="mono muted small">({l.list})</span>
                      </td>
                      <td className="num">{formatNumber(l.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section className="allowlist-entries" aria-labelledby={`${searchId}-entries`}>
          <h2 id={`${searchId}-entries`}>{t('intel.allowlists.entries')}</h2>
          <form className="inline-form allowlist-filters" role="search" onSubmit={search} noValidate>
            <SelectField
              id="allowlist-filter-list"
              label={t('intel.allowlists.list')}
              value={list}
              onChange={(v) => go(v, q)}
              placeholder={t('intel.allowlists.all')}
              options={(lists ?? (list ? [{ list, count: 0 }] : [])).map((l) => ({
                value: l.list,
                label: `${labels.list(l.list)} (${l.list})`,
              }))}
              testId="allowlist-filter-list"
            />
            <TextField
              id="allowlist-search"
              label={t('intel.allowlists.search')}
              type="search"
              value={draft}
              onChange={setDraft}
              autoComplete="off"
              spellCheck={false}
              testId="allowlist-search"
            />
            <button type="submit" className="btn">
              {t('intel.indicators.searchSubmit')}
            </button>
          </form>

          <ErrorBox error={rowError} />
          {data.error ? (
            <ErrorBox error={data.error} />
          ) : !data.data ? (
            <Loading />
          ) : data.data.items.length === 0 ? (
            <p className="muted" data-testid="allowlist-empty">
              {t('intel.allowlists.empty')}
            </p>
          ) : (
            <>
              <div className={`table-wrap${data.loading ? ' is-loading' : ''}`}>
                <table className="table" data-testid="allowlist-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('intel.allowlists.value')}</th>
                      <th scope="col">{t('intel.allowlists.kind')}</th>
                      <th scope="col">{t('intel.allowlists.list')}</th>
                      <th scope="col">{t('intel.allowlists.reason')}</th>
                      <th scope="col">{t('intel.allowlists.createdAt')}</th>
                      {canEdit && <th scope="col">{t('common.actions')}</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {data.data.items.map((e) => (
                      <tr key={e.id} data-testid={`allowlist-row-${e.id}`}>
                        <td className="mono break value-cell">{e.value}</td>
                        <td>{labels.kind(e.kind)}</td>
                        <td>
                          {labels.list(e.list)}
                          {e.shipped && (
                            <>
                              {' '}
                              <span
                                className="badge badge-neutral"
                                title={t('intel.allowlists.shippedTitle')}
                              >
                                {t('intel.allowlists.shipped')}
                              </span>
                            </>
                          )}
                        </td>
                        <td>{e.reason}</td>
                        <td className="nowrap">{formatDate(e.createdAt)}</td>
                        {canEdit && (
                          <td className="actions">
                            <ConfirmButton
                              label={t('common.remove')}
                              question={t('intel.allowlists.removeConfirm', { value: e.value, list: e.list })}
                              confirmLabel={t('intel.allowlists.removeConfirmButton')}
                              testId={`allowlist-remove-${e.id}`}
                              onConfirm={async () => {
                                setRowError(null);
                                setNotice(null);
                                try {
                                  await api.removeAllowlistEntry(e.id);
                                  data.reload();
                                } catch (x) {
                                  setRowError(x);
                                }
                              }}
                            />
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager
                offset={offset}
                limit={PAGE}
                total={data.data.total}
                shown={data.data.items.length}
                rangeKey="intel.allowlists.range"
                busy={data.loading}
                onOffset={(o) => go(list, q, o)}
              />
            </>
          )}
        </section>
      </div>
    </div>
  );
}

const ENTRY_FIELDS = ['list', 'kind', 'value', 'reason'] as const;

function AddEntryForm({
  lists,
  defaultList,
  onCancel,
  onAdded,
}: {
  lists: string[];
  defaultList: string;
  onCancel: () => void;
  onAdded: (entry: AllowlistEntry) => void;
}) {
  const { t } = useT();
  const labels = useIntelLabels();
  const [list, setList] = useState(defaultList);
  const [kind, setKind] = useState<AllowlistKind>('cidr');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const datalistId = useId();
  const fe = fieldErrors(error, ENTRY_FIELDS);
  const duplicate = isApiError(error) && error.code === 'duplicate';
  const err = (f: string) =>
    clientErrors[f] ?? (f === 'value' && duplicate ? t('intel.allowlists.duplicate') : fe.byField[f]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const ce: Record<string, string> = {};
    const l = list.trim();
    if (!NAME_PATTERN.test(l)) ce.list = t('intel.allowlists.listError');
    if (!value.trim()) ce.value = t('org.required');
    if (!reason.trim()) ce.reason = t('org.required');
    setClientErrors(ce);
    if (Object.keys(ce).length > 0) return;
    setBusy(true);
    try {
      onAdded(await api.addAllowlistEntry({ list: l, kind, value: value.trim(), reason: reason.trim() }));
    } catch (x) {
      setError(x);
      setBusy(false);
    }
  };

  return (
    <form
      className="card form"
      onSubmit={submit}
      noValidate
      aria-labelledby={titleId}
      data-testid="allowlist-form"
    >
      <h2 id={titleId}>{t('intel.allowlists.add')}</h2>
      <div className="form-grid">
        <div className="field">
          <span className="field-label">
            <label htmlFor="allowlist-new-list">{t('intel.allowlists.list')}</label>
            <span className="required" aria-hidden="true">
              *
            </span>
          </span>
          <input
            id="allowlist-new-list"
            type="text"
            list={datalistId}
            value={list}
            onChange={(e) => setList(e.target.value)}
            required
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            aria-invalid={err('list') ? true : undefined}
            aria-describedby="allowlist-new-list-hint"
            data-testid="allowlist-new-list"
          />
          <datalist id={datalistId}>
            {lists.map((l) => (
              <option key={l} value={l}>
                {labels.list(l)}
              </option>
            ))}
          </datalist>
          <p id="allowlist-new-list-hint" className="field-hint">
            {t('intel.allowlists.listHint')}
          </p>
          {err('list') && (
            <p className="field-error" role="alert">
              {err('list')}
            </p>
          )}
        </div>
        <SelectField
          id="allowlist-new-kind"
          label={t('intel.allowlists.kind')}
          value={kind}
          onChange={(v) => setKind(ALLOWLIST_KINDS.find((k) => k === v) ?? 'cidr')}
          options={ALLOWLIST_KINDS.map((k) => ({ value: k, label: labels.kind(k) }))}
          error={err('kind')}
          testId="allowlist-new-kind"
        />
      </div>
      <TextField
        id="allowlist-new-value"
        label={t('intel.allowlists.value')}
        value={value}
        onChange={setValue}
        required
        placeholder={t('intel.allowlists.valuePlaceholder')}
        autoComplete="off"
        spellCheck={false}
        maxLength={2000}
        error={err('value')}
        testId="allowlist-new-value"
      />
      <TextField
        id="allowlist-new-reason"
        label={t('intel.allowlists.reason')}
        value={reason}
        onChange={setReason}
        required
        maxLength={500}
        error={err('reason')}
        testId="allowlist-new-reason"
      />
      <ErrorBox error={duplicate ? null : error} details={fe.other} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="allowlist-save">
          {busy ? t('common.saving') : t('common.add')}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
