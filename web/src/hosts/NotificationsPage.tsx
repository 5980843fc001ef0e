// Notifications of the user's organisation: the digest (send now, throttle), the webhook, the delivery log.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorBox, Loading, Notice } from '../components/common.js';
import { CheckboxField, TextField } from '../components/fields.js';
import { useT } from '../i18n/index.js';
import { hasRole } from '../session.js';
import type { Me } from '../types.js';
import { useLoad } from '../useLoad.js';
import { notifyApi, type DigestOutcome } from './api.js';

export function NotificationsPage({ user }: { user: Me }) {
  const { t, formatDateTime } = useT();
  const orgId = user.organisation.id;
  const overview = useLoad((signal) => notifyApi.overview(orgId, signal), [orgId]);
  const [url, setUrl] = useState<string | null>(null);
  const [enabled, setEnabled] = useState(true);
  const [secret, setSecret] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<DigestOutcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const isAdmin = hasRole(user, 'administrator');

  const send = async () => {
    setError(null);
    try {
      setOutcome(await notifyApi.digest(orgId));
      overview.reload();
    } catch (e) {
      setError(e);
    }
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const saved = await notifyApi.setWebhook(orgId, {
        url: url ?? overview.data?.webhook?.url ?? '',
        enabled,
      });
      setSecret(saved.secret);
      overview.reload();
    } catch (err) {
      setError(err);
    }
  };

  if (overview.error) return <ErrorBox error={overview.error} />;
  if (!overview.data) return <Loading />;
  const data = overview.data;
  return (
    <div className="page narrow-wide">
      <h1>{t('notify.title')}</h1>
      <p className="muted">{t('notify.intro')}</p>
      <section className="card">
        <h2>{t('notify.digest')}</h2>
        <p>
          {data.nextDigestAt
            ? t('notify.nextAt', { time: formatDateTime(data.nextDigestAt) })
            : t('notify.canSendNow')}
        </p>
        {isAdmin && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void send()}
            data-testid="digest-send"
          >
            {t('notify.sendNow')}
          </button>
        )}
        {outcome && (
          <Notice kind={outcome.status === 'sent' ? 'success' : 'info'}>
            <span data-testid="digest-outcome">
              {t(`notify.outcome.${outcome.status}`, { hosts: outcome.hosts })}
            </span>
            <ul>
              {outcome.channels.map((c) => (
                <li key={c.channel}>
                  {c.channel}: {c.status} — {c.detail}
                </li>
              ))}
            </ul>
          </Notice>
        )}
      </section>
      <section className="card">
        <h2>{t('notify.webhook')}</h2>
        <p className="small muted">{t('notify.webhookHelp')}</p>
        {isAdmin ? (
          <form className="form" onSubmit={(e) => void save(e)}>
            <TextField
              label={t('notify.webhookUrl')}
              value={url ?? data.webhook?.url ?? ''}
              onChange={setUrl}
              type="url"
              maxLength={2000}
            />
            <CheckboxField label={t('notify.webhookEnabled')} checked={enabled} onChange={setEnabled} />
            <button type="submit" className="btn">
              {t('notify.webhookSave')}
            </button>
          </form>
        ) : (
          <p>{data.webhook ? data.webhook.url : t('notify.noWebhook')}</p>
        )}
        {secret && (
          <Notice kind="warning">
            {t('notify.secretOnce')} <code className="mono">{secret}</code>
          </Notice>
        )}
      </section>
      <ErrorBox error={error} />
      <section className="card">
        <h2>{t('notify.log')}</h2>
        <table className="table table-compact">
          <thead>
            <tr>
              <th>{t('hosts.col.time')}</th>
              <th>{t('notify.channel')}</th>
              <th>{t('hosts.col.status')}</th>
              <th>{t('notify.hosts')}</th>
              <th>{t('hosts.col.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {data.deliveries.map((d) => (
              <tr key={d.id}>
                <td className="nowrap">{formatDateTime(d.at)}</td>
                <td>{d.channel}</td>
                <td>{d.status}</td>
                <td>{d.hosts}</td>
                <td className="small">{d.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
