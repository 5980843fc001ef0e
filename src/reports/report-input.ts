/** Request shapes of reports (zod), shared by the routes and the service. */
import { z } from 'zod';

export const documentParticulars = z.object({
  /** "Số: 12/BC-STTTT": the number part, blank until the document is registered */
  number: z.string().trim().max(50).nullable(),
  /** the symbol after the number, e.g. "BC-STTTT" */
  abbreviation: z.string().trim().max(50),
  place: z.string().trim().max(100),
  recipients: z.array(z.string().trim().min(1).max(300)).max(20),
  distribution: z.array(z.string().trim().min(1).max(300)).max(20),
  signerPosition: z.string().trim().max(200),
  signerName: z.string().trim().max(200),
});
export type DocumentParticulars = z.infer<typeof documentParticulars>;

export const reportCreateInput = z.object({
  campaignId: z.number().int().positive(),
  /** the reporting organisation; defaults to the caller's own */
  organisationId: z.number().int().positive().optional(),
});

export const reportUpdateInput = z.object({
  /** the revision the edit was made on: a stale edit is refused instead of overwriting */
  revision: z.number().int().min(0),
  figures: z
    .record(
      z.string().max(64),
      z.object({
        value: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
        note: z.string().max(2000).optional(),
        correctionReason: z.string().max(2000).nullable().optional(),
      }),
    )
    .optional(),
  texts: z.record(z.string().max(64), z.string().max(20_000)).optional(),
  document: documentParticulars.partial().optional(),
});
export type ReportUpdateInput = z.infer<typeof reportUpdateInput>;

export const reviewInput = z.object({
  decision: z.enum(['accept', 'return']),
  comment: z.string().trim().max(5000).default(''),
});
export type ReviewInput = z.infer<typeof reviewInput>;
