/** The internal contract every report format implements; `index.ts` picks one and runs it. */
import type { ObservationParseResult } from '../observation-model.js';

export interface ReportInput {
  fileName: string;
  text: string;
  /** the text split into lines, byte-order mark dropped */
  lines: string[];
  mapping?: Record<string, string>;
}

/** How sure a format is that it reads an input: 0 not at all, 1 the name hints at it, 2 the content is unmistakable. */
export type Confidence = 0 | 1 | 2;

export interface ReportFormat {
  id: string;
  label: string;
  detect(input: ReportInput): Confidence;
  /** `variant` is what follows `<id>:` in a requested format (a Shadowserver report type). */
  parse(input: ReportInput, variant?: string): ObservationParseResult;
}

/** The first non-blank line, trimmed. */
export function firstLine(lines: readonly string[]): string {
  for (const line of lines) if (line.trim() !== '') return line.trim();
  return '';
}

/** The file's base name, lower-case. */
export function baseName(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? '').toLowerCase();
}

/** Refuses a whole file: unknown or ambiguous format, unusable mapping. Anything else thrown is a bug. */
export class ReportFormatError extends Error {
  override name = 'ReportFormatError';
}
