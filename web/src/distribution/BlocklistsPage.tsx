// "Danh sách chặn": a unit builds blocklists for its devices (format, filters), gets the device URL
// once, and copies a ready configuration snippet for each kind of device.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { IssuedList, ListView } from '../../../src/distribution/list-service.js';
import { formatSpecs, listFormats, type ListFormat } from '../../../src/distribution/model.js';
import { snippetsFor } from '../../../src/distribution/snippets.js';
import { fieldErrors } from '../api.js';
import { Badge, ConfirmButton, CopyButton, ErrorBox, Loading } from '../components/common.js';
import { CheckboxField, SelectField, TextField } from '../components/fields.js';
import { OrgPicker, useOrgChoices } from '../components/OrgPicker.js';
import { useT } from '../i18n/index.js';
import { hasRole, useMe } from '../session.js';
import { useLoad } from '../useLoad.js';
import { distributionApi } from './api.js';
import { deviceUrl, emptyDraft, toDraft, withFormat, type DraftForm } from './draft.js';

export function BlocklistsPage() {
  const { t } = useT();
  const me = useMe();
  const orgs = useOrgChoices();
  const [orgId, setOrgId] = useState<number>(me.organisation.id);
  const lists = useLoad((signal) => distributionApi.lists(orgId, signal), [orgId]);
  const [adding, setAdding] = useState(false);
  const [issued, setIssued] = useState<IssuedList | null>(null);
  const [configuring, setConfiguring] = useState<number | null>(null);
  const [rowError, setRowError] = useState<unknown>(null);
  const canEdit = hasRole(me, 'administrator');

  const upsert = (item: ListView) =>
    lists.setData((prev) =>
      prev
        ? {
            items: prev.items.some((x) => x.id === item.id)
              ? prev.items.map((x) => (x.id === item.id ? item : x))
              : [...prev.items, item].sort((a, b) => a.name.localeCompare(b.name)),
          }
        : prev,
    );

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('dist.title')}</h1>
        {canEdit && !adding && (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="dist-create"
            onClick={() => setAdding(true)}
          >
            {t('dist.create')}
          </button>
        )}
      </div>
      <p className="muted">{t('dist.intro')}</p>
      {orgs.choices.length > 1 && (
        <OrgPicker
          choices={orgs.choices}
          value={orgId}
          onChange={(id) => id !== null && setOrgId(id)}
          label={t('dist.organisation')}
          idPrefix="dist-org"
        />
      )}

      {issued && <IssuedPanel issued={issued} onDone={() => setIssued(null)} />}

      {adding && (
        <CreateListForm
          organisationId={orgId}
          onCancel={() => setAdding(false)}
          onCreated={(created) => {
            setAdding(false);
            setIssued(created);
            upsert(created.item);
          }}
        />
      )}

      <ErrorBox error={rowError} />
      {lists.error ? (
        <ErrorBox error={lists.error} />
      ) : !lists.data ? (
        <Loading />
      ) : lists.data.items.length === 0 ? (
        <p className="muted" data-testid="dist-empty">
          {t('dist.empty')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="dist-table">
            <thead>
              <tr>
                <th scope="col">{t('dist.name')}</th>
                <th scope="col">{t('dist.format')}</th>
                <th scope="col">{t('dist.filters')}</th>
                <th scope="col">{t('dist.limit')}</th>
                <th scope="col">{t('dist.token')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {lists.data.items.map((list) => (
                <ListRow
                  key={list.id}
                  list={list}
                  canEdit={canEdit}
                  configuring={configuring === list.id}
                  onConfigure={() => setConfiguring(configuring === list.id ? null : list.id)}
                  onRotate={async () => {
                    setRowError(null);
                    try {
                      const renewed = await distributionApi.rotate(list.id);
                      upsert(renewed.item);
                      setIssued(renewed);
                    } catch (x) {
                      setRowError(x);
                    }
                  }}
                  onRemove={async () => {
                    setRowError(null);
                    try {
                      await distributionApi.remove(list.id);
                      lists.setData((prev) =>
                        prev ? { items: prev.items.filter((x) => x.id !== list.id) } : prev,
                      );
                    } catch (x) {
                      setRowError(x);
                    }
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function filterSummary(list: ListView, any: string): string {
  const f = list.filters;
  const parts = [f.types ? f.types.join(', ') : any];
  if (f.families.length) parts.push(f.families.join(', '));
  if (f.minConfidence > 0) parts.push(`≥ ${f.minConfidence}`);
  if (f.maxAgeDays !== null) parts.push(`≤ ${f.maxAgeDays} d`);
  if (f.tag) parts.push(`#${f.tag}`);
  return parts.join(' · ');
}

function ListRow({
  list,
  canEdit,
  configuring,
  onConfigure,
  onRotate,
  onRemove,
}: {
  list: ListView;
  canEdit: boolean;
  configuring: boolean;
  onConfigure: () => void;
  onRotate: () => Promise<void>;
  onRemove: () => Promise<void>;
}) {
  const { t, formatNumber } = useT();
  const active = list.token !== null && list.token.revokedAt === null;
  return (
    <>
      <tr data-testid={`dist-row-${list.name}`}>
        <td>
          <span className="mono">{list.name}</span>
          <div className="muted">{list.title}</div>
        </td>
        <td>{t(`dist.format.${list.format}`)}</td>
        <td>{filterSummary(list, t('dist.any'))}</td>
        <td>
          {list.limit === null ? t('dist.noLimit') : formatNumber(list.limit)}
          {list.split ? ' (?part=N)' : ''}
        </td>
        <td>
          {list.token && <span className="mono">{list.token.prefix}… </span>}
          <Badge tone={active ? 'ok' : 'ended'}>
            {active ? t('dist.tokenActive') : t('dist.tokenRevoked')}
          </Badge>
        </td>
        <td className="actions">
          <button type="button" className="btn btn-small" onClick={onConfigure} aria-expanded={configuring}>
            {t('dist.configure')}
          </button>
          <a
            className="btn btn-small"
            href={`/api/distribution/lists/${list.id}/content`}
            target="_blank"
            rel="noreferrer"
          >
            {t('dist.view')}
          </a>
          {canEdit && (
            <>
              <ConfirmButton
                label={t('dist.rotate')}
                question={t('dist.rotateConfirm', { name: list.name })}
                confirmLabel={t('dist.rotateConfirmButton')}
                testId={`dist-rotate-${list.name}`}
                onConfirm={onRotate}
              />
              <ConfirmButton
                label={t('dist.remove')}
                question={t('dist.removeConfirm', { name: list.name })}
                confirmLabel={t('dist.removeConfirmButton')}
                testId={`dist-remove-${list.name}`}
                onConfirm={onRemove}
              />
            </>
          )}
        </td>
      </tr>
      {configuring && (
        <tr>
          <td colSpan={6}>
            <p className="muted">{t('dist.templateNote', { placeholder: t('dist.tokenPlaceholder') })}</p>
            <Snippets list={list} path={list.pathTemplate} />
          </td>
        </tr>
      )}
    </>
  );
}

function Snippets({ list, path }: { list: ListView; path: string }) {
  const { t } = useT();
  const url = deviceUrl(window.location.origin, path, t('dist.tokenPlaceholder'));
  return (
    <section aria-label={t('dist.snippets')} data-testid={`dist-snippets-${list.name}`}>
      {snippetsFor(list.format, url, list.name, list.title).map((s) => (
        <div key={s.device} className="card" data-testid={`snippet-${s.device}`}>
          <div className="page-head">
            <h3>{t(`dist.device.${s.device}`)}</h3>
            <CopyButton text={s.text} testId={`snippet-${s.device}-copy`} />
          </div>
          <pre className="mono snippet">{s.text}</pre>
        </div>
      ))}
    </section>
  );
}

function IssuedPanel({ issued, onDone }: { issued: IssuedList; onDone: () => void }) {
  const { t } = useT();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [issued]);
  const url = `${window.location.origin}${issued.path}`;
  const bearerPath = `${window.location.origin}/feeds/${issued.item.name}.${formatSpecs[issued.item.format].extension}`;
  return (
    <section className="secret-panel" aria-labelledby="dist-issued-title" data-testid="dist-issued">
      <h3 id="dist-issued-title" tabIndex={-1} ref={headingRef}>
        {t('dist.issuedTitle', { name: issued.item.name })}
      </h3>
      <p>{t('dist.issuedNote')}</p>
      <div className="secret-row">
        <code className="secret" data-testid="dist-url">
          {url}
        </code>
        <CopyButton text={url} testId="dist-url-copy" />
      </div>
      <p className="muted">{t('dist.headerNote', { path: bearerPath })}</p>
      <Snippets list={issued.item} path={issued.path} />
      <button type="button" className="btn" onClick={onDone}>
        {t('dist.issuedDone')}
      </button>
    </section>
  );
}

const fieldNames = [
  'name',
  'title',
  'format',
  'types',
  'families',
  'minConfidence',
  'maxAgeDays',
  'tag',
  'maxEntries',
];

function CreateListForm({
  organisationId,
  onCancel,
  onCreated,
}: {
  organisationId: number;
  onCancel: () => void;
  onCreated: (issued: IssuedList) => void;
}) {
  const { t, formatNumber } = useT();
  const [form, setForm] = useState<DraftForm>(emptyDraft);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<DraftForm>) => setForm((f) => ({ ...f, ...patch }));
  const { byField, other } = fieldErrors(error, fieldNames);
  const spec = formatSpecs[form.format];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await distributionApi.create(toDraft(form, organisationId)));
    } catch (x) {
      setError(x);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate data-testid="dist-form">
      <h2>{t('dist.create')}</h2>
      <TextField
        id="dist-name"
        label={t('dist.name')}
        hint={t('dist.nameHint')}
        value={form.name}
        onChange={(name) => set({ name })}
        error={byField.name}
        required
        maxLength={48}
        spellCheck={false}
        testId="dist-name"
      />
      <TextField
        id="dist-title"
        label={t('dist.listTitle')}
        value={form.title}
        onChange={(title) => set({ title })}
        error={byField.title}
        maxLength={200}
        testId="dist-title"
      />
      <SelectField
        id="dist-format"
        label={t('dist.format')}
        value={form.format}
        onChange={(format) => setForm((f) => withFormat(f, format as ListFormat))}
        options={listFormats.map((f) => ({ value: f, label: t(`dist.format.${f}`) }))}
        error={byField.format}
        testId="dist-format"
      />
      <fieldset>
        <legend>{t('dist.types')}</legend>
        <p className="field-hint">{t('dist.typesHint')}</p>
        {spec.types.map((type) => (
          <CheckboxField
            key={type}
            id={`dist-type-${type}`}
            label={t(`intel.type.${type}`)}
            checked={form.types.includes(type)}
            onChange={(on) =>
              set({ types: on ? [...form.types, type] : form.types.filter((x) => x !== type) })
            }
            testId={`dist-type-${type}`}
          />
        ))}
        {byField.types && <p className="field-error">{byField.types}</p>}
      </fieldset>
      <TextField
        id="dist-families"
        label={t('dist.families')}
        hint={t('dist.familiesHint')}
        value={form.families}
        onChange={(families) => set({ families })}
        error={byField.families}
        testId="dist-families"
      />
      <TextField
        id="dist-min-confidence"
        label={t('dist.minConfidence')}
        value={form.minConfidence}
        onChange={(minConfidence) => set({ minConfidence })}
        inputMode="numeric"
        error={byField.minConfidence}
        testId="dist-min-confidence"
      />
      <TextField
        id="dist-max-age"
        label={t('dist.maxAge')}
        value={form.maxAgeDays}
        onChange={(maxAgeDays) => set({ maxAgeDays })}
        inputMode="numeric"
        error={byField.maxAgeDays}
        testId="dist-max-age"
      />
      <TextField
        id="dist-tag"
        label={t('dist.tag')}
        value={form.tag}
        onChange={(tag) => set({ tag })}
        error={byField.tag}
        testId="dist-tag"
      />
      <TextField
        id="dist-max-entries"
        label={t('dist.maxEntries')}
        hint={t('dist.maxEntriesHint', {
          limit: spec.limit === null ? t('dist.noLimit') : formatNumber(spec.limit),
        })}
        value={form.maxEntries}
        onChange={(maxEntries) => set({ maxEntries })}
        inputMode="numeric"
        error={byField.maxEntries}
        testId="dist-max-entries"
      />
      <CheckboxField
        id="dist-split"
        label={t('dist.split')}
        checked={form.split}
        onChange={(split) => set({ split })}
      />
      <ErrorBox error={other.length > 0 || Object.keys(byField).length === 0 ? error : null} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="dist-submit">
          {busy ? t('common.saving') : t('dist.create')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
