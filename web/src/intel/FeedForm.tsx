// Add or edit a feed source: every FeedSourceInput field, checked before sending; an edit
// sends only what changed.
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { api, fieldErrors, isApiError } from '../api.js';
import { ErrorBox } from '../components/common.js';
import { CheckboxField, SelectField, TextField } from '../components/fields.js';
import { useT } from '../i18n/index.js';
import { THREAT_TYPES } from '../types.js';
import type { FeedFormat, FeedSourceView } from '../types.js';
import {
  CSV_FIELDS,
  FEED_FIELDS,
  emptyFeedForm,
  feedFormFromView,
  feedPatch,
  feedUpdateBody,
  readFeedForm,
} from './feedForm.js';
import type { CsvField, FeedField, FeedFormErrors, FeedFormState } from './feedForm.js';
import { useIntelLabels } from './shared.js';

export function FeedForm({
  feed,
  formats,
  onCancel,
  onSaved,
}: {
  /** the source being edited; absent when adding one */
  feed?: FeedSourceView;
  formats: FeedFormat[];
  onCancel: () => void;
  onSaved: (feed: FeedSourceView, created: boolean) => void;
}) {
  const { t } = useT();
  const labels = useIntelLabels();
  const [state, setState] = useState<FeedFormState>(() => (feed ? feedFormFromView(feed) : emptyFeedForm()));
  const [clientErrors, setClientErrors] = useState<FeedFormErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const fe = fieldErrors(error, FEED_FIELDS);
  const duplicate = isApiError(error) && error.code === 'duplicate';
  const err = (f: FeedField): string | undefined => {
    const c = clientErrors[f];
    if (c) return t(c.key, c.params);
    if (f === 'name' && duplicate) return t('intel.feed.error.nameTaken');
    return fe.byField[f];
  };
  const set = <K extends keyof FeedFormState>(key: K, value: FeedFormState[K]) =>
    setState((s) => ({ ...s, [key]: value }));
  const setCsv = (key: CsvField, value: string) =>
    setState((s) => ({ ...s, csv: { ...s.csv, [key]: value } }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const read = readFeedForm(state, feed);
    if (!read.ok) {
      setClientErrors(read.errors);
      return;
    }
    setClientErrors({});
    setBusy(true);
    try {
      if (feed) {
        // The whole source is sent when anything changed: the server fills fields a PATCH
        // leaves out with their defaults, so sending only the changes would reset the rest.
        const changed = Object.keys(feedPatch(feed, read.input)).length > 0;
        onSaved(changed ? await api.updateFeed(feed.name, feedUpdateBody(read.input)) : feed, false);
      } else {
        onSaved(await api.createFeed(read.input), true);
      }
    } catch (x) {
      setError(x);
      setBusy(false);
    }
  };

  const formatOptions = formats.map((f) => ({ value: f.id, label: `${f.title} (${f.id})` }));
  if (state.format && !formats.some((f) => f.id === state.format)) {
    formatOptions.push({ value: state.format, label: state.format });
  }

  return (
    <form
      className="card form"
      onSubmit={submit}
      noValidate
      aria-labelledby={titleId}
      data-testid="feed-form"
    >
      <h2 id={titleId} ref={headingRef} tabIndex={-1}>
        {feed ? t('intel.feed.editTitle', { name: feed.name }) : t('intel.feed.addTitle')}
      </h2>
      <div className="form-grid">
        <TextField
          id="feed-name"
          label={t('intel.feed.name')}
          value={state.name}
          onChange={(v) => set('name', v)}
          required
          disabled={feed !== undefined}
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          hint={feed ? undefined : t('intel.feed.nameHint')}
          error={err('name')}
          testId="feed-name"
        />
        <TextField
          id="feed-title"
          label={t('intel.feed.title')}
          value={state.title}
          onChange={(v) => set('title', v)}
          required
          maxLength={200}
          error={err('title')}
          testId="feed-title"
        />
      </div>
      <TextField
        id="feed-location"
        label={t('intel.feed.location')}
        value={state.location}
        onChange={(v) => set('location', v)}
        placeholder="https://…"
        autoComplete="off"
        spellCheck={false}
        maxLength={2000}
        hint={t('intel.feed.locationHint')}
        error={err('location')}
        testId="feed-location"
      />
      <div className="form-grid">
        <SelectField
          id="feed-format"
          label={t('intel.feed.format')}
          value={state.format}
          onChange={(v) => set('format', v)}
          placeholder={t('intel.feed.formatAuto')}
          options={formatOptions}
          error={err('format')}
          testId="feed-format"
        />
        <TextField
          id="feed-schedule"
          label={t('intel.feed.scheduleMinutes')}
          value={state.scheduleMinutes}
          onChange={(v) => set('scheduleMinutes', v)}
          inputMode="numeric"
          autoComplete="off"
          hint={t('intel.feed.scheduleHint')}
          error={err('scheduleMinutes')}
          testId="feed-schedule"
        />
      </div>

      {state.format === 'csv' && (
        <fieldset className="fieldset" data-testid="feed-csv">
          <legend>{t('intel.feed.csv')}</legend>
          <p className="field-hint">{t('intel.feed.csvHint')}</p>
          {err('csv') && (
            <p className="field-error" role="alert">
              {err('csv')}
            </p>
          )}
          <div className="form-grid">
            {CSV_FIELDS.map((f) => (
              <TextField
                key={f}
                id={`feed-csv-${f}`}
                label={t(`intel.feed.csv.${f}`)}
                value={state.csv[f]}
                onChange={(v) => setCsv(f, v)}
                required={f === 'value'}
                autoComplete="off"
                spellCheck={false}
                maxLength={f === 'delimiter' ? 2 : 100}
                hint={f === 'delimiter' ? t('intel.feed.csv.delimiterHint') : undefined}
                testId={`feed-csv-${f}`}
              />
            ))}
          </div>
        </fieldset>
      )}

      <div className="form-grid">
        <SelectField
          id="feed-default-threat"
          label={t('intel.feed.defaultThreatType')}
          value={state.defaultThreatType}
          onChange={(v) => set('defaultThreatType', v)}
          placeholder={t('intel.feed.noDefault')}
          options={THREAT_TYPES.map((v) => ({ value: v, label: labels.threat(v) }))}
          error={err('defaultThreatType')}
          testId="feed-default-threat"
        />
        <TextField
          id="feed-default-family"
          label={t('intel.feed.defaultFamily')}
          value={state.defaultFamily}
          onChange={(v) => set('defaultFamily', v)}
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          error={err('defaultFamily')}
          testId="feed-default-family"
        />
        <TextField
          id="feed-default-confidence"
          label={t('intel.feed.defaultConfidence')}
          value={state.defaultConfidence}
          onChange={(v) => set('defaultConfidence', v)}
          inputMode="numeric"
          autoComplete="off"
          required
          error={err('defaultConfidence')}
          testId="feed-default-confidence"
        />
        <TextField
          id="feed-expiry-days"
          label={t('intel.feed.expiryDays')}
          value={state.expiryDays}
          onChange={(v) => set('expiryDays', v)}
          inputMode="numeric"
          autoComplete="off"
          required
          hint={t('intel.feed.expiryHint')}
          error={err('expiryDays')}
          testId="feed-expiry-days"
        />
        <TextField
          id="feed-max-megabytes"
          label={t('intel.feed.maxMegabytes')}
          value={state.maxMegabytes}
          onChange={(v) => set('maxMegabytes', v)}
          inputMode="decimal"
          autoComplete="off"
          required
          error={err('maxBytes')}
          testId="feed-max-megabytes"
        />
      </div>
      <CheckboxField
        id="feed-enabled"
        label={t('intel.feed.enabled')}
        checked={state.enabled}
        onChange={(v) => set('enabled', v)}
        testId="feed-enabled"
      />
      <ErrorBox error={duplicate ? null : error} details={fe.other} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="feed-save">
          {busy ? t('common.saving') : feed ? t('common.save') : t('intel.feeds.add')}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
