// Import a file into a feed source (for sites without Internet access): the file is read
// in the browser as text and sent as JSON; files over 50 MB are refused before reading.
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { api, isApiError } from '../api.js';
import { ErrorBox } from '../components/common.js';
import { CheckboxField, SelectField } from '../components/fields.js';
import { useT } from '../i18n/index.js';
import type { FeedFormat, FeedImportBody, FeedRunReport, FeedSourceView } from '../types.js';
import { formatBytes, uploadTooLarge } from './labels.js';

function readAsText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsText(file);
  });
}

export function FeedUpload({
  feed,
  formats,
  onCancel,
  onDone,
  onFailed,
}: {
  feed: FeedSourceView;
  formats: FeedFormat[];
  onCancel: () => void;
  /** the run's report and a way to run the same import again with confirmShrink */
  onDone: (report: FeedRunReport, retry: () => Promise<FeedRunReport>) => void;
  /** the import was refused or failed (the server may have recorded a failed run) */
  onFailed: () => void;
}) {
  const { t, formatNumber } = useT();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState('');
  const [confirmShrink, setConfirmShrink] = useState(false);
  const [phase, setPhase] = useState<'idle' | 'reading' | 'sending'>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const titleId = useId();
  const fileId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const tooLarge = (f: File) =>
    t('intel.upload.tooLarge', { name: f.name, size: formatBytes(f.size, formatNumber) });

  const choose = (f: File | null) => {
    setFile(f);
    setError(null);
    setProblem(f && uploadTooLarge(f.size) ? tooLarge(f) : null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!file) {
      setProblem(t('intel.upload.required'));
      return;
    }
    if (uploadTooLarge(file.size)) {
      setProblem(tooLarge(file));
      return;
    }
    setProblem(null);
    setPhase('reading');
    let content: string;
    try {
      content = await readAsText(file);
    } catch {
      setProblem(t('intel.upload.readFailed', { name: file.name }));
      setPhase('idle');
      return;
    }
    if (content.trim() === '') {
      setProblem(t('intel.upload.empty', { name: file.name }));
      setPhase('idle');
      return;
    }
    setPhase('sending');
    const body: FeedImportBody = {
      content,
      fileName: file.name.slice(0, 200),
      ...(format ? { format } : {}),
      confirmShrink,
    };
    try {
      const report = await api.importFeed(feed.name, body);
      onDone(report, () => api.importFeed(feed.name, { ...body, confirmShrink: true }));
    } catch (x) {
      if (isApiError(x) && x.status === 413) setProblem(t('intel.upload.serverTooLarge'));
      else setError(x);
      setPhase('idle');
      onFailed();
    }
  };

  const busy = phase !== 'idle';
  const describedBy = problem ? `${fileId}-problem` : `${fileId}-hint`;
  return (
    <form
      className="card form"
      onSubmit={submit}
      noValidate
      aria-labelledby={titleId}
      data-testid="feed-upload-form"
    >
      <h2 id={titleId} ref={headingRef} tabIndex={-1}>
        {t('intel.upload.title', { name: feed.name })}
      </h2>
      <div className="field">
        <span className="field-label">
          <label htmlFor={fileId}>{t('intel.upload.file')}</label>
        </span>
        <input
          id={fileId}
          type="file"
          className="file-input"
          onChange={(e) => choose(e.target.files?.[0] ?? null)}
          disabled={busy}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy}
          data-testid="feed-upload-file"
        />
        <p id={`${fileId}-hint`} className="field-hint">
          {file ? `${file.name} · ${formatBytes(file.size, formatNumber)} · ` : ''}
          {t('intel.upload.fileHint')}
        </p>
        {problem && (
          <p id={`${fileId}-problem`} className="field-error" role="alert" data-testid="feed-upload-problem">
            {problem}
          </p>
        )}
      </div>
      <SelectField
        id="feed-upload-format"
        label={t('intel.upload.format')}
        value={format}
        onChange={setFormat}
        placeholder={`${t('intel.upload.formatSource')} (${feed.format ?? t('intel.feed.formatAuto')})`}
        options={formats.map((f) => ({ value: f.id, label: `${f.title} (${f.id})` }))}
        disabled={busy}
        testId="feed-upload-format"
      />
      <CheckboxField
        id="feed-upload-confirm"
        label={t('intel.upload.confirmShrink')}
        checked={confirmShrink}
        onChange={setConfirmShrink}
        disabled={busy}
        testId="feed-upload-confirm"
      />
      <ErrorBox error={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="feed-upload-submit">
          {phase === 'reading'
            ? t('intel.upload.reading')
            : phase === 'sending'
              ? t('intel.upload.sending')
              : t('intel.upload.submit')}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
