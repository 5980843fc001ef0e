// One campaign (#/campaigns/<id>): its legal basis, what the user's organisation received (with
// acknowledge / deployed), the forwarding form to its children, the status matrix of the subtree
// and the way to the organisation's report.
import { useState } from 'react';
import type { ChangeEvent, FormEvent } from 'react';
import { ErrorBox, Loading, Notice } from '../components/common.js';
import { useT } from '../i18n/index.js';
import { href, navigate } from '../router.js';
import { useLoad } from '../useLoad.js';
import { campaignApi } from './campaignApi.js';
import type { CampaignDetail } from './campaignApi.js';
import { StatusMatrixView } from './StatusMatrixView.js';
import { DeadlineBadge } from './StatusBadges.js';

export function CampaignDetailPage({ id, focus }: { id: number; focus: number | null }) {
  const { t, formatDate, formatDateTime } = useT();
  const detail = useLoad((signal) => campaignApi.detail(id, signal), [id]);
  const reports = useLoad((signal) => campaignApi.reports(id, signal), [id]);
  const [error, setError] = useState<unknown>(null);
  const [matrixNonce, setMatrixNonce] = useState(0);

  if (detail.loading && !detail.data) return <Loading />;
  if (!detail.data) return <ErrorBox error={detail.error} />;
  const c = detail.data;
  const mine = c.mine;
  const myReport = reports.data?.items.find((r) => r.organisation.id === c.actingOrganisation.id) ?? null;
  const refresh = () => {
    detail.reload();
    reports.reload();
    setMatrixNonce((n) => n + 1);
  };
  const mark = async (step: 'acknowledge' | 'deploy') => {
    setError(null);
    try {
      await campaignApi.mark(id, step);
      refresh();
    } catch (e) {
      setError(e);
    }
  };
  const openReport = async () => {
    setError(null);
    try {
      const report = myReport ?? (await campaignApi.createReport(id));
      navigate(`/reports/${report.id}`);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="page">
      <p>
        <a href={href('/campaigns')}>← {t('campaign.title')}</a>
      </p>
      <div className="page-head">
        <h1 data-testid="campaign-title">{c.title}</h1>
        <span className="badge badge-neutral mono">{c.code}</span>
      </div>
      <dl className="detail-list">
        <dt>{t('campaign.period')}</dt>
        <dd>
          {formatDate(c.startsOn)} – {formatDate(c.endsOn)}
        </dd>
        <dt>{t('campaign.nationalDeadline')}</dt>
        <dd>{formatDate(c.nationalDeadline)}</dd>
        <dt>{t('campaign.template')}</dt>
        <dd className="mono">
          {c.templateCode} v{c.templateVersion}
        </dd>
        {c.indicatorTag && (
          <>
            <dt>{t('campaign.indicatorTag')}</dt>
            <dd className="mono">{c.indicatorTag}</dd>
          </>
        )}
      </dl>
      {c.description && <p>{c.description}</p>}

      <section className="card">
        <h2>{t('campaign.legalBasis')}</h2>
        {c.letters.length === 0 && <p className="muted">{t('campaign.noLetters')}</p>}
        <ul data-testid="campaign-letters">
          {c.letters.map((l) => (
            <li key={l.id}>
              <strong>{t('campaign.letterLine', { number: l.number, date: formatDate(l.date) })}</strong> —{' '}
              {l.issuer}
              {l.subject && <span> · {l.subject}</span>}
              {l.files.map((f) => (
                <a
                  key={f.id}
                  className="btn btn-small"
                  href={campaignApi.fileUrl(c.id, f.id)}
                  download={f.fileName}
                >
                  {f.fileName}
                </a>
              ))}
              {c.permissions.canEdit && <FileUpload campaignId={c.id} letterId={l.id} onDone={refresh} />}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" data-testid="campaign-mine">
        <h2>{t('campaign.received', { name: c.actingOrganisation.name })}</h2>
        {mine ? (
          <>
            <p>
              {mine.from ? t('campaign.fromLine', { name: mine.from.name }) : t('campaign.launchedHere')} ·{' '}
              {t('campaign.myDeadline')}: <DeadlineBadge deadline={mine.deadline} />
            </p>
            {mine.note && <blockquote className="note">{mine.note}</blockquote>}
            <p>
              {mine.acknowledgedAt ? (
                <span className="badge badge-ok">
                  {t('campaign.acknowledgedAt', { at: formatDateTime(mine.acknowledgedAt) })}
                </span>
              ) : (
                c.permissions.canAcknowledge && (
                  <button
                    type="button"
                    className="btn"
                    data-testid="campaign-acknowledge"
                    onClick={() => void mark('acknowledge')}
                  >
                    {t('campaign.acknowledge')}
                  </button>
                )
              )}{' '}
              {mine.deployedAt ? (
                <span className="badge badge-ok" data-testid="campaign-deployed">
                  {t('campaign.deployedAt', { at: formatDateTime(mine.deployedAt) })}
                </span>
              ) : (
                c.permissions.canAcknowledge && (
                  <button
                    type="button"
                    className="btn"
                    data-testid="campaign-deploy"
                    onClick={() => void mark('deploy')}
                  >
                    {t('campaign.deploy')}
                  </button>
                )
              )}{' '}
              <button
                type="button"
                className="btn btn-primary"
                data-testid="campaign-report"
                onClick={() => void openReport()}
              >
                {myReport ? t('report.open') : t('report.create')}
              </button>
            </p>
          </>
        ) : (
          <p className="muted">{t('campaign.notReceived')}</p>
        )}
        <ErrorBox error={error} />
      </section>

      {c.permissions.canForward && mine && <ForwardForm campaign={c} onDone={refresh} />}

      <section className="card">
        <h2>{t('campaign.statusMatrix')}</h2>
        <StatusMatrixView campaignId={c.id} organisationId={focus} nonce={matrixNonce} />
      </section>
    </div>
  );
}

function ForwardForm({ campaign, onDone }: { campaign: CampaignDetail; onDone: () => void }) {
  const { t } = useT();
  const open = campaign.children.filter((child) => !child.received);
  const [chosen, setChosen] = useState<Set<number>>(() => new Set(open.map((child) => child.id)));
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (campaign.children.length === 0) return null;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const result = await campaignApi.forward(campaign.id, {
        deadline: (form.get('deadline') as string | null) ?? '',
        note: (form.get('note') as string | null) ?? '',
        childIds: [...chosen],
      });
      setDone(t('campaign.forwarded', { count: result.forwarded.length }));
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (childId: number) => (event: ChangeEvent<HTMLInputElement>) => {
    const next = new Set(chosen);
    if (event.target.checked) next.add(childId);
    else next.delete(childId);
    setChosen(next);
  };

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} data-testid="forward-form">
      <h2>{t('campaign.forward')}</h2>
      <p className="field-hint">{t('campaign.forwardHint', { deadline: campaign.mine?.deadline ?? '' })}</p>
      <fieldset className="fieldset">
        <legend>{t('campaign.children')}</legend>
        {campaign.children.map((child) => (
          <div className="field-check" key={child.id}>
            <input
              id={`forward-child-${child.id}`}
              type="checkbox"
              disabled={child.received}
              checked={child.received || chosen.has(child.id)}
              onChange={toggle(child.id)}
              data-testid={`forward-child-${child.code}`}
            />
            <label htmlFor={`forward-child-${child.id}`}>
              {child.name} <span className="muted mono">{child.code}</span>
              {child.received && <span className="badge badge-ok"> {t('campaign.alreadyReceived')}</span>}
            </label>
          </div>
        ))}
      </fieldset>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="forward-deadline">
            {t('campaign.childDeadline')}
            <span className="required"> *</span>
          </label>
          <input
            id="forward-deadline"
            name="deadline"
            type="date"
            required
            max={campaign.mine?.deadline}
            data-testid="forward-deadline"
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor="forward-note">{t('campaign.coverNote')}</label>
        <textarea id="forward-note" name="note" rows={3} data-testid="forward-note" />
      </div>
      <ErrorBox error={error} testId="forward-error" />
      {done && <Notice kind="success">{done}</Notice>}
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || open.length === 0}
          data-testid="forward-submit"
        >
          {t('campaign.forwardSubmit')}
        </button>
      </div>
    </form>
  );
}

function FileUpload({
  campaignId,
  letterId,
  onDone,
}: {
  campaignId: number;
  letterId: number;
  onDone: () => void;
}) {
  const { t } = useT();
  const [error, setError] = useState<unknown>(null);
  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setError(null);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000)
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      await campaignApi.addFile(campaignId, letterId, {
        fileName: file.name,
        mediaType: file.type || 'application/octet-stream',
        contentBase64: btoa(binary),
      });
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <span className="inline-form">
      <label className="btn btn-small">
        {t('campaign.attach')}
        <input
          type="file"
          className="sr-only"
          onChange={(e) => void upload(e)}
          data-testid={`letter-file-${letterId}`}
        />
      </label>
      <ErrorBox error={error} />
    </span>
  );
}
