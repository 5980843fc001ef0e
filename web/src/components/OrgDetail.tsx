// The right-hand pane of the organisation page: one organisation's details, its
// editable lists (IP ranges, ASNs, domains, websites, contacts), the edit form and
// the form to add a subordinate unit.
import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { api, fieldErrors, isApiError } from '../api.js';
import { useT } from '../i18n/index.js';
import { parseAsn } from '../inputs.js';
import type { OrgForest } from '../orgTree.js';
import { href } from '../router.js';
import type { Contact, OrgDetail, OrgPatch, OrgRef } from '../types.js';
import { useLoad } from '../useLoad.js';
import { Badge, ConfirmButton, ErrorBox, InputError, Loading, Notice, useErrorText } from './common.js';
import { SelectField, TextField } from './fields.js';
import type { Kinds } from './kinds.js';
import { KindBadge } from './kinds.js';

export interface OrgDetailViewProps {
  id: number;
  forest: OrgForest;
  kinds: Kinds;
  at: string;
  /** The tree must be reloaded (a name changed, a child was added). */
  onTreeChanged: () => void;
  /** Go to another organisation. */
  onOpen: (id: number) => void;
}

export function OrgDetailView({ id, forest, kinds, at, onTreeChanged, onOpen }: OrgDetailViewProps) {
  const { t } = useT();
  const loaded = useLoad((signal) => api.organisation(id, signal), [id]);
  const [mode, setMode] = useState<'view' | 'edit' | 'addChild'>('view');
  const [notice, setNotice] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error || !loaded.data) {
    return (
      <div>
        <ErrorBox error={loaded.error} />
        <p>{t('org.loadFailed')}</p>
        <button type="button" className="btn" onClick={loaded.reload}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  const org = loaded.data;
  const readOnly = org.historical || !org.permissions.canEdit;
  const update = (fn: (o: OrgDetail) => OrgDetail) => loaded.setData((prev) => (prev ? fn(prev) : prev));

  return (
    <article className="org-detail" aria-labelledby="org-detail-title">
      <header className="detail-header">
        <h2 id="org-detail-title" ref={headingRef} tabIndex={-1} data-testid="org-detail-name">
          {org.name}
        </h2>
        <div className="detail-badges">
          <span className="mono" data-testid="org-detail-code">
            {org.code}
          </span>
          <KindBadge kinds={kinds} code={org.kind} />
          {org.historical && <Badge tone="history">{t('orgs.historical')}</Badge>}
          {org.validTo !== null && org.validTo <= at && !org.historical && (
            <Badge tone="ended">{t('orgs.ended')}</Badge>
          )}
        </div>
      </header>

      {notice && (
        <Notice kind="success">
          <span>{notice}</span>{' '}
          <button type="button" className="btn-link" onClick={() => setNotice(null)}>
            {t('common.close')}
          </button>
        </Notice>
      )}
      {org.historical && <Notice>{t('org.historicalNote')}</Notice>}
      {!org.historical && !org.permissions.canEdit && <Notice>{t('org.readOnlyNote')}</Notice>}

      <OrgFacts org={org} forest={forest} kinds={kinds} onOpen={onOpen} />

      {!readOnly && (
        <div className="detail-actions">
          {mode !== 'edit' && (
            <button
              type="button"
              className="btn"
              onClick={() => {
                setNotice(null);
                setMode('edit');
              }}
            >
              {t('org.editInfo')}
            </button>
          )}
          {org.permissions.canAddChild && mode !== 'addChild' && (
            <button
              type="button"
              className="btn"
              onClick={() => {
                setNotice(null);
                setMode('addChild');
              }}
            >
              {t('org.addChild')}
            </button>
          )}
        </div>
      )}

      {mode === 'edit' && !readOnly && (
        <OrgEditForm
          org={org}
          kinds={kinds}
          onCancel={() => setMode('view')}
          onSaved={(saved) => {
            loaded.setData(() => saved);
            setMode('view');
            setNotice(t('org.saved'));
            onTreeChanged();
            headingRef.current?.focus();
          }}
        />
      )}
      {mode === 'addChild' && !readOnly && org.permissions.canAddChild && (
        <AddChildForm
          parent={org}
          kinds={kinds}
          onCancel={() => setMode('view')}
          onCreated={(child) => {
            setMode('view');
            onTreeChanged();
            onOpen(child.id);
          }}
        />
      )}

      <SimpleItemSection
        title={t('items.ipRanges')}
        testId="org-ip-ranges"
        canEdit={!readOnly}
        items={org.ipRanges.map((r) => ({ id: r.id, label: r.cidr }))}
        inputLabel={t('items.cidr')}
        placeholder={t('items.cidrPlaceholder')}
        field="cidr"
        onAdd={async (raw) => {
          const cidr = raw.trim();
          if (!cidr) throw new InputError('org.required');
          const item = await api.addOrgItem(org.id, 'ip-ranges', { cidr });
          update((o) => ({ ...o, ipRanges: [...o.ipRanges, item] }));
        }}
        onRemove={async (itemId) => {
          await api.deleteOrgItem(org.id, 'ip-ranges', itemId);
          update((o) => ({ ...o, ipRanges: o.ipRanges.filter((x) => x.id !== itemId) }));
        }}
      />
      <SimpleItemSection
        title={t('items.asns')}
        testId="org-asns"
        canEdit={!readOnly}
        items={org.asns.map((a) => ({ id: a.id, label: `AS${a.asn}` }))}
        inputLabel={t('items.asn')}
        placeholder={t('items.asnPlaceholder')}
        inputMode="numeric"
        field="asn"
        onAdd={async (raw) => {
          const asn = parseAsn(raw);
          if (asn === null) throw new InputError('items.asnInvalid');
          const item = await api.addOrgItem(org.id, 'asns', { asn });
          update((o) => ({ ...o, asns: [...o.asns, item] }));
        }}
        onRemove={async (itemId) => {
          await api.deleteOrgItem(org.id, 'asns', itemId);
          update((o) => ({ ...o, asns: o.asns.filter((x) => x.id !== itemId) }));
        }}
      />
      <SimpleItemSection
        title={t('items.domains')}
        testId="org-domains"
        canEdit={!readOnly}
        items={org.domains.map((d) => ({ id: d.id, label: d.domain }))}
        inputLabel={t('items.domain')}
        placeholder={t('items.domainPlaceholder')}
        field="domain"
        onAdd={async (raw) => {
          const domain = raw.trim().toLowerCase();
          if (!domain) throw new InputError('org.required');
          const item = await api.addOrgItem(org.id, 'domains', { domain });
          update((o) => ({ ...o, domains: [...o.domains, item] }));
        }}
        onRemove={async (itemId) => {
          await api.deleteOrgItem(org.id, 'domains', itemId);
          update((o) => ({ ...o, domains: o.domains.filter((x) => x.id !== itemId) }));
        }}
      />
      <SimpleItemSection
        title={t('items.websites')}
        testId="org-websites"
        canEdit={!readOnly}
        items={org.websites.map((w) => ({ id: w.id, label: w.url }))}
        inputLabel={t('items.url')}
        placeholder={t('items.urlPlaceholder')}
        inputMode="url"
        field="url"
        onAdd={async (raw) => {
          const url = raw.trim();
          if (!url) throw new InputError('org.required');
          const item = await api.addOrgItem(org.id, 'websites', { url });
          update((o) => ({ ...o, websites: [...o.websites, item] }));
        }}
        onRemove={async (itemId) => {
          await api.deleteOrgItem(org.id, 'websites', itemId);
          update((o) => ({ ...o, websites: o.websites.filter((x) => x.id !== itemId) }));
        }}
      />
      <ContactsSection
        orgId={org.id}
        contacts={org.contacts}
        canEdit={!readOnly}
        onChange={(contacts) => update((o) => ({ ...o, contacts }))}
      />
    </article>
  );
}

function usePeriodText(): (from: string | null, to: string | null) => string {
  const { t, formatDate } = useT();
  return (from, to) => {
    if (from && to) return t('org.periodFromTo', { from: formatDate(from), to: formatDate(to) });
    if (from) return t('org.periodFrom', { from: formatDate(from) });
    if (to) return t('org.periodTo', { to: formatDate(to) });
    return t('org.periodOpen');
  };
}

function OrgLinks({
  list,
  onOpen,
  testId,
}: {
  list: OrgRef[];
  onOpen: (id: number) => void;
  testId: string;
}) {
  const { t } = useT();
  if (list.length === 0) return <span className="muted">{t('common.none')}</span>;
  return (
    <ul className="inline-list" data-testid={testId}>
      {list.map((o) => (
        <li key={o.id}>
          <a
            href={href(`/orgs/${o.id}`)}
            onClick={(e) => {
              e.preventDefault();
              onOpen(o.id);
            }}
          >
            {o.name} <span className="mono muted">({o.code})</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

function OrgFacts({
  org,
  forest,
  kinds,
  onOpen,
}: {
  org: OrgDetail;
  forest: OrgForest;
  kinds: Kinds;
  onOpen: (id: number) => void;
}) {
  const { t } = useT();
  const period = usePeriodText();
  const parent = org.parentId !== null ? forest.byId.get(org.parentId) : undefined;
  return (
    <dl className="facts">
      <div>
        <dt>{t('org.code')}</dt>
        <dd className="mono">{org.code}</dd>
      </div>
      <div>
        <dt>{t('org.kind')}</dt>
        <dd>{kinds.name(org.kind)}</dd>
      </div>
      {parent && (
        <div>
          <dt>{t('org.parent')}</dt>
          <dd>
            <OrgLinks list={[parent]} onOpen={onOpen} testId="org-parent" />
          </dd>
        </div>
      )}
      <div>
        <dt>{t('org.period')}</dt>
        <dd data-testid="org-period">{period(org.validFrom, org.validTo)}</dd>
      </div>
      <div>
        <dt>{t('org.predecessors')}</dt>
        <dd>
          <OrgLinks list={org.predecessors} onOpen={onOpen} testId="org-predecessors" />
        </dd>
      </div>
      <div>
        <dt>{t('org.successors')}</dt>
        <dd>
          <OrgLinks list={org.successors} onOpen={onOpen} testId="org-successors" />
        </dd>
      </div>
    </dl>
  );
}

const ORG_FIELDS = ['name', 'code', 'kind', 'validFrom', 'validTo', 'parentId'] as const;

function OrgEditForm({
  org,
  kinds,
  onCancel,
  onSaved,
}: {
  org: OrgDetail;
  kinds: Kinds;
  onCancel: () => void;
  onSaved: (org: OrgDetail) => void;
}) {
  const { t } = useT();
  const parentFields = org.permissions.canEditParentFields;
  const [name, setName] = useState(org.name);
  const [code, setCode] = useState(org.code);
  const [kind, setKind] = useState(org.kind);
  const [validFrom, setValidFrom] = useState(org.validFrom ?? '');
  const [validTo, setValidTo] = useState(org.validTo ?? '');
  const [error, setError] = useState<unknown>(null);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const titleId = useId();

  const fe = fieldErrors(error, ORG_FIELDS);
  const err = (f: string) => clientErrors[f] ?? fe.byField[f];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ce: Record<string, string> = {};
    if (!name.trim()) ce.name = t('org.required');
    if (parentFields && !code.trim()) ce.code = t('org.required');
    if (parentFields && validFrom && validTo && validTo < validFrom) ce.validTo = t('org.periodInvalid');
    setClientErrors(ce);
    setError(null);
    if (Object.keys(ce).length > 0) return;
    const patch: OrgPatch = {};
    if (name.trim() !== org.name) patch.name = name.trim();
    if (parentFields) {
      if (code.trim() !== org.code) patch.code = code.trim();
      if (kind !== org.kind) patch.kind = kind;
      if ((validFrom || null) !== org.validFrom) patch.validFrom = validFrom || null;
      if ((validTo || null) !== org.validTo) patch.validTo = validTo || null;
    }
    if (Object.keys(patch).length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    try {
      onSaved(await api.updateOrganisation(org.id, patch));
    } catch (x) {
      setError(x);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card form"
      aria-labelledby={titleId}
      onSubmit={submit}
      noValidate
      data-testid="org-edit-form"
    >
      <h3 id={titleId}>{t('org.editTitle')}</h3>
      <TextField
        label={t('org.name')}
        value={name}
        onChange={setName}
        required
        error={err('name')}
        maxLength={500}
      />
      {parentFields ? (
        <div className="form-grid">
          <TextField
            label={t('org.code')}
            value={code}
            onChange={setCode}
            required
            error={err('code')}
            spellCheck={false}
          />
          <SelectField
            label={t('org.kind')}
            value={kind}
            onChange={setKind}
            options={kindOptions(kinds, kind)}
            error={err('kind')}
          />
          <TextField
            label={t('org.validFrom')}
            type="date"
            value={validFrom}
            onChange={setValidFrom}
            error={err('validFrom')}
          />
          <TextField
            label={t('org.validTo')}
            type="date"
            value={validTo}
            onChange={setValidTo}
            error={err('validTo')}
          />
        </div>
      ) : (
        <p className="muted">{t('org.parentFieldsNote')}</p>
      )}
      <ErrorBox error={error} details={fe.other} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.saving') : t('common.save')}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function kindOptions(kinds: Kinds, current: string) {
  const options = kinds.list.map((k) => ({ value: k.code, label: kinds.name(k.code) }));
  if (current && !options.some((o) => o.value === current))
    options.unshift({ value: current, label: current });
  return options;
}

function AddChildForm({
  parent,
  kinds,
  onCancel,
  onCreated,
}: {
  parent: OrgDetail;
  kinds: Kinds;
  onCancel: () => void;
  onCreated: (child: OrgDetail) => void;
}) {
  const { t } = useT();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const fe = fieldErrors(error, ORG_FIELDS);
  const err = (f: string) => clientErrors[f] ?? fe.byField[f];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ce: Record<string, string> = {};
    if (!code.trim()) ce.code = t('org.required');
    if (!name.trim()) ce.name = t('org.required');
    if (!kind) ce.kind = t('org.required');
    setClientErrors(ce);
    setError(null);
    if (Object.keys(ce).length > 0) return;
    setBusy(true);
    try {
      const child = await api.createOrganisation({
        parentId: parent.id,
        code: code.trim(),
        name: name.trim(),
        kind,
        validFrom: validFrom || null,
      });
      onCreated(child);
    } catch (x) {
      setError(x);
      setBusy(false);
    }
  };

  return (
    <form
      className="card form"
      aria-labelledby={titleId}
      onSubmit={submit}
      noValidate
      data-testid="org-add-child-form"
    >
      <h3 id={titleId}>{t('org.addChildTitle', { name: parent.name })}</h3>
      <div className="form-grid">
        <TextField
          label={t('org.code')}
          value={code}
          onChange={setCode}
          required
          error={err('code')}
          spellCheck={false}
        />
        <SelectField
          label={t('org.kind')}
          value={kind}
          onChange={setKind}
          options={kindOptions(kinds, kind)}
          placeholder={t('org.kindPlaceholder')}
          required
          error={err('kind')}
        />
      </div>
      <TextField
        label={t('org.name')}
        value={name}
        onChange={setName}
        required
        error={err('name')}
        maxLength={500}
      />
      <TextField
        label={t('org.validFrom')}
        type="date"
        value={validFrom}
        onChange={setValidFrom}
        error={err('validFrom')}
        hint={t('common.optional')}
      />
      <ErrorBox error={error} details={fe.other} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.saving') : t('org.addChild')}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A titled list of one-value items with inline add and remove. */
function SimpleItemSection({
  title,
  testId,
  canEdit,
  items,
  inputLabel,
  placeholder,
  inputMode,
  field,
  onAdd,
  onRemove,
}: {
  title: string;
  testId: string;
  canEdit: boolean;
  items: { id: number; label: string }[];
  inputLabel: string;
  placeholder: string;
  inputMode?: 'numeric' | 'url';
  field: string;
  onAdd: (raw: string) => Promise<void>;
  onRemove: (id: number) => Promise<void>;
}) {
  const { t } = useT();
  const errorText = useErrorText();
  const [value, setValue] = useState('');
  const [addError, setAddError] = useState<unknown>(null);
  const [removeError, setRemoveError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setAddError(null);
    setBusy(true);
    try {
      await onAdd(value);
      setValue('');
    } catch (x) {
      setAddError(x);
    } finally {
      setBusy(false);
    }
  };

  const details = isApiError(addError)
    ? addError.details.map((d) => d.message).filter((m) => m.length > 0)
    : [];
  const addErrorText = addError
    ? isApiError(addError) && addError.code === 'range_overlap' && details.length > 0
      ? `${errorText(addError)} ${t('items.overlapWith')}`
      : errorText(addError)
    : null;

  return (
    <section className="item-section" aria-labelledby={titleId} data-testid={testId}>
      <h3 id={titleId}>
        {title} <span className="count">{items.length}</span>
      </h3>
      {items.length === 0 ? (
        <p className="muted">{t('items.emptyList')}</p>
      ) : (
        <ul className="item-list">
          {items.map((item) => (
            <li key={item.id}>
              <span className="mono">{item.label}</span>
              {canEdit && (
                <button
                  type="button"
                  className="btn btn-small btn-danger-outline"
                  aria-label={t('items.removeItem', { item: item.label })}
                  title={t('items.removeItem', { item: item.label })}
                  onClick={async () => {
                    setRemoveError(null);
                    try {
                      await onRemove(item.id);
                    } catch (x) {
                      setRemoveError(x);
                    }
                  }}
                >
                  {t('common.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorBox error={removeError} />
      {canEdit && (
        <form className="inline-form" onSubmit={submit} noValidate>
          <TextField
            label={inputLabel}
            value={value}
            onChange={(v) => {
              setValue(v);
              if (addError) setAddError(null);
            }}
            placeholder={placeholder}
            inputMode={inputMode}
            spellCheck={false}
            error={addErrorText}
            errorDetails={details}
            testId={`${testId}-input`}
            id={`${testId}-${field}`}
          />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('common.add')}
          </button>
        </form>
      )}
    </section>
  );
}

const CONTACT_FIELDS = ['name', 'role', 'email', 'phone'] as const;

interface ContactDraft {
  name: string;
  role: string;
  email: string;
  phone: string;
}

const emptyDraft: ContactDraft = { name: '', role: '', email: '', phone: '' };

function toBody(d: ContactDraft) {
  return {
    name: d.name.trim(),
    role: d.role.trim(),
    email: d.email.trim() || null,
    phone: d.phone.trim() || null,
  };
}

function ContactFields({
  draft,
  setDraft,
  errors,
  idPrefix,
}: {
  draft: ContactDraft;
  setDraft: (d: ContactDraft) => void;
  errors: Record<string, string | undefined>;
  idPrefix: string;
}) {
  const { t } = useT();
  return (
    <div className="form-grid">
      <TextField
        id={`${idPrefix}-name`}
        label={t('items.contactName')}
        value={draft.name}
        onChange={(name) => setDraft({ ...draft, name })}
        required
        error={errors.name}
        autoComplete="off"
      />
      <TextField
        id={`${idPrefix}-role`}
        label={t('items.contactRole')}
        value={draft.role}
        onChange={(role) => setDraft({ ...draft, role })}
        error={errors.role}
        autoComplete="off"
      />
      <TextField
        id={`${idPrefix}-email`}
        label={t('items.contactEmail')}
        type="email"
        value={draft.email}
        onChange={(email) => setDraft({ ...draft, email })}
        error={errors.email}
        autoComplete="off"
        spellCheck={false}
      />
      <TextField
        id={`${idPrefix}-phone`}
        label={t('items.contactPhone')}
        type="tel"
        value={draft.phone}
        onChange={(phone) => setDraft({ ...draft, phone })}
        error={errors.phone}
        autoComplete="off"
      />
    </div>
  );
}

function ContactsSection({
  orgId,
  contacts,
  canEdit,
  onChange,
}: {
  orgId: number;
  contacts: Contact[];
  canEdit: boolean;
  onChange: (contacts: Contact[]) => void;
}) {
  const { t } = useT();
  const titleId = useId();
  const [draft, setDraft] = useState<ContactDraft>(emptyDraft);
  const [addError, setAddError] = useState<unknown>(null);
  const [nameMissing, setNameMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  const [rowError, setRowError] = useState<unknown>(null);

  const fe = fieldErrors(addError, CONTACT_FIELDS);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setAddError(null);
    if (!draft.name.trim()) {
      setNameMissing(true);
      return;
    }
    setNameMissing(false);
    setBusy(true);
    try {
      const item = await api.addOrgItem(orgId, 'contacts', toBody(draft));
      onChange([...contacts, item]);
      setDraft(emptyDraft);
    } catch (x) {
      setAddError(x);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="item-section" aria-labelledby={titleId} data-testid="org-contacts">
      <h3 id={titleId}>
        {t('items.contacts')} <span className="count">{contacts.length}</span>
      </h3>
      {contacts.length === 0 ? (
        <p className="muted">{t('items.emptyList')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('items.contactName')}</th>
                <th scope="col">{t('items.contactRole')}</th>
                <th scope="col">{t('items.contactEmail')}</th>
                <th scope="col">{t('items.contactPhone')}</th>
                {canEdit && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {contacts.map((c) =>
                editing === c.id ? (
                  <tr key={c.id}>
                    <td colSpan={5}>
                      <ContactEditRow
                        orgId={orgId}
                        contact={c}
                        onCancel={() => setEditing(null)}
                        onSaved={(saved) => {
                          onChange(contacts.map((x) => (x.id === saved.id ? saved : x)));
                          setEditing(null);
                        }}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={c.id}>
                    <td>{c.name}</td>
                    <td>{c.role || t('common.empty')}</td>
                    <td>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : t('common.empty')}</td>
                    <td>
                      {c.phone ? (
                        <a href={`tel:${c.phone.replace(/\s+/g, '')}`}>{c.phone}</a>
                      ) : (
                        t('common.empty')
                      )}
                    </td>
                    {canEdit && (
                      <td className="actions">
                        <button
                          type="button"
                          className="btn btn-small"
                          aria-label={t('items.editContact', { name: c.name })}
                          onClick={() => {
                            setRowError(null);
                            setEditing(c.id);
                          }}
                        >
                          {t('common.edit')}
                        </button>{' '}
                        <ConfirmButton
                          label={t('common.remove')}
                          question={t('items.removeContactConfirm', { name: c.name })}
                          confirmLabel={t('common.remove')}
                          onConfirm={async () => {
                            setRowError(null);
                            try {
                              await api.deleteOrgItem(orgId, 'contacts', c.id);
                              onChange(contacts.filter((x) => x.id !== c.id));
                            } catch (x) {
                              setRowError(x);
                            }
                          }}
                        />
                      </td>
                    )}
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      <ErrorBox error={rowError} />
      {canEdit && (
        <form className="card form form-compact" onSubmit={add} noValidate aria-label={t('items.addContact')}>
          <ContactFields
            idPrefix="contact-new"
            draft={draft}
            setDraft={setDraft}
            errors={{ ...fe.byField, name: nameMissing ? t('org.required') : fe.byField.name }}
          />
          <ErrorBox error={addError} details={fe.other} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('items.addContact')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function ContactEditRow({
  orgId,
  contact,
  onCancel,
  onSaved,
}: {
  orgId: number;
  contact: Contact;
  onCancel: () => void;
  onSaved: (c: Contact) => void;
}) {
  const { t } = useT();
  const [draft, setDraft] = useState<ContactDraft>({
    name: contact.name,
    role: contact.role,
    email: contact.email ?? '',
    phone: contact.phone ?? '',
  });
  const [error, setError] = useState<unknown>(null);
  const [nameMissing, setNameMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const fe = fieldErrors(error, CONTACT_FIELDS);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!draft.name.trim()) {
      setNameMissing(true);
      return;
    }
    setNameMissing(false);
    setBusy(true);
    try {
      onSaved(await api.updateContact(orgId, contact.id, toBody(draft)));
    } catch (x) {
      setError(x);
      setBusy(false);
    }
  };

  return (
    <form
      className="form form-compact"
      onSubmit={save}
      noValidate
      aria-label={t('items.editContact', { name: contact.name })}
    >
      <ContactFields
        idPrefix={`contact-${contact.id}`}
        draft={draft}
        setDraft={setDraft}
        errors={{ ...fe.byField, name: nameMissing ? t('org.required') : fe.byField.name }}
      />
      <ErrorBox error={error} details={fe.other} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.saving') : t('common.save')}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
