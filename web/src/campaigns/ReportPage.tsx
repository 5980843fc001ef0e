// A campaign report (#/reports/<id>): the template's figures with their pre-filled values and
// sources (a correction needs a reason), the texts, the document particulars, submit / review,
// the children's figures summed with a row per child, the exports and the history.
import { useEffect, useState } from 'react';
import { ErrorBox, Loading, Notice } from '../components/common.js';
import { useT } from '../i18n/index.js';
import type { MessageKey } from '../i18n/index.js';
import { href } from '../router.js';
import { useLoad } from '../useLoad.js';
import { campaignApi } from './campaignApi.js';
import type { ReportDetail } from './campaignApi.js';
import { DeadlineBadge, ReportStatusBadge } from './StatusBadges.js';

interface FigureDraft {
  value: string;
  reason: string;
  note: string;
}

const sourceKey: Record<string, MessageKey> = {
  'campaign.received': 'report.source.received',
  'campaign.deployed': 'report.source.deployed',
  'hosts.found': 'report.source.hostsFound',
  'hosts.cleaned': 'report.source.hostsCleaned',
  'hosts.verified': 'report.source.hostsVerified',
  'endpoints.checked': 'report.source.endpoints',
};

function draftOf(report: ReportDetail) {
  const figures: Record<string, FigureDraft> = {};
  for (const [id, f] of Object.entries(report.content.figures))
    figures[id] = {
      value: f.value === null ? '' : String(f.value),
      reason: f.correctionReason ?? '',
      note: f.note,
    };
  return { figures, texts: { ...report.content.texts }, document: { ...report.document } };
}

