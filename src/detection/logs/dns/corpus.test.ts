/**
 * Each DNS format against the third-party corpus (`../shared/corpus/logs`): every sample with an
 * expected output must agree on the core fields (see test/detection/corpus-expected.ts). Skipped,
 * with a warning, when the corpus is absent.
 */
import { describe, expect, it } from 'vitest';
import {
  compareCore,
  corpusSamples,
  hasCorpus,
  type CoreMismatch,
} from '../../../../test/detection/corpus-expected.js';
import { excludedSamples, sampleId } from '../../../../test/detection/corpus-exclusions.js';
import type { LogFormatDefinition } from '../../model.js';
import { dnsLogFormats } from './index.js';

interface Target {
  product: string;
  format: string;
  /** only the samples whose file matches (a product folder may hold other formats) */
  files?: RegExp;
}

const targets: Target[] = [
  { product: 'bind', format: 'bind-query' },
  { product: 'infoblox_nios', format: 'infoblox' },
  { product: 'unbound', format: 'unbound' },
  { product: 'pfsense', format: 'unbound', files: /unbound/ },
  { product: 'microsoft_dnsserver', format: 'windows-dns-etw' },
  { product: 'technitium_dns', format: 'technitium' },
  { product: 'adguardhome_dns', format: 'adguardhome' },
  { product: 'cisco_umbrella_dns', format: 'cisco-umbrella' },
];

function formatById(id: string): LogFormatDefinition {
  const format = dnsLogFormats.find((f) => f.id === id);
  if (!format) throw new Error(`no format ${id}`);
  return format;
}

describe.each(targets)('corpus: $product → $format', ({ product, format, files }) => {
  const available = hasCorpus(product);
  if (!available) console.warn(`corpus for ${product} not found: skipping its agreement check`);

  it.skipIf(!available)('agrees with every expected sample on the core fields', () => {
    const parser = formatById(format);
    const disagreements: string[] = [];
    let samples = 0;
    for (const sample of corpusSamples(product)) {
      if (files && !files.test(sample.file)) continue;
      // disagreements on purpose, with their reasons: test/detection/corpus-exclusions.ts
      if (excludedSamples.has(sampleId(sample))) continue;
      samples++;
      const context = { utcOffsetMinutes: sample.utcOffsetMinutes ?? 0, year: 2024 };
      const event = parser.parse(sample.line, context);
      const mismatches: CoreMismatch[] = compareCore(event, sample.expected);
      if (mismatches.length === 0) continue;
      disagreements.push(`${sampleId(sample)}: ${JSON.stringify(mismatches)}`);
    }
    expect(samples).toBeGreaterThan(0);
    expect(disagreements).toEqual([]);
  });

  it.skipIf(!available)('detects its own samples', () => {
    const parser = formatById(format);
    for (const sample of corpusSamples(product)) {
      if (files && !files.test(sample.file)) continue;
      if (parser.parse(sample.line, { utcOffsetMinutes: 0, year: 2024 })?.dnsQuestionName === undefined)
        continue;
      expect(parser.detect(sample.line), sample.line).toBeGreaterThan(0);
    }
  });
});
