/**
 * The port through which the importer reads report files, and its one implementation over the
 * report parsers of `src/hosts/reports/` (Shadowserver, Team Cymru CAP, Microsoft CTIP, Spamhaus
 * CERT, CZ.NIC, generic CSV). The importer turns a file no parser can place into a 400 that says why.
 */
import type { ObservationParseResult } from './observation-model.js';
import { observationFormats, parseObservationReport } from './reports/index.js';

export interface ObservationReportInput {
  fileName: string;
  text: string;
  format?: string;
  mapping?: Record<string, string>;
}

export interface ObservationParser {
  parse(input: ObservationReportInput): ObservationParseResult;
  formats: readonly { id: string; label: string }[];
}

export const reportParsers: ObservationParser = {
  parse: parseObservationReport,
  formats: observationFormats,
};