export function ReportPage({ id }: { id: number }) {
  const { t, lang, formatNumber, formatDateTime } = useT();
  const loaded = useLoad((signal) => campaignApi.report(id, signal), [id]);
  const [report, setReport] = useState<ReportDetail | null>(null);
  const [draft, setDraft] = useState<ReturnType<typeof draftOf> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (loaded.data) {
      setReport(loaded.data);
      setDraft(draftOf(loaded.data));
    }
  }, [loaded.data]);

  if (loaded.loading && !report) return <Loading />;
  if (!report || !draft) return <ErrorBox error={loaded.error} />;
  const editable = report.permissions.canEdit;
  const label = (l: { vi: string; en: string }) => (lang === 'vi' ? l.vi : l.en);

  const act = async (run: () => Promise<ReportDetail>, done: MessageKey) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const next = await run();
      setReport(next);
      setDraft(draftOf(next));
      setNotice(t(done));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    act(() => {
      const figures: Record<
        string,
        { value?: number | null; note?: string; correctionReason?: string | null }
      > = {};
      for (const [fid, d] of Object.entries(draft.figures)) {
        const current = report.content.figures[fid];
        const value = d.value.trim() === '' ? null : Number(d.value);
        const edit: { value?: number | null; note?: string; correctionReason?: string | null } = {};
        if (value !== (current?.value ?? null) || d.reason !== (current?.correctionReason ?? '')) {
          edit.value = value;
          edit.correctionReason = d.reason || null;
        }
        if (d.note !== (current?.note ?? '')) edit.note = d.note;
        if (Object.keys(edit).length) figures[fid] = edit;
      }
      const texts: Record<string, string> = {};
      for (const [tid, text] of Object.entries(draft.texts))
        if (text !== report.content.texts[tid]) texts[tid] = text;
      return campaignApi.updateReport(id, {
        revision: report.revision,
        figures,
        texts,
        document: draft.document,
      });
    }, 'report.saved');

  const setFigure = (fid: string, patch: Partial<FigureDraft>) =>
    setDraft({ ...draft, figures: { ...draft.figures, [fid]: { ...draft.figures[fid]!, ...patch } } });
  const figureFields = report.template.fields.filter((f) => f.kind === 'figure');
  const textFields = report.template.fields.filter((f) => f.kind === 'text');

  return (
    <div className="page">
      <p>
        <a href={href(`/campaigns/${report.campaign.id}`)}>← {report.campaign.title}</a>
      </p>
      <div className="page-head">
        <h1>{t('report.heading', { name: report.organisation.name })}</h1>
        <ReportStatusBadge status={report.status} />
      </div>
      <p className="muted">
        {label(report.template.title)} · {report.template.code} v{report.template.version}
        {report.deadline && (
          <>
            {' · '}
            {t('campaign.myDeadline')}: <DeadlineBadge deadline={report.deadline} />
          </>
        )}
        {report.reviewer && <> · {t('report.reviewer', { name: report.reviewer.name })}</>}
      </p>
      {report.status === 'returned' && report.reviewComment && (
        <Notice kind="warning">
          <span data-testid="report-review-comment">
            {t('report.returnedWith', { comment: report.reviewComment })}
          </span>
        </Notice>
      )}

      <section className="card">
        <h2>{t('report.figures')}</h2>
        <div className="table-wrap">
          <table className="table" data-testid="report-figures">
            <thead>
              <tr>
                <th scope="col">{t('report.item')}</th>
                <th scope="col">{t('report.value')}</th>
                <th scope="col">{t('report.prefilled')}</th>
                <th scope="col">{t('report.childrenSum')}</th>
                <th scope="col">{t('report.correctionReason')}</th>
                <th scope="col">{t('report.note')}</th>
              </tr>
            </thead>
            <tbody>
              {figureFields.map((field) => {
                const stored = report.content.figures[field.id];
                const d = draft.figures[field.id] ?? { value: '', reason: '', note: '' };
                const value = d.value.trim() === '' ? null : Number(d.value);
                const corrected = stored?.prefilled != null && value !== stored.prefilled;
                return (
                  <tr key={field.id} data-testid={`figure-${field.id}`}>
                    <th scope="row">
                      <label htmlFor={`figure-${field.id}-value`}>{label(field.label)}</label>
                      {field.required && <span className="required"> *</span>}
                    </th>
                    <td>
                      <input
                        id={`figure-${field.id}-value`}
                        type="number"
                        min={0}
                        step={1}
                        value={d.value}
                        disabled={!editable}
                        onChange={(e) => setFigure(field.id, { value: e.target.value })}
                        data-testid={`figure-${field.id}-value`}
                      />
                    </td>
                    <td data-testid={`figure-${field.id}-prefilled`}>
                      {stored?.prefilled != null ? formatNumber(stored.prefilled) : '—'}
                      {stored?.source && (
                        <div className="small muted">
                          {t(sourceKey[stored.source] ?? 'report.source.none')}
                        </div>
                      )}
                    </td>
                    <td>
                      {report.rollup.totals[field.id] != null
                        ? formatNumber(report.rollup.totals[field.id]!)
                        : '—'}
                    </td>
                    <td>
                      {corrected || d.reason ? (
                        <input
                          type="text"
                          aria-label={t('report.correctionReasonFor', { item: label(field.label) })}
                          value={d.reason}
                          required={corrected}
                          disabled={!editable}
                          onChange={(e) => setFigure(field.id, { reason: e.target.value })}
                          data-testid={`figure-${field.id}-reason`}
                        />
                      ) : (
                        <span className="muted small">{t('report.noCorrection')}</span>
                      )}
                    </td>
                    <td>
                      <input
                        type="text"
                        aria-label={t('report.noteFor', { item: label(field.label) })}
                        value={d.note}
                        disabled={!editable}
                        onChange={(e) => setFigure(field.id, { note: e.target.value })}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {textFields.map((field) => (
          <div className="field" key={field.id}>
            <label htmlFor={`text-${field.id}`}>
              {label(field.label)}
              {field.required && <span className="required"> *</span>}
            </label>
            <textarea
              id={`text-${field.id}`}
              rows={4}
              value={draft.texts[field.id] ?? ''}
              disabled={!editable}
              onChange={(e) => setDraft({ ...draft, texts: { ...draft.texts, [field.id]: e.target.value } })}
              data-testid={`text-${field.id}`}
            />
          </div>
        ))}
        <fieldset className="fieldset">
          <legend>{t('report.document')}</legend>
          <div className="form-grid">
            {(['number', 'abbreviation', 'place', 'signerPosition', 'signerName'] as const).map((key) => (
              <div className="field" key={key}>
                <label htmlFor={`doc-${key}`}>{t(`report.doc.${key}`)}</label>
                <input
                  id={`doc-${key}`}
                  value={draft.document[key] ?? ''}
                  disabled={!editable}
                  onChange={(e) =>
                    setDraft({
                      ...draft,
                      document: {
                        ...draft.document,
                        [key]: key === 'number' && e.target.value === '' ? null : e.target.value,
                      },
                    })
                  }
                  data-testid={`doc-${key}`}
                />
              </div>
            ))}
          </div>
        </fieldset>
        <ErrorBox error={error} testId="report-error" />
        {notice && <Notice kind="success">{notice}</Notice>}
        <div className="form-actions">
          {editable && (
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={() => void save()}
              data-testid="report-save"
            >
              {t('report.save')}
            </button>
          )}
          {report.permissions.canSubmit && (
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy}
              onClick={() => void act(() => campaignApi.submitReport(id), 'report.submittedNotice')}
              data-testid="report-submit"
            >
              {t('report.submit')}
            </button>
          )}
          <a
            className="btn"
            href={campaignApi.exportUrl(id, 'docx', lang)}
            download
            data-testid="export-docx"
          >
            {t('report.exportDocx')}
          </a>
          <a
            className="btn"
            href={campaignApi.exportUrl(id, 'xlsx', lang)}
            download
            data-testid="export-xlsx"
          >
            {t('report.exportXlsx')}
          </a>
        </div>
      </section>

      {report.permissions.canReview && (
        <section className="card" data-testid="report-review">
          <h2>{t('report.review')}</h2>
          <div className="field">
            <label htmlFor="review-comment">{t('report.reviewComment')}</label>
            <textarea
              id="review-comment"
              rows={2}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          </div>
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy}
              onClick={() =>
                void act(() => campaignApi.reviewReport(id, 'accept', comment), 'report.acceptedNotice')
              }
              data-testid="report-accept"
            >
              {t('report.accept')}
            </button>
            <button
              type="button"
              className="btn btn-danger-outline"
              disabled={busy}
              onClick={() =>
                void act(() => campaignApi.reviewReport(id, 'return', comment), 'report.returnedNotice')
              }
              data-testid="report-return"
            >
              {t('report.return')}
            </button>
          </div>
        </section>
      )}

      {report.rollup.children.length > 0 && (
        <section className="card">
          <h2>{t('report.rollup')}</h2>
          <div className="table-wrap">
            <table className="table table-compact" data-testid="report-rollup">
              <thead>
                <tr>
                  <th scope="col">{t('report.child')}</th>
                  <th scope="col">{t('report.childStatus')}</th>
                  {figureFields.map((f) => (
                    <th scope="col" key={f.id}>
                      {label(f.label)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.rollup.children.map((child) => {
                  const figures = report.rollup.perChild.find((p) => p.name === child.name)?.figures;
                  return (
                    <tr key={child.organisationId} data-testid={`rollup-${child.organisationId}`}>
                      <th scope="row">
                        {child.reportId ? (
                          <a href={href(`/reports/${child.reportId}`)}>{child.name}</a>
                        ) : (
                          child.name
                        )}
                      </th>
                      <td>
                        <ReportStatusBadge status={child.status} />
                      </td>
                      {figureFields.map((f) => (
                        <td key={f.id}>{figures?.[f.id] != null ? formatNumber(figures[f.id]!) : '—'}</td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr data-testid="rollup-total">
                  <th scope="row" colSpan={2}>
                    {t('report.total')}
                  </th>
                  {figureFields.map((f) => (
                    <td key={f.id}>
                      <strong>
                        {report.rollup.totals[f.id] != null ? formatNumber(report.rollup.totals[f.id]!) : '—'}
                      </strong>
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
          <p className="small muted">{t('report.rollupHint')}</p>
        </section>
      )}

      <section className="card">
        <h2>{t('report.history')}</h2>
        <ol className="small" data-testid="report-history">
          {report.history.map((h, i) => (
            <li key={i}>
              {formatDateTime(h.at)} · {h.actor} · {h.action}
              {h.fieldId && ` · ${h.fieldId}`}
              {(h.oldValue !== null || h.newValue !== null) &&
                ` · ${h.oldValue ?? '—'} → ${h.newValue ?? '—'}`}
              {h.reason && ` · ${h.reason}`}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
