// "Chiến dịch": the campaigns that reached the user's organisation, and the form that launches a
// new one (administrators, over their own subtree).
import { useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorBox, Loading } from '../components/common.js';
import { useT } from '../i18n/index.js';
import { href, navigate } from '../router.js';
import { hasRole, useSession } from '../session.js';
import { useLoad } from '../useLoad.js';
import { campaignApi } from './campaignApi.js';
import { DeadlineBadge } from './StatusBadges.js';

export function CampaignsPage() {
  const { t, formatDate } = useT();
  const { state } = useSession();
  const user = state.status === 'signedIn' ? state.user : null;
  const list = useLoad((signal) => campaignApi.list(signal), []);
  const [creating, setCreating] = useState(false);
  const isAdmin = user !== null && hasRole(user, 'administrator');

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('campaign.title')}</h1>
        {isAdmin && !creating && (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="campaign-new"
            onClick={() => setCreating(true)}
          >
            {t('campaign.new')}
          </button>
        )}
      </div>
      {creating && user && (
        <CampaignForm rootOrganisationId={user.organisation.id} onCancel={() => setCreating(false)} />
      )}
      {list.loading && !list.data && <Loading />}
      <ErrorBox error={list.error} />
      {list.data && list.data.items.length === 0 && <p className="muted">{t('campaign.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="campaign-list">
            <thead>
              <tr>
                <th scope="col">{t('campaign.code')}</th>
                <th scope="col">{t('campaign.name')}</th>
                <th scope="col">{t('campaign.period')}</th>
                <th scope="col">{t('campaign.myDeadline')}</th>
                <th scope="col">{t('campaign.from')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.id}>
                  <td className="mono">{c.code}</td>
                  <td>
                    <a href={href(`/campaigns/${c.id}`)} data-testid={`campaign-link-${c.code}`}>
                      {c.title}
                    </a>
                  </td>
                  <td className="nowrap">
                    {formatDate(c.startsOn)} – {formatDate(c.endsOn)}
                  </td>
                  <td>
                    <DeadlineBadge deadline={c.mine?.deadline ?? c.nationalDeadline} />
                  </td>
                  <td>{c.mine?.from?.name ?? c.rootOrganisation.name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function CampaignForm({
  rootOrganisationId,
  onCancel,
}: {
  rootOrganisationId: number;
  onCancel: () => void;
}) {
  const { t } = useT();
  const templates = useLoad((signal) => campaignApi.templates(signal), []);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => ((form.get(name) as string | null) ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      const letterNumber = text('letterNumber');
      const created = await campaignApi.create({
        code: text('code'),
        title: text('title'),
        description: text('description'),
        rootOrganisationId,
        indicatorTag: text('indicatorTag') || null,
        templateCode: text('templateCode'),
        startsOn: text('startsOn'),
        endsOn: text('endsOn'),
        nationalDeadline: text('nationalDeadline'),
        letters: letterNumber
          ? [
              {
                number: letterNumber,
                date: text('letterDate'),
                issuer: text('letterIssuer'),
                subject: text('letterSubject'),
              },
            ]
          : [],
      });
      navigate(`/campaigns/${created.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const field = (name: string, label: string, type = 'text', required = true) => (
    <div className="field">
      <label htmlFor={`campaign-${name}`}>
        {label}
        {required && <span className="required"> *</span>}
      </label>
      <input
        id={`campaign-${name}`}
        name={name}
        type={type}
        required={required}
        data-testid={`campaign-${name}`}
      />
    </div>
  );

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} data-testid="campaign-form">
      <h2>{t('campaign.new')}</h2>
      <div className="form-grid">
        {field('code', t('campaign.code'))}
        {field('title', t('campaign.name'))}
        {field('startsOn', t('campaign.startsOn'), 'date')}
        {field('endsOn', t('campaign.endsOn'), 'date')}
        {field('nationalDeadline', t('campaign.nationalDeadline'), 'date')}
        {field('indicatorTag', t('campaign.indicatorTag'), 'text', false)}
        <div className="field">
          <label htmlFor="campaign-templateCode">
            {t('campaign.template')}
            <span className="required"> *</span>
          </label>
          <select id="campaign-templateCode" name="templateCode" required data-testid="campaign-templateCode">
            {templates.data?.items.map((tpl) => (
              <option key={tpl.code} value={tpl.code}>
                {tpl.code} — {tpl.title.vi}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor="campaign-description">{t('campaign.description')}</label>
        <textarea id="campaign-description" name="description" rows={3} />
      </div>
      <fieldset className="fieldset">
        <legend>{t('campaign.legalBasis')}</legend>
        <div className="form-grid">
          {field('letterNumber', t('campaign.letterNumber'), 'text', false)}
          {field('letterDate', t('campaign.letterDate'), 'date', false)}
          {field('letterIssuer', t('campaign.letterIssuer'), 'text', false)}
          {field('letterSubject', t('campaign.letterSubject'), 'text', false)}
        </div>
      </fieldset>
      <ErrorBox error={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="campaign-create">
          {t('campaign.create')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
