/** Request shapes of campaigns (zod), shared by the routes and the services. */
import { z } from 'zod';
import { isoDate } from '../server/zod-app.js';

export const letterInput = z.object({
  number: z.string().trim().min(1).max(100),
  date: isoDate,
  issuer: z.string().trim().min(1).max(300),
  subject: z.string().trim().max(1000).default(''),
});
export type LetterInput = z.infer<typeof letterInput>;

export const campaignInput = z.object({
  code: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
      'a campaign code has 1–64 letters, digits, dot, underscore or hyphen',
    ),
  title: z.string().trim().min(1).max(300),
  description: z.string().trim().max(5000).default(''),
  rootOrganisationId: z.number().int().positive(),
  indicatorTag: z.string().trim().min(1).max(100).nullable().default(null),
  templateCode: z.string().trim().min(1).max(64),
  startsOn: isoDate,
  endsOn: isoDate,
  nationalDeadline: isoDate,
  letters: z.array(letterInput).max(20).default([]),
});
export type CampaignInput = z.infer<typeof campaignInput>;

export const forwardInput = z.object({
  /** the forwarding organisation; defaults to the caller's own */
  organisationId: z.number().int().positive().optional(),
  /** a subset of its children; all current children when left out */
  childIds: z.array(z.number().int().positive()).max(10_000).optional(),
  deadline: isoDate,
  note: z.string().trim().max(5000).default(''),
});
export type ForwardInput = z.infer<typeof forwardInput>;

export const fileInput = z.object({
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine((v) => !/[\\/\0]/.test(v), 'a file name may not contain slashes'),
  mediaType: z.string().trim().max(200).default('application/octet-stream'),
  contentBase64: z.string().min(1),
});
export type FileInput = z.infer<typeof fileInput>;
