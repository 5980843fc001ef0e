// Sign-in. Shows the server's reason for a failure; when rate limited, counts down
// the wait from the retry-after header before allowing another try.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { isApiError } from '../api.js';
import { ErrorBox, Notice } from '../components/common.js';
import { TextField } from '../components/fields.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../session.js';

export function LoginPage({ expired }: { expired: boolean }) {
  const { t } = useT();
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (waitUntil === null) return;
    const timer = window.setInterval(() => {
      const n = Date.now();
      setNow(n);
      if (n >= waitUntil) setWaitUntil(null);
    }, 500);
    return () => window.clearInterval(timer);
  }, [waitUntil]);

  const secondsLeft = waitUntil === null ? 0 : Math.max(0, Math.ceil((waitUntil - now) / 1000));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setError(null);
    setBusy(true);
    try {
      await login(username.trim(), password);
    } catch (x) {
      setError(x);
      setPassword('');
      if (isApiError(x) && x.code === 'rate_limited' && x.retryAfter !== null && x.retryAfter > 0) {
        setNow(Date.now());
        setWaitUntil(Date.now() + x.retryAfter * 1000);
      }
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login-wrap">
      <div className="login-card card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          <div>
            <div className="brand-name">{t('app.name')}</div>
            <div className="brand-tagline">{t('app.tagline')}</div>
          </div>
        </div>
        <h1>{t('login.title')}</h1>
        {expired && !error && <Notice kind="warning">{t('error.unauthenticated')}</Notice>}
        <form onSubmit={submit} noValidate className="form" data-testid="login-form">
          <TextField
            id="login-username"
            label={t('login.username')}
            value={username}
            onChange={setUsername}
            autoComplete="username"
            autoFocus
            spellCheck={false}
            required
          />
          <TextField
            id="login-password"
            label={t('login.password')}
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete="current-password"
            required
          />
          {missing && (
            <p className="field-error" role="alert">
              {t('login.required')}
            </p>
          )}
          <div data-testid="login-error">
            <ErrorBox error={error} />
            {secondsLeft > 0 && (
              <p className="muted" role="timer" aria-live="off">
                {t('login.waitCountdown', { seconds: secondsLeft })}
              </p>
            )}
          </div>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy || secondsLeft > 0}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <p className="muted small login-notice">{t('login.notice')}</p>
      </div>
    </main>
  );
}
