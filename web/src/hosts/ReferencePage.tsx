// What the public self-check tells visitors, edited by national administrators: current software
// versions, malware family information and the recommended free tools.
import { useState } from 'react';
import { ErrorBox, Loading, Notice } from '../components/common.js';
import { TextField } from '../components/fields.js';
import { useT } from '../i18n/index.js';
import { useLoad } from '../useLoad.js';
import { notifyApi, type VersionRow } from './api.js';
import type { FamilyInfo, ToolInfo } from './types.js';

export function ReferencePage() {
  const { t } = useT();
  const ref = useLoad((signal) => notifyApi.reference(signal), []);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    setSaved(false);
    try {
      await work();
      setSaved(true);
      ref.reload();
    } catch (e) {
      setError(e);
    }
  };
  if (ref.error) return <ErrorBox error={ref.error} />;
  if (!ref.data) return <Loading />;
  return (
    <div className="page">
      <h1>{t('reference.title')}</h1>
      <p className="muted">{t('reference.intro')}</p>
      <ErrorBox error={error} />
      {saved && <Notice kind="success">{t('reference.saved')}</Notice>}
      <section className="card">
        <h2>{t('reference.versions')}</h2>
        <table className="table table-compact" data-testid="reference-versions">
          <thead>
            <tr>
              <th>{t('reference.product')}</th>
              <th>{t('reference.current')}</th>
              <th>{t('reference.minimum')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {ref.data.versions.map((v) => (
              <VersionEditor
                key={v.product}
                row={v}
                onSave={(row) => void run(() => notifyApi.saveVersion(row))}
              />
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>{t('reference.families')}</h2>
        {ref.data.families.map((f) => (
          <FamilyEditor
            key={f.family}
            family={f}
            onSave={(next) => void run(() => notifyApi.saveFamily(next))}
          />
        ))}
      </section>
      <section className="card">
        <h2>{t('reference.tools')}</h2>
        <ToolsEditor tools={ref.data.tools} onSave={(items) => void run(() => notifyApi.saveTools(items))} />
      </section>
    </div>
  );
}

function VersionEditor({ row, onSave }: { row: VersionRow; onSave: (row: VersionRow) => void }) {
  const { t } = useT();
  const [current, setCurrent] = useState(row.currentVersion);
  const [minimum, setMinimum] = useState(row.minimumVersion);
  return (
    <tr>
      <td>{row.label}</td>
      <td>
        <TextField label={t('reference.current')} value={current} onChange={setCurrent} maxLength={20} />
      </td>
      <td>
        <TextField label={t('reference.minimum')} value={minimum} onChange={setMinimum} maxLength={20} />
      </td>
      <td>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => onSave({ ...row, currentVersion: current.trim(), minimumVersion: minimum.trim() })}
        >
          {t('reference.save')}
        </button>
      </td>
    </tr>
  );
}

function FamilyEditor({ family, onSave }: { family: FamilyInfo; onSave: (f: FamilyInfo) => void }) {
  const { t } = useT();
  const [draft, setDraft] = useState(family);
  const field = (key: keyof Omit<FamilyInfo, 'family'>, label: string) => (
    <TextField
      label={label}
      value={draft[key]}
      onChange={(v) => setDraft({ ...draft, [key]: v })}
      maxLength={5000}
    />
  );
  return (
    <details className="family-editor">
      <summary>
        {family.name} <span className="mono muted">({family.family})</span>
      </summary>
      {field('name', t('reference.familyName'))}
      {field('descriptionVi', t('reference.descriptionVi'))}
      {field('descriptionEn', t('reference.descriptionEn'))}
      {field('cleanupVi', t('reference.cleanupVi'))}
      {field('cleanupEn', t('reference.cleanupEn'))}
      <button type="button" className="btn btn-small" onClick={() => onSave(draft)}>
        {t('reference.save')}
      </button>
    </details>
  );
}

function ToolsEditor({
  tools,
  onSave,
}: {
  tools: ToolInfo[];
  onSave: (items: Omit<ToolInfo, 'id'>[]) => void;
}) {
  const { t } = useT();
  const [items, setItems] = useState<Omit<ToolInfo, 'id'>[]>(tools.map(({ id: _id, ...rest }) => rest));
  const update = (i: number, patch: Partial<Omit<ToolInfo, 'id'>>) =>
    setItems(items.map((item, j) => (j === i ? { ...item, ...patch } : item)));
  return (
    <>
      {items.map((item, i) => (
        <div key={i} className="form-grid">
          <TextField
            label={t('reference.toolName')}
            value={item.name}
            onChange={(v) => update(i, { name: v })}
          />
          <TextField label="URL" value={item.url} onChange={(v) => update(i, { url: v })} type="url" />
          <TextField
            label={t('reference.descriptionVi')}
            value={item.descriptionVi}
            onChange={(v) => update(i, { descriptionVi: v })}
          />
          <TextField
            label={t('reference.descriptionEn')}
            value={item.descriptionEn}
            onChange={(v) => update(i, { descriptionEn: v })}
          />
          <button
            type="button"
            className="btn btn-small btn-danger-outline"
            onClick={() => setItems(items.filter((_, j) => j !== i))}
          >
            {t('reference.removeTool')}
          </button>
        </div>
      ))}
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-small"
          onClick={() =>
            setItems([...items, { name: '', url: 'https://', descriptionVi: '', descriptionEn: '' }])
          }
        >
          {t('reference.addTool')}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => onSave(items)}>
          {t('reference.saveTools')}
        </button>
      </div>
    </>
  );
}
