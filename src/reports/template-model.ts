/**
 * The contract between report templates, stored reports, the roll-up and the document renderers.
 * A template is data (a versioned form schema); a report's content is keyed by the template's field ids.
 * Pure types and schemas only: no I/O.
 */
import { z } from 'zod';

/** Where a pre-filled figure comes from. */
export const figureSources = [
  'campaign.received', // organisations in the subtree that received the campaign (forwarding records)
  'campaign.deployed', // organisations in the subtree that marked it deployed
  'hosts.found', // infected hosts found (host records)
  'hosts.cleaned',
  'hosts.verified',
  'endpoints.checked', // computers checked (endpoint results, when they exist)
] as const;
export type FigureSource = (typeof figureSources)[number];

export const localisedText = z.object({ vi: z.string().min(1), en: z.string().min(1) });
export type LocalisedText = z.infer<typeof localisedText>;

export const templateField = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('figure'),
    id: z.string().regex(/^[a-z][a-z0-9_]*$/),
    label: localisedText,
    /** pre-filled from this source when the report is created; null = typed in */
    source: z.enum(figureSources).nullable(),
    /** how a parent combines its children's values */
    rollup: z.enum(['sum', 'none']),
    required: z.boolean(),
  }),
  z.object({
    kind: z.literal('text'),
    id: z.string().regex(/^[a-z][a-z0-9_]*$/),
    label: localisedText,
    multiline: z.boolean(),
    required: z.boolean(),
  }),
]);
export type TemplateField = z.infer<typeof templateField>;

export const reportTemplate = z.object({
  code: z.string().regex(/^[A-Z0-9-]+$/),
  version: z.number().int().positive(),
  title: localisedText,
  /** the letter whose annex this template reproduces */
  basis: z.string(),
  level: z.enum(['national', 'provincial', 'unit']),
  fields: z.array(templateField).min(1),
});
export type ReportTemplate = z.infer<typeof reportTemplate>;

export interface FigureValue {
  value: number | null;
  /** the value the system computed when the report was pre-filled (null = not pre-filled) */
  prefilled: number | null;
  source: FigureSource | null;
  /** required when value differs from prefilled; kept in the report history */
  correctionReason: string | null;
  note: string;
}

/** What a report holds, keyed by template field id. */
export interface ReportContent {
  figures: Record<string, FigureValue>;
  texts: Record<string, string>;
}

/** Everything the official document (Decree 30/2020/NĐ-CP "BÁO CÁO") needs; built by the report service. */
export interface ReportDocument {
  language: 'vi' | 'en';
  issuer: { name: string; parentName: string | null; abbreviation: string };
  /** "Số: 12/BC-STTTT": number may be blank for a draft ("Số:    /BC-…") */
  number: string | null;
  place: string;
  /** YYYY-MM-DD */
  date: string;
  title: string;
  subject: string;
  recipients: string[];
  template: ReportTemplate;
  content: ReportContent;
  /** a parent's report: one row per child with its figures */
  children: { name: string; figures: Record<string, number | null> }[];
  distribution: string[];
  signer: { position: string; name: string };
}
