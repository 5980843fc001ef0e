/**
 * Test support for the firewall, proxy and sensor parsers (not shipped: excluded from the build):
 * scoring a format against the shared third-party corpus through `test/detection/corpus-expected.ts`,
 * reading Wazuh `.ini` samples (rule-level expectations only, so they serve as "parses to an event"
 * checks), and a fast-check property that hostile input never throws.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { defaultParseContext, type LogFormatDefinition, type ParseContext } from '../../../model.js';
import {
  compareCore,
  corpusLogsDir,
  corpusSamples,
  hasCorpus,
  type CorpusSample,
  type CoreMismatch,
} from '../../../../../test/detection/corpus-expected.js';
import { excludedSamples, sampleId } from '../../../../../test/detection/corpus-exclusions.js';

export { hasCorpus };

export interface Agreement {
  samples: number;
  matched: number;
  /** samples left out of the score, with the reason */
  excluded: { file: string; reason: string }[];
  failures: { file: string; index: number; mismatches: CoreMismatch[] }[];
}

/**
 * Runs every corpus sample of `product` through `format` and compares the core fields. Samples in the
 * shared exclusion list (test/detection/corpus-exclusions.ts) are left out; `exclude` names further
 * samples that are not this format's business (another product's lines in the same folder) and why.
 */
export function corpusAgreement(
  format: LogFormatDefinition,
  product: string,
  exclude: (sample: CorpusSample) => string | undefined = () => undefined,
): Agreement {
  const result: Agreement = { samples: 0, matched: 0, excluded: [], failures: [] };
  const base = defaultParseContext();
  for (const sample of corpusSamples(product)) {
    // the samples every scorer leaves out (test/detection/corpus-exclusions.ts), then this format's own
    const reason = excludedSamples.get(sampleId(sample)) ?? exclude(sample);
    if (reason !== undefined) {
      result.excluded.push({ file: `${sample.file}#${sample.index}`, reason });
      continue;
    }
    const context: ParseContext = { ...base, utcOffsetMinutes: sample.utcOffsetMinutes ?? 0 };
    const event = format.parse(sample.line, context);
    const mismatches = compareCore(event, sample.expected);
    result.samples++;
    if (mismatches.length === 0) result.matched++;
    else result.failures.push({ file: sample.file, index: sample.index, mismatches });
  }
  return result;
}

/** One line for the test output: `fortigate on fortinet_fortigate: 70/70 (2 excluded)`. */
export function describeAgreement(
  format: LogFormatDefinition,
  product: string,
  agreement: Agreement,
): string {
  const excluded = agreement.excluded.length > 0 ? ` (${agreement.excluded.length} excluded)` : '';
  return `${format.id} on ${product}: ${agreement.matched}/${agreement.samples} samples agree on the core fields${excluded}`;
}

/** Visible notice for a skipped corpus check. */
export function warnNoCorpus(product: string): void {
  console.warn(
    `corpus folder ${path.join(corpusLogsDir, product)} is absent: corpus agreement check skipped`,
  );
}

/** The `log N pass = <line>` samples of a Wazuh ruleset test under `logs/`, or [] when absent. */
export function wazuhPassLines(relative: string): string[] {
  const file = path.join(corpusLogsDir, relative);
  if (!existsSync(file)) return [];
  const lines: string[] = [];
  for (const text of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const marker = text.indexOf(' pass = ');
    if (text.startsWith('log ') && marker > 0) lines.push(text.slice(marker + 8));
  }
  return lines;
}

/**
 * Property: random text, and valid lines with random damage (cut short, a slice removed, random text
 * spliced in), never make `parse` throw, and whatever it returns is null or an event of this format.
 */
export function assertNeverThrows(
  format: LogFormatDefinition,
  validLines: readonly string[],
  runs = 300,
): void {
  const context = defaultParseContext();
  const check = (line: string) => {
    const event = format.parse(line, context);
    if (event !== null) expect(event.format).toBe(format.id);
    expect(typeof format.detect(line)).toBe('number');
  };
  fc.assert(fc.property(fc.string({ maxLength: 400 }), check), { numRuns: runs });
  fc.assert(fc.property(fc.fullUnicodeString({ maxLength: 200 }), check), { numRuns: runs });
  const mutated = fc
    .tuple(
      fc.constantFrom(...validLines),
      fc.nat(),
      fc.nat(),
      fc.string({ maxLength: 20 }),
      fc.constantFrom('cut', 'drop', 'splice', 'dup'),
    )
    .map(([line, a, b, noise, how]) => {
      const i = a % (line.length + 1);
      const j = Math.min(line.length, i + (b % 40));
      if (how === 'cut') return line.slice(0, i);
      if (how === 'drop') return line.slice(0, i) + line.slice(j);
      if (how === 'dup') return line.slice(0, j) + line.slice(i);
      return line.slice(0, i) + noise + line.slice(i);
    });
  fc.assert(fc.property(mutated, check), { numRuns: runs * 2 });
}

/** A line of `size` characters built from `seed` repeated: the parsers must stay linear on it. */
export function hugeLine(seed: string, size = 10 * 1024 * 1024): string {
  return seed.repeat(Math.ceil(size / seed.length)).slice(0, size);
}
