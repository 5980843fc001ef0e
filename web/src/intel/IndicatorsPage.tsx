// "Dấu hiệu IoC": search and filter the indicators, page through them, and open one
// to see its provenance per feed. Filters and the selection live in the address.
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, MouseEvent, ReactNode } from 'react';
import { api, isApiError } from '../api.js';
import { ErrorBox, Loading } from '../components/common.js';
import { SelectField, TextField } from '../components/fields.js';
import { useT } from '../i18n/index.js';
import type { MessageKey } from '../i18n/index.js';
import { href, navigate, useRoute } from '../router.js';
import { INDICATOR_STATUSES, INDICATOR_TYPES, THREAT_TYPES } from '../types.js';
import type { IndicatorDetail, IndicatorSourceView, IndicatorView } from '../types.js';
import { useLoad } from '../useLoad.js';
import { filtersQuery, hasFilters, emptyFilters, indicatorsPath, readIndicatorFilters } from './filters.js';
import type { IndicatorFilters } from './filters.js';
import { IndicatorStatusBadge, Pager, useFeedsAccess, useIntelLabels } from './shared.js';

const PAGE = 50;

export function IndicatorsPage({ selectedId }: { selectedId: number | null }) {
  const { t } = useT();
  const labels = useIntelLabels();
  const route = useRoute();
  const filters = readIndicatorFilters(route.query);
  const qs = filtersQuery(filters);
  const feeds = useFeedsAccess();
  const titleId = useId();

  const list = useLoad(
    (signal) =>
      api.indicators(
        {
          q: filters.q || undefined,
          type: filters.type || undefined,
          threatType: filters.threatType || undefined,
          status: filters.status || undefined,
          source: filters.source || undefined,
          family: filters.family || undefined,
          limit: PAGE,
          offset: filters.offset,
        },
        signal,
      ),
    [qs],
  );

  // The text boxes are applied on submit; they follow the address when it changes.
  const [draft, setDraft] = useState({ q: filters.q, source: filters.source, family: filters.family });
  useEffect(() => {
    setDraft({ q: filters.q, source: filters.source, family: filters.family });
  }, [filters.q, filters.source, filters.family]);

  const go = (next: IndicatorFilters, id: number | null = selectedId) => navigate(indicatorsPath(next, id));
  const setFilter = (key: 'type' | 'threatType' | 'status' | 'source', value: string) =>
    go({ ...filters, [key]: value, offset: 0 });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({
      ...filters,
      q: draft.q.trim(),
      source: draft.source.trim(),
      family: draft.family.trim(),
      offset: 0,
    });
  };
  const select = (id: number | null) => go(filters, id);

  const feedOptions = feeds.data?.items.map((f) => ({ value: f.name, label: `${f.title} (${f.name})` }));
  // Keep a source typed into the address selectable even if it is not a configured feed.
  if (feedOptions && filters.source && !feedOptions.some((o) => o.value === filters.source)) {
    feedOptions.push({ value: filters.source, label: filters.source });
  }

  const items = list.data?.items;
  return (
    <div className="page page-wide">
      <h1 id={titleId}>{t('intel.indicators.title')}</h1>
      <p className="muted">{t('intel.indicators.intro')}</p>

      <form
        className="card form form-compact"
        role="search"
        aria-labelledby={titleId}
        onSubmit={submit}
        noValidate
      >
        <div className="filter-grid">
          <TextField
            id="indicator-search"
            className="filter-wide"
            label={t('intel.indicators.search')}
            type="search"
            value={draft.q}
            onChange={(q) => setDraft((d) => ({ ...d, q }))}
            placeholder={t('intel.indicators.searchPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            testId="indicator-search"
          />
          <SelectField
            id="indicator-filter-type"
            label={t('intel.filter.type')}
            value={filters.type}
            onChange={(v) => setFilter('type', v)}
            placeholder={t('intel.filter.any')}
            options={INDICATOR_TYPES.map((v) => ({ value: v, label: labels.type(v) }))}
            testId="indicator-filter-type"
          />
          <SelectField
            id="indicator-filter-threat"
            label={t('intel.filter.threatType')}
            value={filters.threatType}
            onChange={(v) => setFilter('threatType', v)}
            placeholder={t('intel.filter.any')}
            options={THREAT_TYPES.map((v) => ({ value: v, label: labels.threat(v) }))}
            testId="indicator-filter-threat"
          />
          <SelectField
            id="indicator-filter-status"
            label={t('intel.filter.status')}
            value={filters.status}
            onChange={(v) => setFilter('status', v)}
            placeholder={t('intel.filter.any')}
            options={INDICATOR_STATUSES.map((v) => ({ value: v, label: t(`intel.status.${v}`) }))}
            testId="indicator-filter-status"
          />
          {feedOptions ? (
            <SelectField
              id="indicator-filter-source"
              label={t('intel.filter.source')}
              value={filters.source}
              onChange={(v) => setFilter('source', v)}
              placeholder={t('intel.filter.any')}
              options={feedOptions}
              testId="indicator-filter-source"
            />
          ) : (
            <TextField
              id="indicator-filter-source"
              label={t('intel.filter.source')}
              value={draft.source}
              onChange={(source) => setDraft((d) => ({ ...d, source }))}
              placeholder={t('intel.filter.sourcePlaceholder')}
              autoComplete="off"
              spellCheck={false}
              testId="indicator-filter-source"
            />
          )}
          <TextField
            id="indicator-filter-family"
            label={t('intel.filter.family')}
            value={draft.family}
            onChange={(family) => setDraft((d) => ({ ...d, family }))}
            placeholder={t('intel.filter.familyPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            testId="indicator-filter-family"
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="indicator-search-submit">
            {t('intel.indicators.searchSubmit')}
          </button>
          {hasFilters(filters) && (
            <button type="button" className="btn" onClick={() => go(emptyFilters())}>
              {t('intel.indicators.clear')}
            </button>
          )}
        </div>
      </form>

      <div className={selectedId !== null ? 'intel-split' : undefined}>
        <div className="intel-split-main">
          {list.error ? (
            <ErrorBox error={list.error} />
          ) : !list.data || !items ? (
            <Loading />
          ) : items.length === 0 ? (
            <p className="muted" data-testid="indicator-empty">
              {t('intel.indicators.empty')}
            </p>
          ) : (
            <>
              <div className={`table-wrap${list.loading ? ' is-loading' : ''}`}>
                <table className="table table-clickable" data-testid="indicator-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('intel.col.value')}</th>
                      <th scope="col">{t('intel.col.type')}</th>
                      <th scope="col">{t('intel.col.threatType')}</th>
                      <th scope="col">{t('intel.col.family')}</th>
                      <th scope="col" className="num">
                        {t('intel.col.confidence')}
                      </th>
                      <th scope="col" className="num">
                        {t('intel.col.sources')}
                      </th>
                      <th scope="col">{t('intel.col.lastSeen')}</th>
                      <th scope="col">{t('intel.col.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((ind) => (
                      <IndicatorRow
                        key={ind.id}
                        indicator={ind}
                        selected={ind.id === selectedId}
                        link={href(indicatorsPath(filters, ind.id))}
                        onSelect={() => select(ind.id)}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager
                offset={filters.offset}
                limit={PAGE}
                total={list.data.total}
                shown={items.length}
                rangeKey="intel.indicators.range"
                busy={list.loading}
                onOffset={(offset) => go({ ...filters, offset })}
              />
            </>
          )}
        </div>
        {selectedId !== null && (
          <IndicatorPanel key={selectedId} id={selectedId} onClose={() => select(null)} />
        )}
      </div>
    </div>
  );
}

function IndicatorRow({
  indicator: ind,
  selected,
  link,
  onSelect,
}: {
  indicator: IndicatorView;
  selected: boolean;
  link: string;
  onSelect: () => void;
}) {
  const { t, formatNumber, formatDateTime } = useT();
  const labels = useIntelLabels();
  const onClick = (e: MouseEvent<HTMLTableRowElement>) => {
    // The link in the first cell navigates by itself.
    if (e.target instanceof Element && e.target.closest('a, button')) return;
    onSelect();
  };
  return (
    <tr
      data-testid={`indicator-row-${ind.id}`}
      data-status={ind.status}
      className={
        `${selected ? 'row-selected' : ''}${ind.status === 'expired' ? ' row-inactive' : ''}`.trim() ||
        undefined
      }
      onClick={onClick}
    >
      <td className="mono break value-cell">
        <a href={link} aria-current={selected ? 'true' : undefined}>
          {ind.value}
        </a>
      </td>
      <td className="nowrap">{labels.type(ind.type)}</td>
      <td>{labels.threat(ind.threatType)}</td>
      <td>{ind.family ?? <span className="muted">{t('common.empty')}</span>}</td>
      <td className="num">{formatNumber(ind.confidence)}</td>
      <td className="num">{formatNumber(ind.sourceCount)}</td>
      <td className="nowrap">{formatDateTime(ind.lastSeen)}</td>
      <td>
        <IndicatorStatusBadge status={ind.status} reason={ind.allowlistReason} />
        {ind.status === 'allowlisted' && ind.allowlistReason && (
          <span
            className="reason-clip small muted"
            title={ind.allowlistReason}
            data-testid={`indicator-allowlist-reason-${ind.id}`}
          >
            {ind.allowlistReason}
          </span>
        )}
      </td>
    </tr>
  );
}

function IndicatorPanel({ id, onClose }: { id: number; onClose: () => void }) {
  const { t, formatNumber, formatDateTime } = useT();
  const labels = useIntelLabels();
  const detail = useLoad((signal) => api.indicator(id, signal), [id]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (detail.data) headingRef.current?.focus();
  }, [detail.data]);

  const d: IndicatorDetail | undefined = detail.data;
  return (
    <aside className="pane intel-detail" aria-labelledby={titleId} data-testid="indicator-detail">
      <div className="detail-header">
        <h2 id={titleId} ref={headingRef} tabIndex={-1}>
          {t('intel.indicator.title')}
        </h2>
        <button
          type="button"
          className="btn btn-small"
          onClick={onClose}
          data-testid="indicator-detail-close"
        >
          {t('intel.indicator.close')}
        </button>
      </div>
      {detail.error ? (
        isApiError(detail.error) && detail.error.status === 404 ? (
          <p className="muted">{t('intel.indicator.notFound')}</p>
        ) : (
          <ErrorBox error={detail.error} />
        )
      ) : !d ? (
        <Loading />
      ) : (
        <>
          <p className="mono break indicator-detail-value" data-testid="indicator-detail-value">
            {d.value}
          </p>
          <p>
            <IndicatorStatusBadge status={d.status} reason={d.allowlistReason} />
          </p>
          {d.status === 'allowlisted' && d.allowlistReason && (
            <p className="notice notice-warning" data-testid="indicator-detail-allowlist-reason">
              {t('intel.allowlistReason', { reason: d.allowlistReason })}
            </p>
          )}
          <dl className="facts facts-compact">
            <div>
              <dt>{t('intel.col.type')}</dt>
              <dd>{labels.type(d.type)}</dd>
            </div>
            {d.type === 'domain' && (
              <div>
                <dt>{t('intel.indicator.domainScope')}</dt>
                <dd>
                  {d.exactDomain ? t('intel.indicator.exactDomain') : t('intel.indicator.withSubdomains')}
                </dd>
              </div>
            )}
            <div>
              <dt>{t('intel.col.threatType')}</dt>
              <dd>{labels.threat(d.threatType)}</dd>
            </div>
            <div>
              <dt>{t('intel.col.family')}</dt>
              <dd>{d.family ?? t('common.empty')}</dd>
            </div>
            <div>
              <dt>{t('intel.col.confidence')}</dt>
              <dd>{formatNumber(d.confidence)}</dd>
            </div>
            <div>
              <dt>{t('intel.col.firstSeen')}</dt>
              <dd>{formatDateTime(d.firstSeen)}</dd>
            </div>
            <div>
              <dt>{t('intel.col.lastSeen')}</dt>
              <dd>{formatDateTime(d.lastSeen)}</dd>
            </div>
            <div>
              <dt>{t('intel.col.expiresAt')}</dt>
              <dd>{d.expiresAt ? formatDateTime(d.expiresAt) : t('intel.indicator.noExpiry')}</dd>
            </div>
            {d.tags.length > 0 && (
              <div>
                <dt>{t('intel.col.tags')}</dt>
                <dd>
                  <Tags tags={d.tags} />
                </dd>
              </div>
            )}
          </dl>
          <p>
            <a className="btn btn-small" href={href(`/intel/check?value=${encodeURIComponent(d.value)}`)}>
              {t('intel.indicator.checkIt')}
            </a>
          </p>
          <h3>{t('intel.indicator.provenance')}</h3>
          <ProvenanceTable sources={d.sources} />
        </>
      )}
    </aside>
  );
}

export function Tags({ tags }: { tags: string[] }) {
  return (
    <span className="tag-list">
      {tags.map((tag) => (
        <span key={tag} className="tag">
          {tag}
        </span>
      ))}
    </span>
  );
}

/** One row per feed that has recorded the indicator, with what that feed said about it. */
export function ProvenanceTable({ sources }: { sources: IndicatorSourceView[] }) {
  const { t, formatNumber, formatDateTime } = useT();
  const labels = useIntelLabels();
  if (sources.length === 0) return <p className="muted">{t('intel.indicator.noSources')}</p>;
  const dash = <span className="muted">{t('common.empty')}</span>;
  // One column per feed (there are usually few) and one row per attribute, so that what the
  // feeds say can be compared side by side, and the table fits the detail panel.
  const rows: { label: MessageKey; cell: (s: IndicatorSourceView) => ReactNode; className?: string }[] = [
    {
      label: 'intel.col.listed',
      cell: (s) => (
        <span className={`badge badge-${s.listed ? 'danger' : 'ended'}`}>
          {s.listed ? t('intel.listed.yes') : t('intel.listed.no')}
        </span>
      ),
    },
    { label: 'intel.col.firstSeen', cell: (s) => formatDateTime(s.firstSeen), className: 'nowrap' },
    { label: 'intel.col.lastSeen', cell: (s) => formatDateTime(s.lastSeen), className: 'nowrap' },
    {
      label: 'intel.col.expiresAt',
      cell: (s) => (s.expiresAt ? formatDateTime(s.expiresAt) : dash),
      className: 'nowrap',
    },
    { label: 'intel.col.threatType', cell: (s) => (s.threatType ? labels.threat(s.threatType) : dash) },
    { label: 'intel.col.family', cell: (s) => s.family ?? dash },
    { label: 'intel.col.confidence', cell: (s) => formatNumber(s.confidence) },
    { label: 'intel.col.tags', cell: (s) => (s.tags.length > 0 ? <Tags tags={s.tags} /> : dash) },
    { label: 'intel.col.description', cell: (s) => s.description ?? dash, className: 'break' },
    { label: 'intel.col.port', cell: (s) => (s.port !== null ? String(s.port) : dash) },
  ];
  return (
    <div className="table-wrap">
      <table className="table table-compact provenance" data-testid="indicator-sources">
        <thead>
          <tr>
            <th scope="col">{t('intel.col.source')}</th>
            {sources.map((s) => (
              <th
                key={s.source}
                scope="col"
                data-testid={`indicator-source-${s.source}`}
                data-listed={s.listed}
                className="provenance-source"
              >
                {s.title} <span className="mono">({s.source})</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{t(row.label)}</th>
              {sources.map((s) => (
                <td key={s.source} className={row.className}>
                  {row.cell(s)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
