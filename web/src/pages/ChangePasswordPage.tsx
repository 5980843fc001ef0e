// Changing the password: forced after signing in with a one-time password (the
// only screen shown then), or chosen from the user menu.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { api, fieldErrors, isApiError } from '../api.js';
import { ErrorBox, Notice } from '../components/common.js';
import { TextField } from '../components/fields.js';
import { useT } from '../i18n/index.js';
import { navigate } from '../router.js';
import { useSession } from '../session.js';

export const MIN_PASSWORD_LENGTH = 12;

/** Length in characters as a person counts them (not UTF-16 units). */
function charLength(s: string): number {
  return [...s].length;
}

export function ChangePasswordPage({ forced }: { forced: boolean }) {
  const { t } = useT();
  const { refresh, state } = useSession();
  const username = state.status === 'signedIn' ? state.user.username : '';
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const fe = fieldErrors(error, ['currentPassword', 'newPassword']);
  const invalidCurrent = isApiError(error) && error.code === 'invalid_credentials';
  const currentError =
    clientErrors.current ??
    fe.byField.currentPassword ??
    (invalidCurrent ? t('password.currentWrong') : undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ce: Record<string, string> = {};
    if (!current) ce.current = t('password.currentRequired');
    if (charLength(next) < MIN_PASSWORD_LENGTH)
      ce.next = t('password.tooShort', { min: MIN_PASSWORD_LENGTH });
    else if (next === current) ce.next = t('password.sameAsCurrent');
    if (next !== repeat) ce.repeat = t('password.mismatch');
    setClientErrors(ce);
    setError(null);
    setDone(false);
    if (Object.keys(ce).length > 0) return;
    setBusy(true);
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
      await refresh();
      if (forced) navigate('/');
    } catch (x) {
      setError(x);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page narrow">
      <div className="card">
        <h1>{t('password.title')}</h1>
        <p>{forced ? t('password.forcedIntro') : t('password.intro')}</p>
        {done && <Notice kind="success">{t('password.changed')}</Notice>}
        <form onSubmit={submit} noValidate className="form" data-testid="password-form">
          <input type="text" name="username" autoComplete="username" hidden readOnly value={username} />
          <TextField
            id="password-current"
            label={forced ? t('password.currentOneTime') : t('password.current')}
            type="password"
            value={current}
            onChange={setCurrent}
            autoComplete="current-password"
            required
            error={currentError}
            autoFocus
          />
          <TextField
            id="password-new"
            label={t('password.new')}
            type="password"
            value={next}
            onChange={setNext}
            autoComplete="new-password"
            required
            hint={t('password.hint', { min: MIN_PASSWORD_LENGTH })}
            error={clientErrors.next ?? fe.byField.newPassword}
          />
          <TextField
            id="password-repeat"
            label={t('password.confirm')}
            type="password"
            value={repeat}
            onChange={setRepeat}
            autoComplete="new-password"
            required
            error={clientErrors.repeat}
          />
          {!invalidCurrent && <ErrorBox error={error} details={fe.other} testId="password-error" />}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('common.saving') : t('password.submit')}
          </button>
        </form>
      </div>
    </div>
  );
}
