// Choosing one organisation among possibly thousands: a filter box plus a select
// that lists at most MAX_OPTIONS matches, in tree order with indentation.
import { useMemo, useState } from 'react';
import { api } from '../api.js';
import { useT } from '../i18n/index.js';
import { buildForest, normalizeSearch } from '../orgTree.js';
import type { OrgSummary } from '../types.js';
import { useLoad } from '../useLoad.js';
import { SelectField, TextField } from './fields.js';

const MAX_OPTIONS = 300;

export interface OrgChoice {
  org: OrgSummary;
  depth: number;
  key: string;
}

/** The organisations the user may act on today (current ones, not history), in tree order. */
export function useOrgChoices(): { choices: OrgChoice[]; error: unknown; loading: boolean } {
  const { compare } = useT();
  const loaded = useLoad((signal) => api.organisations({}, signal), []);
  const choices = useMemo(() => {
    const items = (loaded.data?.items ?? []).filter((o) => !o.historical);
    const forest = buildForest(items, compare);
    const out: OrgChoice[] = [];
    const stack: { org: OrgSummary; depth: number }[] = [...forest.roots]
      .reverse()
      .map((org) => ({ org, depth: 0 }));
    const seen = new Set<number>();
    while (stack.length > 0) {
      const { org, depth } = stack.pop()!;
      if (seen.has(org.id)) continue;
      seen.add(org.id);
      out.push({ org, depth, key: forest.searchKey.get(org.id) ?? '' });
      const kids = forest.children.get(org.id) ?? [];
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ org: kids[i]!, depth: depth + 1 });
    }
    return out;
  }, [loaded.data, compare]);
  return { choices, error: loaded.error, loading: loaded.loading };
}

export function OrgPicker({
  choices,
  value,
  onChange,
  label,
  error,
  idPrefix,
  allowEmpty,
  emptyLabel,
}: {
  choices: OrgChoice[];
  value: number | null;
  onChange: (id: number | null) => void;
  label: string;
  error?: string | null;
  idPrefix: string;
  /** Offer an empty choice (e.g. "all organisations"). */
  allowEmpty?: boolean;
  emptyLabel?: string;
}) {
  const { t } = useT();
  const [filter, setFilter] = useState('');
  const q = normalizeSearch(filter);
  const matching = q ? choices.filter((c) => c.key.includes(q)) : choices;
  const shown = matching.slice(0, MAX_OPTIONS);
  const current = choices.find((c) => c.org.id === value);
  if (current && !shown.includes(current)) shown.unshift(current);
  const indent = (depth: number) => (q ? '' : '\u00a0\u00a0'.repeat(Math.min(depth, 8)));
  return (
    <div className="org-picker">
      {choices.length > 20 && (
        <TextField
          id={`${idPrefix}-filter`}
          label={t('admin.orgFilter')}
          type="search"
          value={filter}
          onChange={setFilter}
          placeholder={t('admin.orgFilterPlaceholder')}
          autoComplete="off"
          spellCheck={false}
          hint={
            matching.length > MAX_OPTIONS
              ? t('admin.orgMatches', { count: matching.length, shown: MAX_OPTIONS })
              : undefined
          }
        />
      )}
      <SelectField
        id={idPrefix}
        label={label}
        value={value === null ? '' : String(value)}
        onChange={(v) => onChange(v === '' ? null : Number(v))}
        placeholder={
          allowEmpty
            ? (emptyLabel ?? t('admin.orgChoose'))
            : value === null
              ? t('admin.orgChoose')
              : undefined
        }
        options={shown.map((c) => ({
          value: String(c.org.id),
          label: `${indent(c.depth)}${c.org.name} (${c.org.code})`,
        }))}
        error={error}
        required={!allowEmpty}
      />
    </div>
  );
}
