// Administration: API tokens for sensors, firewalls and scripts — list, create
// (the token is shown once), revoke with confirmation.
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { api, fieldErrors } from '../api.js';
import { Badge, ConfirmButton, ErrorBox, Loading, SecretPanel, todayIso } from '../components/common.js';
import { SelectField, TextField } from '../components/fields.js';
import { OrgPicker, useOrgChoices } from '../components/OrgPicker.js';
import { useT } from '../i18n/index.js';
import { useMe } from '../session.js';
import { ALL_PURPOSES } from '../types.js';
import type { TokenItem, TokenPurpose } from '../types.js';
import { useLoad } from '../useLoad.js';

function tokenStatus(tok: TokenItem, now: number): 'revoked' | 'expired' | 'active' {
  if (tok.revokedAt) return 'revoked';
  if (tok.expiresAt && Date.parse(tok.expiresAt) <= now) return 'expired';
  return 'active';
}

export function TokensPage() {
  const { t, formatDateTime } = useT();
  const tokens = useLoad(() => api.tokens(), []);
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [rowError, setRowError] = useState<unknown>(null);
  const now = Date.now();

  const replace = (item: TokenItem) =>
    tokens.setData((prev) => (prev ? { items: prev.items.map((x) => (x.id === item.id ? item : x)) } : prev));

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('tokens.title')}</h1>
        {!adding && (
          <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
            {t('tokens.create')}
          </button>
        )}
      </div>
      <p className="muted">{t('tokens.intro')}</p>

      {secret && (
        <SecretPanel
          testId="new-token"
          title={t('tokens.newTitle', { name: secret.name })}
          note={t('tokens.newNote')}
          secret={secret.token}
          doneLabel={t('tokens.newDone')}
          onDone={() => setSecret(null)}
        />
      )}

      {adding && (
        <AddTokenForm
          onCancel={() => setAdding(false)}
          onCreated={(item, token) => {
            setAdding(false);
            setSecret({ name: item.name, token });
            tokens.setData((prev) => (prev ? { items: [item, ...prev.items] } : prev));
          }}
        />
      )}

      <ErrorBox error={rowError} />
      {tokens.error ? (
        <ErrorBox error={tokens.error} />
      ) : !tokens.data ? (
        <Loading />
      ) : tokens.data.items.length === 0 ? (
        <p className="muted">{t('tokens.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="tokens-table">
            <thead>
              <tr>
                <th scope="col">{t('tokens.name')}</th>
                <th scope="col">{t('tokens.purpose')}</th>
                <th scope="col">{t('tokens.organisation')}</th>
                <th scope="col">{t('tokens.prefix')}</th>
                <th scope="col">{t('tokens.createdAt')}</th>
                <th scope="col">{t('tokens.lastUsedAt')}</th>
                <th scope="col">{t('tokens.expiresAt')}</th>
                <th scope="col">{t('tokens.status')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((tok) => {
                const status = tokenStatus(tok, now);
                return (
                  <tr
                    key={tok.id}
                    data-testid={`token-row-${tok.id}`}
                    className={status !== 'active' ? 'row-inactive' : undefined}
                  >
                    <td>{tok.name}</td>
                    <td>{t(`tokens.purpose.${tok.purpose}`)}</td>
                    <td>
                      {tok.organisation.name} <span className="mono muted">({tok.organisation.code})</span>
                    </td>
                    <td className="mono">{tok.prefix}…</td>
                    <td>{formatDateTime(tok.createdAt)}</td>
                    <td>
                      {tok.lastUsedAt ? (
                        formatDateTime(tok.lastUsedAt)
                      ) : (
                        <span className="muted">{t('tokens.never')}</span>
                      )}
                    </td>
                    <td>
                      {tok.expiresAt ? (
                        formatDateTime(tok.expiresAt)
                      ) : (
                        <span className="muted">{t('tokens.noExpiry')}</span>
                      )}
                    </td>
                    <td>
                      <Badge tone={status === 'active' ? 'ok' : 'ended'}>{t(`tokens.${status}`)}</Badge>
                    </td>
                    <td className="actions">
                      {status === 'active' && (
                        <ConfirmButton
                          label={t('tokens.revoke')}
                          question={t('tokens.revokeConfirm', { name: tok.name })}
                          confirmLabel={t('tokens.revokeConfirmButton')}
                          testId={`revoke-token-${tok.id}`}
                          onConfirm={async () => {
                            setRowError(null);
                            try {
                              await api.revokeToken(tok.id);
                              replace({ ...tok, revokedAt: new Date().toISOString() });
                            } catch (x) {
                              setRowError(x);
                            }
                          }}
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

const TOKEN_FIELDS = ['name', 'purpose', 'organisationId', 'expiresAt'] as const;

/** End of the chosen local day, as an ISO timestamp. */
function endOfDayIso(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1, 23, 59, 59).toISOString();
}

function AddTokenForm({
  onCancel,
  onCreated,
}: {
  onCancel: () => void;
  onCreated: (item: TokenItem, token: string) => void;
}) {
  const { t } = useT();
  const me = useMe();
  const { choices, error: orgsError } = useOrgChoices();
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState<TokenPurpose>('sensor');
  const [organisationId, setOrganisationId] = useState<number | null>(me.organisation.id);
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const fe = fieldErrors(error, TOKEN_FIELDS);
  const err = (f: string) => clientErrors[f] ?? fe.byField[f];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ce: Record<string, string> = {};
    if (!name.trim()) ce.name = t('org.required');
    if (organisationId === null) ce.organisationId = t('org.required');
    if (expires && expires < todayIso()) ce.expiresAt = t('tokens.expiryPast');
    setClientErrors(ce);
    setError(null);
    if (Object.keys(ce).length > 0 || organisationId === null) return;
    setBusy(true);
    try {
      const r = await api.createToken({
        name: name.trim(),
        purpose,
        organisationId,
        expiresAt: expires ? endOfDayIso(expires) : null,
      });
      onCreated(r.item, r.token);
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
      data-testid="token-form"
    >
      <h2 id={titleId}>{t('tokens.create')}</h2>
      <div className="form-grid">
        <TextField
          id="token-name"
          label={t('tokens.name')}
          value={name}
          onChange={setName}
          required
          autoComplete="off"
          error={err('name')}
        />
        <SelectField
          id="token-purpose"
          label={t('tokens.purpose')}
          value={purpose}
          onChange={(v) => setPurpose(ALL_PURPOSES.find((p) => p === v) ?? 'sensor')}
          options={ALL_PURPOSES.map((p) => ({ value: p, label: t(`tokens.purpose.${p}`) }))}
          error={err('purpose')}
        />
      </div>
      <ErrorBox error={orgsError} />
      <OrgPicker
        idPrefix="token-organisation"
        label={t('tokens.organisation')}
        choices={choices}
        value={organisationId}
        onChange={setOrganisationId}
        error={err('organisationId')}
      />
      <TextField
        id="token-expires"
        label={t('tokens.expiresAtInput')}
        type="date"
        value={expires}
        onChange={setExpires}
        hint={t('common.optional')}
        error={err('expiresAt')}
      />
      <ErrorBox error={error} details={fe.other} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.saving') : t('tokens.create')}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
