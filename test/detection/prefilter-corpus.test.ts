/**
 * The raw-byte prefilter against real log lines: for every corpus sample of a format the prefilter
 * is trusted with (`prefilterSafe`), each value our parser reads from the line is made an
 * indicator in turn; whenever that indicator matches the parsed event, the prefilter must pass
 * the raw line. Skipped, with a warning, when the corpus is absent.
 */
import { describe, expect, it } from 'vitest';
import { detectLogFormat, instantiateLogFormat, prefilterSafe } from '../../src/detection/logs/registry.js';
import { IndicatorMatcher } from '../../src/detection/matcher.js';
import { defaultParseContext } from '../../src/detection/model.js';
import { normaliseIndicator } from '../../src/intel/normalise.js';
import { corpusProducts, corpusSamples, hasCorpus } from './corpus-expected.js';

const present = hasCorpus();
if (!present) console.warn('\n⚠ prefilter corpus check SKIPPED: ../shared/corpus/logs is absent.\n');

describe.skipIf(!present)('prefilter on the corpus', () => {
  it('never rules out a line whose own values would match', () => {
    const checked = new Map<string, number>();
    const misses: string[] = [];
    for (const product of corpusProducts()) {
      for (const sample of corpusSamples(product)) {
        const format = detectLogFormat([sample.line]).format;
        if (format === null || !prefilterSafe(format)) continue;
        const context = {
          ...defaultParseContext(),
          ...(sample.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: sample.utcOffsetMinutes } : {}),
        };
        const event = instantiateLogFormat(format).parse(sample.line, context);
        if (event === null) continue;
        const raw = Buffer.from(sample.line, 'utf8');
        const values: [string | undefined, 'domain' | 'url' | undefined][] = [
          [event.dnsQuestionName, 'domain'],
          [event.urlDomain, 'domain'],
          [event.urlOriginal, 'url'],
          [event.sourceIp, undefined],
          [event.destinationIp, undefined],
        ];
        for (const [value, hint] of values) {
          if (value === undefined) continue;
          const normal = normaliseIndicator(value, hint);
          if (!normal.ok) continue;
          const { type, value: v } = normal.indicator;
          const matcher = new IndicatorMatcher(
            [
              {
                id: 1,
                type,
                value: v,
                exactDomain: false,
                validFrom: null,
                validUntil: null,
                threatType: null,
                family: null,
                confidence: 50,
              },
            ],
            { validity: 'ignore' },
          );
          if (matcher.match(event).length === 0) continue;
          checked.set(format.id, (checked.get(format.id) ?? 0) + 1);
          if (!matcher.mightMatchBytes(raw, 0, raw.length))
            misses.push(`${format.id}: ${type} ${v} in ${sample.file}`);
        }
      }
    }
    expect(misses).toEqual([]);
    // The check must have had something to check, in DNS, proxy and firewall formats alike.
    for (const id of ['bind-query', 'squid', 'fortigate', 'cisco-asa', 'paloalto'])
      expect(checked.get(id) ?? 0).toBeGreaterThan(5);
  });
});
