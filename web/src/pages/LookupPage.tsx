// "Tra cứu chủ sở hữu": which organisation owns an IP address or a domain.
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api.js';
import { ErrorBox } from '../components/common.js';
import { TextField } from '../components/fields.js';
import { KindBadge, useKinds } from '../components/kinds.js';
import { useT } from '../i18n/index.js';
import { classifyLookup } from '../inputs.js';
import { href } from '../router.js';
import type { LookupResult } from '../types.js';

export function LookupPage() {
  const { t } = useT();
  const kinds = useKinds();
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<LookupResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState<'ip' | 'domain' | null>(null);
  const titleId = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const q = classifyLookup(query);
    setError(null);
    setResult(null);
    if (!q) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setKind('ip' in q ? 'ip' : 'domain');
    setBusy(true);
    try {
      setResult(await api.lookup(q));
    } catch (x) {
      setError(x);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page narrow">
      <h1 id={titleId}>{t('lookup.title')}</h1>
      <p className="muted">{t('lookup.intro')}</p>
      <form
        className="card form lookup-form"
        onSubmit={submit}
        noValidate
        aria-labelledby={titleId}
        role="search"
      >
        <div className="inline-form">
          <TextField
            id="lookup-query"
            label={t('lookup.query')}
            value={query}
            onChange={setQuery}
            placeholder={t('lookup.placeholder')}
            autoComplete="off"
            spellCheck={false}
            error={missing ? t('lookup.required') : null}
            testId="lookup-query"
            autoFocus
          />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('lookup.searching') : t('lookup.submit')}
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {result && (
        <section className="card lookup-result" data-testid="lookup-result" aria-live="polite">
          <p className="muted small">{kind === 'ip' ? t('lookup.byIp') : t('lookup.byDomain')}</p>
          {result.owner ? (
            <>
              <dl className="facts">
                <div>
                  <dt>{t('lookup.owner')}</dt>
                  <dd>
                    <strong data-testid="lookup-owner">{result.owner.name}</strong>{' '}
                    <span className="mono muted">({result.owner.code})</span>{' '}
                    <KindBadge kinds={kinds} code={result.owner.kind} />
                  </dd>
                </div>
                {result.matched && (
                  <div>
                    <dt>{t('lookup.matched')}</dt>
                    <dd className="mono" data-testid="lookup-matched">
                      {result.matched}
                    </dd>
                  </div>
                )}
              </dl>
              <a className="btn" href={href(`/orgs/${result.owner.id}`)} data-testid="lookup-open">
                {t('lookup.open')}
              </a>
            </>
          ) : (
            <p data-testid="lookup-none">{t('lookup.noOwner', { query: result.query })}</p>
          )}
        </section>
      )}
    </div>
  );
}
