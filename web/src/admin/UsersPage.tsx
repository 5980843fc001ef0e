// Administration: user accounts — list, create (with a one-time password), reset password.
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { api, fieldErrors } from '../api.js';
import { Badge, ConfirmButton, ErrorBox, Loading, Notice, SecretPanel } from '../components/common.js';
import { CheckboxField, TextField } from '../components/fields.js';
import { OrgPicker, useOrgChoices } from '../components/OrgPicker.js';
import { useT } from '../i18n/index.js';
import { useMe } from '../session.js';
import { ALL_ROLES } from '../types.js';
import type { Role, UserItem } from '../types.js';
import { useLoad } from '../useLoad.js';

interface Secret {
  name: string;
  password: string;
}

export function UsersPage() {
  const { t, formatDateTime } = useT();
  const users = useLoad(() => api.users(), []);
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<Secret | null>(null);
  const [rowError, setRowError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const roleNames = (roles: Role[]) => roles.map((r) => t(`role.${r}`)).join(', ');

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('users.title')}</h1>
        {!adding && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setNotice(null);
              setAdding(true);
            }}
          >
            {t('users.add')}
          </button>
        )}
      </div>

      {secret && (
        <SecretPanel
          testId="one-time-password"
          title={t('users.oneTimeTitle', { name: secret.name })}
          note={t('users.oneTimeNote')}
          secret={secret.password}
          doneLabel={t('users.oneTimeDone')}
          onDone={() => setSecret(null)}
        />
      )}
      {notice && <Notice kind="success">{notice}</Notice>}

      {adding && (
        <AddUserForm
          onCancel={() => setAdding(false)}
          onCreated={(user, oneTimePassword) => {
            setAdding(false);
            setSecret({ name: user.displayName || user.username, password: oneTimePassword });
            setNotice(t('users.created', { name: user.username }));
            users.setData((prev) => (prev ? { items: [...prev.items, user] } : prev));
          }}
        />
      )}

      <ErrorBox error={rowError} />
      {users.error ? (
        <ErrorBox error={users.error} />
      ) : !users.data ? (
        <Loading />
      ) : users.data.items.length === 0 ? (
        <p className="muted">{t('users.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{t('users.username')}</th>
                <th scope="col">{t('users.displayName')}</th>
                <th scope="col">{t('users.organisation')}</th>
                <th scope="col">{t('users.roles')}</th>
                <th scope="col">{t('users.status')}</th>
                <th scope="col">{t('users.lastLogin')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id} data-testid={`user-row-${u.username}`}>
                  <td className="mono">{u.username}</td>
                  <td>{u.displayName}</td>
                  <td>
                    {u.organisation.name} <span className="mono muted">({u.organisation.code})</span>
                  </td>
                  <td>{roleNames(u.roles)}</td>
                  <td>
                    {u.disabled ? (
                      <Badge tone="ended">{t('users.disabled')}</Badge>
                    ) : (
                      <Badge tone="ok">{t('users.active')}</Badge>
                    )}
                  </td>
                  <td>
                    {u.lastLoginAt ? (
                      formatDateTime(u.lastLoginAt)
                    ) : (
                      <span className="muted">{t('users.never')}</span>
                    )}
                  </td>
                  <td className="actions">
                    <ConfirmButton
                      label={t('users.resetPassword')}
                      question={t('users.resetConfirm', { name: u.displayName || u.username })}
                      confirmLabel={t('users.resetPassword')}
                      testId={`reset-password-${u.username}`}
                      onConfirm={async () => {
                        setRowError(null);
                        try {
                          const r = await api.resetPassword(u.id);
                          setSecret({ name: u.displayName || u.username, password: r.oneTimePassword });
                          window.scrollTo({ top: 0 });
                        } catch (x) {
                          setRowError(x);
                        }
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

const USER_FIELDS = ['username', 'displayName', 'organisationId', 'roles'] as const;

function AddUserForm({
  onCancel,
  onCreated,
}: {
  onCancel: () => void;
  onCreated: (user: UserItem, oneTimePassword: string) => void;
}) {
  const { t } = useT();
  const me = useMe();
  const { choices, error: orgsError } = useOrgChoices();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [organisationId, setOrganisationId] = useState<number | null>(me.organisation.id);
  const [roles, setRoles] = useState<Role[]>(['viewer']);
  const [error, setError] = useState<unknown>(null);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const rolesId = useId();
  const fe = fieldErrors(error, USER_FIELDS);
  const err = (f: string) => clientErrors[f] ?? fe.byField[f];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ce: Record<string, string> = {};
    if (!username.trim()) ce.username = t('org.required');
    if (!displayName.trim()) ce.displayName = t('org.required');
    if (organisationId === null) ce.organisationId = t('org.required');
    if (roles.length === 0) ce.roles = t('users.rolesRequired');
    setClientErrors(ce);
    setError(null);
    if (Object.keys(ce).length > 0 || organisationId === null) return;
    setBusy(true);
    try {
      const r = await api.createUser({
        username: username.trim(),
        displayName: displayName.trim(),
        organisationId,
        roles: ALL_ROLES.filter((role) => roles.includes(role)),
      });
      onCreated(r.user, r.oneTimePassword);
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
      data-testid="user-form"
    >
      <h2 id={titleId}>{t('users.add')}</h2>
      <div className="form-grid">
        <TextField
          id="user-username"
          label={t('users.username')}
          value={username}
          onChange={setUsername}
          required
          autoComplete="off"
          spellCheck={false}
          error={err('username')}
        />
        <TextField
          id="user-display-name"
          label={t('users.displayName')}
          value={displayName}
          onChange={setDisplayName}
          required
          autoComplete="off"
          error={err('displayName')}
        />
      </div>
      <ErrorBox error={orgsError} />
      <OrgPicker
        idPrefix="user-organisation"
        label={t('users.organisation')}
        choices={choices}
        value={organisationId}
        onChange={setOrganisationId}
        error={err('organisationId')}
      />
      <fieldset className="fieldset" aria-describedby={err('roles') ? `${rolesId}-error` : undefined}>
        <legend>{t('users.roles')}</legend>
        <div className="check-row">
          {ALL_ROLES.map((role) => (
            <CheckboxField
              key={role}
              id={`user-role-${role}`}
              label={t(`role.${role}`)}
              checked={roles.includes(role)}
              onChange={(on) => setRoles((prev) => (on ? [...prev, role] : prev.filter((r) => r !== role)))}
            />
          ))}
        </div>
        {err('roles') && (
          <p id={`${rolesId}-error`} className="field-error" role="alert">
            {err('roles')}
          </p>
        )}
      </fieldset>
      <ErrorBox error={error} details={fe.other} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.saving') : t('users.create')}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
