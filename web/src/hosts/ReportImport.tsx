// National administrators upload infected-host reports; each import lists its counts and rejected lines.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorBox, Notice } from '../components/common.js';
import { SelectField, TextField } from '../components/fields.js';
import { useT } from '../i18n/index.js';
import { useLoad } from '../useLoad.js';
import { importApi, type ImportReport } from './api.js';

export function ReportImport({ onImported }: { onImported: () => void }) {
  const { t, formatNumber, formatDateTime } = useT();
  const formats = useLoad((signal) => importApi.formats(signal), []);
  const runs = useLoad((signal) => importApi.imports(signal), []);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState('');
  const [mapping, setMapping] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [report, setReport] = useState<ImportReport | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const content = await file.text();
      setReport(
        await importApi.importReport({
          fileName: file.name,
          content,
          ...(format ? { format } : {}),
          ...(mapping.trim() ? { mapping: mapping.trim() } : {}),
        }),
      );
      runs.reload();
      onImported();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card">
      <h2>{t('import.title')}</h2>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span className="field-label">{t('import.file')}</span>
          <input
            type="file"
            data-testid="report-file"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
        <SelectField
          label={t('import.format')}
          value={format}
          onChange={setFormat}
          placeholder={t('import.detect')}
          options={(formats.data?.items ?? []).map((f) => ({ value: f.id, label: f.label }))}
        />
        <TextField
          label={t('import.mapping')}
          value={mapping}
          onChange={setMapping}
          placeholder="src=ip,seen=time"
        />
        <button type="submit" className="btn btn-primary" disabled={!file || busy}>
          {busy ? t('import.importing') : t('import.submit')}
        </button>
      </form>
      <ErrorBox error={error} />
      {report && (
        <Notice kind="success">
          <span data-testid="import-report">
            {t('import.done', {
              inserted: formatNumber(report.inserted),
              duplicates: formatNumber(report.duplicates),
              assigned: formatNumber(report.assigned),
              unassigned: formatNumber(report.unassigned),
              rejected: formatNumber(report.rejected),
            })}
          </span>
          {report.rejections.length > 0 && (
            <ul>
              {report.rejections.slice(0, 20).map((r) => (
                <li key={`${r.line}-${r.reason}`}>{t('import.line', { line: r.line, reason: r.reason })}</li>
              ))}
            </ul>
          )}
        </Notice>
      )}
      {runs.data && runs.data.items.length > 0 && (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>{t('hosts.col.time')}</th>
              <th>{t('import.file')}</th>
              <th>{t('import.format')}</th>
              <th>{t('import.stored')}</th>
              <th>{t('nav.unassigned')}</th>
              <th>{t('import.rejected')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.items.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{formatDateTime(r.startedAt)}</td>
                <td>{r.fileName}</td>
                <td className="small">{r.reportType}</td>
                <td>{formatNumber(r.inserted)}</td>
                <td>{formatNumber(r.unassigned)}</td>
                <td>{formatNumber(r.rejected)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
