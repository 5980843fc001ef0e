// The create-list form as text fields, and its conversion to the API body. Pure, so it is tested
// without a browser.
import { formatSpecs, type ListFormat } from '../../../src/distribution/model.js';
import type { IndicatorType } from '../../../src/intel/model.js';
import type { ListDraft } from './api.js';

export interface DraftForm {
  name: string;
  title: string;
  format: ListFormat;
  types: IndicatorType[];
  families: string;
  minConfidence: string;
  maxAgeDays: string;
  tag: string;
  maxEntries: string;
  split: boolean;
}

export const emptyDraft: DraftForm = {
  name: '',
  title: '',
  format: 'fortigate-ip',
  types: [],
  families: '',
  minConfidence: '',
  maxAgeDays: '',
  tag: '',
  maxEntries: '',
  split: false,
};

const integerOrNull = (text: string): number | null => (text.trim() === '' ? null : Number(text.trim()));

/** Ticked types the format cannot carry are dropped when the format changes. */
export function withFormat(form: DraftForm, format: ListFormat): DraftForm {
  return { ...form, format, types: form.types.filter((t) => formatSpecs[format].types.includes(t)) };
}

export function toDraft(form: DraftForm, organisationId: number): ListDraft {
  return {
    organisationId,
    name: form.name.trim(),
    title: form.title.trim() || form.name.trim(),
    format: form.format,
    filters: {
      types: form.types.length ? form.types : null,
      families: form.families
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
      minConfidence: integerOrNull(form.minConfidence) ?? 0,
      maxAgeDays: integerOrNull(form.maxAgeDays),
      tag: form.tag.trim() || null,
    },
    maxEntries: integerOrNull(form.maxEntries),
    split: form.split,
  };
}

/** The device URL: the issued path when the token is known, else the template with a placeholder. */
export function deviceUrl(origin: string, path: string, placeholder: string): string {
  return `${origin}${path.replace('{token}', placeholder)}`;
}
