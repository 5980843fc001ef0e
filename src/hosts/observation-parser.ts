/**
 * The port through which the importer reads report files. The report parsers (Shadowserver, Team
 * Cymru CAP, Microsoft CTIP, Spamhaus CERT, CZ.NIC, generic CSV) live in `src/hosts/reports/` and
 * are wired in the composition root; until they are, imports of files answer 503.
 */
import { AppError } from '../server/errors.js';
import type { ObservationParseResult } from './observation-model.js';

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

export const noObservationParser: ObservationParser = {
  parse() {
    throw new AppError(503, 'parsers_unavailable', 'this build has no infected-host report parsers');
  },
  formats: [],
};
