/**
 * Infected-host report parsing: one entry point for every report format we read. The format is the
 * one asked for, else the one a column mapping implies (generic CSV), else detected from the content
 * and file name. A bad row is a rejection with its line number; only a file we cannot place (or
 * could place several ways) is an error, thrown as `ReportFormatError`.
 */
import type { ObservationParseResult } from '../observation-model.js';
import { anubisFormat } from './anubis.js';
import { ctipFormat } from './ctip.js';
import { cymruFormat } from './cymru.js';
import { splitLines } from './csv.js';
import { haasFormat, prokiFormat } from './cznic.js';
import { ReportFormatError, type ReportFormat, type ReportInput } from './format.js';
import { genericCsvFormat, mappableFields, mappingSettings } from './generic-csv.js';
import { ponmocupFormat } from './ponmocup.js';
import { shadowserverFormat } from './shadowserver.js';
import { spamhausCertFormat } from './spamhaus.js';

export { ReportFormatError };

const formats: readonly ReportFormat[] = [
  shadowserverFormat,
  cymruFormat,
  ctipFormat,
  spamhausCertFormat,
  haasFormat,
  prokiFormat,
  anubisFormat,
  ponmocupFormat,
  genericCsvFormat,
];

export const observationFormats: { id: string; label: string }[] = formats.map(({ id, label }) => ({
  id,
  label,
}));

/**
 * The keys a generic-CSV mapping may use: our fields (value: the report's header name; `ip` and
 * `time` required) and two settings (`timeZone` like `+07:00`, `delimiter`).
 */
export const observationMappingKeys: { fields: readonly string[]; settings: readonly string[] } = {
  fields: mappableFields,
  settings: mappingSettings,
};

function supported(): string {
  return formats.map((f) => f.id).join(', ');
}

export interface ObservationReportInput {
  fileName: string;
  text: string;
  /** a format id, or `shadowserver:<report type>`; absent: detect */
  format?: string;
  /** generic CSV: our field → the report's header name */
  mapping?: Record<string, string>;
}

function choose(input: ReportInput): ReportFormat {
  if (input.lines.every((l) => l.trim() === '')) {
    throw new ReportFormatError(`the file ${JSON.stringify(input.fileName)} is empty`);
  }
  let best: ReportFormat[] = [];
  let bestConfidence = 0;
  for (const format of formats) {
    let confidence = 0;
    try {
      confidence = format.detect(input);
    } catch {
      confidence = 0; // a detector that trips over odd input simply does not claim it
    }
    if (confidence > bestConfidence) {
      best = [format];
      bestConfidence = confidence;
    } else if (confidence === bestConfidence && confidence > 0) {
      best.push(format);
    }
  }
  if (best.length === 1) return best[0]!;
  if (best.length > 1) {
    throw new ReportFormatError(
      `${JSON.stringify(input.fileName)} could be read as several report formats (${best.map((f) => f.id).join(', ')}); choose one`,
    );
  }
  throw new ReportFormatError(
    `${JSON.stringify(input.fileName)} is not a report format we recognise; supported formats: ${supported()} (generic-csv needs a column mapping)`,
  );
}

export function parseObservationReport(input: ObservationReportInput): ObservationParseResult {
  const report: ReportInput = {
    fileName: input.fileName,
    text: input.text,
    lines: splitLines(input.text),
    ...(input.mapping ? { mapping: input.mapping } : {}),
  };
  if (input.format !== undefined && input.format.trim() !== '') {
    const requested = input.format.trim().toLowerCase();
    const colon = requested.indexOf(':');
    const id = colon === -1 ? requested : requested.slice(0, colon);
    const variant = colon === -1 ? undefined : requested.slice(colon + 1);
    const format = formats.find((f) => f.id === id);
    if (!format) {
      throw new ReportFormatError(
        `unknown report format ${JSON.stringify(input.format)}; supported formats: ${supported()}`,
      );
    }
    return run(format, report, variant);
  }
  if (input.mapping && Object.keys(input.mapping).length > 0) return run(genericCsvFormat, report);
  return run(choose(report), report);
}

function run(format: ReportFormat, report: ReportInput, variant?: string): ObservationParseResult {
  if (variant !== undefined && format.id !== 'shadowserver') {
    throw new ReportFormatError(
      `the ${format.id} format has no variants (asked for ${JSON.stringify(variant)})`,
    );
  }
  return format.parse(report, variant);
}
