// Signed-in users check an address or range inside their own subtree against the host records.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorBox } from '../components/common.js';
import { TextField } from '../components/fields.js';
import { useT } from '../i18n/index.js';
import { href } from '../router.js';
import { importApi } from './api.js';
import { StatusBadge } from './StatusBadge.js';
import type { HostView } from './types.js';

export function HostCheck() {
  const { t, formatNumber, formatDateTime } = useT();
  const [value, setValue] = useState('');
  const [result, setResult] = useState<{ query: string; items: HostView[]; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!value.trim()) return;
    setError(null);
    try {
      setResult(await importApi.check(value.trim()));
    } catch (err) {
      setResult(null);
      setError(err);
    }
  };
  return (
    <section className="card">
      <form className="form inline-form" role="search" onSubmit={(e) => void submit(e)}>
        <TextField
          label={t('hosts.check.label')}
          value={value}
          onChange={setValue}
          placeholder="10.1.0.0/16"
          testId="host-check-input"
          maxLength={100}
        />
        <button type="submit" className="btn">
          {t('hosts.check.submit')}
        </button>
      </form>
      <ErrorBox error={error} />
      {result && (
        <div data-testid="host-check-result">
          <p>{t('hosts.check.result', { total: formatNumber(result.total), query: result.query })}</p>
          <ul>
            {result.items.slice(0, 50).map((h) => (
              <li key={h.id}>
                <a className="mono" href={href(`/hosts/${h.id}`)}>
                  {h.address}
                </a>{' '}
                <StatusBadge status={h.status} /> {h.organisation.name} · {h.families.join(', ')} ·{' '}
                {formatDateTime(h.lastSeen)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
