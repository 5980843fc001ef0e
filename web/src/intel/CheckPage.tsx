// "Kiểm tra": is a value (IP, network, domain, URL, hash, ASN) in the threat-intelligence
// data, why, and according to which feeds. The value lives in the address
// (#/intel/check?value=…) so that a result can be linked to.
import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { api, isApiError } from '../api.js';
import { ErrorBox, Loading } from '../components/common.js';
import { TextField } from '../components/fields.js';
import { useT } from '../i18n/index.js';
import { href, navigate, useRoute } from '../router.js';
import type { CheckMatch, CheckResult } from '../types.js';
import { useLoad } from '../useLoad.js';
import { indicatorsPath, emptyFilters } from './filters.js';
import { matchSentence, verdictTone } from './labels.js';
import { IndicatorStatusBadge, useIntelLabels } from './shared.js';

export function CheckPage() {
  const { t } = useT();
  const route = useRoute();
  const value = (route.query.get('value') ?? '').trim();
  const [draft, setDraft] = useState(value);
  const [missing, setMissing] = useState(false);
  const titleId = useId();
  useEffect(() => {
    setDraft(value);
  }, [value]);

  const result = useLoad(
    (signal) => (value ? api.checkIndicator(value, signal) : Promise.resolve(null)),
    [value],
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = draft.trim();
    setMissing(v === '');
    if (!v) return;
    if (v === value) result.reload();
    else navigate(`/intel/check?value=${encodeURIComponent(v)}`);
  };

  return (
    <div className="page narrow-wide">
      <h1 id={titleId}>{t('intel.check.title')}</h1>
      <p className="muted">{t('intel.check.intro')}</p>
      <form className="card form" onSubmit={submit} noValidate aria-labelledby={titleId} role="search">
        <div className="inline-form">
          <TextField
            id="check-input"
            label={t('intel.check.label')}
            value={draft}
            onChange={setDraft}
            placeholder={t('intel.check.placeholder')}
            autoComplete="off"
            spellCheck={false}
            maxLength={2000}
            error={missing ? t('intel.check.required') : null}
            testId="check-input"
            autoFocus
          />
          <button type="submit" className="btn btn-primary" disabled={result.loading && value !== ''}>
            {result.loading && value !== '' ? t('intel.check.checking') : t('intel.check.submit')}
          </button>
        </div>
      </form>
      {value !== '' &&
        (result.error ? (
          <CheckError error={result.error} />
        ) : result.loading || !result.data ? (
          <Loading />
        ) : (
          <CheckResultView result={result.data} />
        ))}
    </div>
  );
}

function CheckError({ error }: { error: unknown }) {
  const { t } = useT();
  if (isApiError(error) && error.code === 'validation_failed') {
    const reason = error.details[0]?.message ?? error.message;
    return (
      <div className="error-box" role="alert" data-testid="check-error">
        <p>{t('intel.check.unrecognised')}</p>
        {reason && <p className="error-server">{t('error.serverSaid', { message: reason })}</p>}
      </div>
    );
  }
  return <ErrorBox error={error} testId="check-error" />;
}

function CheckResultView({ result }: { result: CheckResult }) {
  const { t } = useT();
  const labels = useIntelLabels();
  const shown = result.normalised?.value ?? result.query;
  return (
    <>
      <section
        className={`verdict verdict-${verdictTone(result.verdict)}`}
        data-testid="check-verdict"
        data-verdict={result.verdict}
        aria-live="polite"
      >
        <p className="verdict-text">{t(`intel.verdict.${result.verdict}`, { value: shown })}</p>
        {result.normalised && (
          <p className="small">
            {t('intel.check.recognisedAs', {
              type: labels.type(result.normalised.type),
              value: result.normalised.value,
            })}
          </p>
        )}
        {result.allowlisted && (
          <p className="small" data-testid="check-allowlisted">
            {t('intel.check.allowlistedBecause', { reason: result.allowlisted })}
          </p>
        )}
      </section>
      {result.matches.length > 0 && (
        <section className="check-matches">
          <h2>
            {t('intel.check.matches')} <span className="count">{result.matches.length}</span>
          </h2>
          <ul className="match-list">
            {result.matches.map((m) => (
              <MatchItem key={m.indicator.id} match={m} result={result} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function MatchItem({ match, result }: { match: CheckMatch; result: CheckResult }) {
  const { t, formatNumber, formatDateTime } = useT();
  const labels = useIntelLabels();
  const sentence = matchSentence(match, result);
  const ind = match.indicator;
  const listing = match.sources.filter((s) => s.listed);
  const former = match.sources.filter((s) => !s.listed);
  const sourceNames = (list: typeof match.sources) =>
    list.map((s, i) => (
      <span key={s.source}>
        {i > 0 && ', '}
        {s.title} <span className="mono muted">({s.source})</span>
      </span>
    ));
  return (
    <li
      className={`match match-${ind.status}`}
      data-testid="check-match"
      data-how={match.how}
      data-status={ind.status}
      title={match.explanation}
    >
      <p className="match-sentence" data-testid="check-match-sentence">
        {t(sentence.key, sentence.params)}
      </p>
      <p className="match-meta">
        <IndicatorStatusBadge status={ind.status} reason={ind.allowlistReason} />
        <span>{labels.type(ind.type)}</span>
        {ind.threatType && <span>{labels.threat(ind.threatType)}</span>}
        {ind.family && (
          <span>
            {t('intel.col.family')}: <strong>{ind.family}</strong>
          </span>
        )}
        <span>
          {t('intel.col.confidence')}: {formatNumber(ind.confidence)}
        </span>
        <span>
          {t('intel.col.lastSeen')}: {formatDateTime(ind.lastSeen)}
        </span>
      </p>
      {ind.status === 'expired' && ind.expiresAt && (
        <p className="small">{t('intel.check.expiredOn', { date: formatDateTime(ind.expiresAt) })}</p>
      )}
      {ind.status === 'allowlisted' && ind.allowlistReason && (
        <p className="small">{t('intel.allowlistReason', { reason: ind.allowlistReason })}</p>
      )}
      {listing.length > 0 && (
        <p className="small" data-testid="check-match-sources">
          {t('intel.check.sourcesListing')} {sourceNames(listing)}
        </p>
      )}
      {former.length > 0 && (
        <p className="small muted">
          {t('intel.check.sourcesFormer')} {sourceNames(former)}
        </p>
      )}
      <a className="small" href={href(indicatorsPath({ ...emptyFilters(), q: ind.value }, ind.id))}>
        {t('intel.check.openIndicator')}
      </a>
    </li>
  );
}
