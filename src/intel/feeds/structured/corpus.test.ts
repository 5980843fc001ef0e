/**
 * Runs the structured formats over the shared third-party corpus (read in place, never copied) and
 * checks counts and values, against IntelMQ's expected events where the corpus has them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeedFormatDefinition } from '../format.js';
import { feodoCsvFormat, sslblCsvFormat, urlhausCsvFormat } from './abusech-csv.js';
import { feodoJsonFormat, threatfoxJsonFormat } from './abusech-json.js';
import { genericCsvFormat } from './generic-csv.js';
import { structuredFormats } from './index.js';
import { mispManifestEventIds, mispManifestFormat } from './misp-manifest.js';
import { mispEventFormat } from './misp.js';
import { otxFormat } from './otx.js';
import { openphishCommercialFormat, phishtankFormat } from './phishing.js';
import { stix2Format } from './stix2.js';
import { corpusRoot, run } from './test-support/run.js';
import { bluelivFormat, esetFormat, githubIocFormat } from './vendor-json.js';

const root = corpusRoot();
if (root === undefined) console.warn('shared corpus not found beside the repository; corpus tests skipped');
const feeds = (file: string): string => path.join(root ?? '', 'feeds', file);
const read = (file: string): string => readFileSync(feeds(file), 'utf8');
const parse = (format: FeedFormatDefinition, file: string) => run(format, read(file));
/** The structured format that detects the file most confidently. */
const detectBest = (file: string): string => {
  const sample = { name: path.basename(file), lines: read(file).split('\n').slice(0, 200) };
  return structuredFormats.map((f) => ({ id: f.id, s: f.detect(sample) })).sort((a, b) => b.s - a.s)[0]!.id;
};

/** IntelMQ expected events of a test module, as flat dicts. */
function expectedEvents(file: string): Record<string, unknown>[] {
  const doc = JSON.parse(read(file)) as { variables: Record<string, unknown> };
  return Object.values(doc.variables)
    .flatMap((v): unknown[] => (Array.isArray(v) ? (v as unknown[]) : [v]))
    .filter(
      (e): e is Record<string, unknown> =>
        typeof e === 'object' && e !== null && (e as { __type?: string }).__type === 'Event',
    );
}

describe.skipIf(root === undefined)('structured formats on the shared corpus', () => {
  it('abusech_feodotracker/ipblocklist.csv', () => {
    const { items, rejections } = parse(feodoCsvFormat, 'abusech_feodotracker/ipblocklist.csv');
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(28);
    expect(items[0]).toMatchObject({
      line: 10,
      value: '192.9.135.73',
      port: 1194,
      family: 'Pikabot',
      threatType: 'c2',
      firstSeen: '2023-05-23T17:51:44Z',
      lastSeen: '2024-04-01T00:00:00Z',
    });
    expect(items[27]).toMatchObject({ value: '172.233.221.61', port: 5938 });
    expect(detectBest('abusech_feodotracker/ipblocklist.csv')).toBe('feodo-csv');
  });

  it('abusech_feodotracker/intelmq feodo JSON matches IntelMQ', () => {
    const { items, rejections } = parse(
      feodoJsonFormat,
      'abusech_feodotracker/intelmq/test_parser_feodotracker.INPUT.json',
    );
    expect(rejections).toEqual([]);
    const expected = expectedEvents('abusech_feodotracker/intelmq/test_parser_feodotracker.expected.json');
    expect(items).toHaveLength(expected.length);
    // IntelMQ falls back to last_online for its single time when first_seen is missing; we keep both apart.
    expect(
      items.map((i) => [i.value, i.port, i.family?.toLowerCase(), i.firstSeen ?? i.lastSeen ?? null]),
    ).toEqual(
      expected.map((e) => [
        e['source.ip'],
        e['source.port'],
        e['malware.name'],
        typeof e['time.source'] === 'string' ? e['time.source'].replace('+00:00', 'Z') : null,
      ]),
    );
    expect(detectBest('abusech_feodotracker/intelmq/test_parser_feodotracker.INPUT.json')).toBe('feodo-json');
  });

  it('abusech_urlhaus/urlhaus_recent_sample.csv', () => {
    const { items, rejections } = parse(urlhausCsvFormat, 'abusech_urlhaus/urlhaus_recent_sample.csv');
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(150);
    expect(items[0]).toMatchObject({
      value: 'http://117.216.19.13:42598/i',
      threatType: 'malware-distribution',
      family: 'Mozi',
      firstSeen: '2022-09-13T07:28:08Z',
    });
    expect(items.every((i) => i.type === 'url' && i.threatType === 'malware-distribution')).toBe(true);
    expect(detectBest('abusech_urlhaus/urlhaus_recent_sample.csv')).toBe('urlhaus-csv');
  });

  it('abusech_threatfox NDJSON', () => {
    const { items, rejections } = parse(
      threatfoxJsonFormat,
      'abusech_threatfox/elastic-ti_abusech-threatfox-api-sample.ndjson',
    );
    expect(rejections).toEqual([]);
    expect(items.map((i) => [i.line, i.value, i.port, i.type, i.family, i.confidence])).toEqual([
      [1, '2a02:cf40:1::5', 40669, 'ipv6', 'RedLine Stealer', 100],
      [2, 'http://malaikahlowry33.top', undefined, 'url', 'Hydra', 80],
      [3, '81.2.69.142', 80, 'ipv4', 'RedLine Stealer', 100],
      [4, '81.2.69.142', 8808, 'ipv4', 'AsyncRAT', 75],
      [5, '81.2.69.142', 38241, 'ipv4', 'Mirai', 75],
    ]);
    expect(items.every((i) => i.threatType === 'c2')).toBe(true);
    expect(detectBest('abusech_threatfox/elastic-ti_abusech-threatfox-api-sample.ndjson')).toBe(
      'threatfox-json',
    );
  });

  it('abusech_sslbl/sslipblacklist.csv (2015 layout with reasons)', () => {
    const { items, rejections } = parse(sslblCsvFormat, 'abusech_sslbl/sslipblacklist.csv');
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(83);
    expect(items[0]).toMatchObject({
      value: '104.130.17.100',
      port: 443,
      family: 'URLzone',
      threatType: 'c2',
    });
    expect(detectBest('abusech_sslbl/sslipblacklist.csv')).toBe('sslbl-csv');
  });

  it.each([
    ['apt1.json', 10, 2, '223.166.0.0/15'],
    ['poisonivy.json', 65, 2, '219.76.208.163'],
    ['indicator-for-c2-ip-address.json', 1, 0, '10.0.0.0'],
    ['indicator-to-campaign-relationship.json', 1, 0, '10.0.0.0'],
    ['indicators-for-C2-with-COA.json', 2, 0, '10.0.0.0'],
    ['infrastructure.json', 0, 1, undefined],
    ['malicious-email-indicator-with-attachment.json', 0, 2, undefined],
  ])('stix2/oasis-examples/%s → %i items, %i rejections', (file, count, rejected, first) => {
    const { items, rejections } = parse(stix2Format, `stix2/oasis-examples/${file}`);
    expect(items).toHaveLength(count);
    expect(rejections).toHaveLength(rejected);
    expect(items[0]?.value).toBe(first);
    expect(detectBest(`stix2/oasis-examples/${file}`)).toBe('stix2');
  });

  it('stix2 family comes from indicates → malware', () => {
    const { items } = parse(stix2Format, 'stix2/oasis-examples/indicators-for-C2-with-COA.json');
    expect(items.map((i) => [i.type, i.family])).toEqual([
      ['ipv4', 'Poison Ivy'],
      ['sha256', 'Poison Ivy'],
    ]);
  });

  it('misp/intelmq event and attribute match IntelMQ', () => {
    const [expected] = expectedEvents('misp/intelmq/test_parser.expected.json');
    const event = parse(mispEventFormat, 'misp/intelmq/misp_event.json');
    expect(event.items).toHaveLength(1);
    expect(event.items[0]).toMatchObject({
      value: expected!['source.url'],
      firstSeen: String(expected!['time.source']).replace('+00:00', 'Z'),
      family: 'Locky',
      threatType: 'ransomware',
    });
    const attribute = parse(mispEventFormat, 'misp/intelmq/misp_attribute.json');
    expect(attribute.items.map((i) => i.value)).toEqual([expected!['source.url']]);
    expect(detectBest('misp/intelmq/misp_event.json')).toBe('misp-event');
  });

  it('misp_feed events and manifest', () => {
    const digitalside = parse(
      mispEventFormat,
      'misp_feed/digitalside/5ecea68b-9bc0-493b-9c23-7555c0a80102.json',
    );
    expect(digitalside.rejections).toEqual([]);
    expect(digitalside.items).toHaveLength(35);
    expect(digitalside.items.filter((i) => i.type === 'url')).toHaveLength(16);
    expect(digitalside.items[0]).toMatchObject({
      value: '1cd71d3bb891df0b251249da0cdcf7e1',
      type: 'md5',
      firstSeen: '2020-05-27T17:42:35Z',
    });
    const pymisp = parse(mispEventFormat, 'misp_feed/pymisp-tests/57c4445b-c548-4654-af0b-4be3950d210f.json');
    expect(pymisp.items.map((i) => i.type)).toEqual(['md5', 'sha1', 'sha256']);
    expect(pymisp.items[0]!.threatType).toBe('ransomware');
    const manifestText = read('misp_feed/digitalside/manifest.json');
    expect(mispManifestEventIds(manifestText)).toEqual([
      '5e9decf1-3e24-4143-9fb2-0b81c0a80102',
      '5ead46c7-4ecc-4edf-b865-1a19c0a80102',
      '5ecea68b-9bc0-493b-9c23-7555c0a80102',
    ]);
    const manifest = parse(mispManifestFormat, 'misp_feed/digitalside/manifest.json');
    expect(manifest.items).toEqual([]);
    expect(manifest.rejections[0]!.reason).toMatch(/listing 3 event\(s\)/);
    expect(detectBest('misp_feed/digitalside/manifest.json')).toBe('misp-manifest');
    expect(detectBest('misp_feed/digitalside/5ecea68b-9bc0-493b-9c23-7555c0a80102.json')).toBe('misp-event');
  });

  it('misp_feed/pymisp-tests/valid_fieldnames.csv through the generic CSV guesser', () => {
    const { items } = parse(genericCsvFormat, 'misp_feed/pymisp-tests/valid_fieldnames.csv');
    expect(items.map((i) => i.value)).toEqual([
      '385e31c97e3a07bbb81513f0cd0979e64e6b014943902efd002f57b21eadd41e',
      '5f815b8a8e77731c9ca2b3a07a27f880ef24d54e458d77bdabbbaf2269fe96c3',
      'b434bccf0a5ff75b27184e661df751466aef69f35fbd7b8b8692302b8b886262',
    ]);
  });

  it('alienvault_otx pulses', () => {
    const { items, rejections } = parse(otxFormat, 'alienvault_otx/intelmq/test_parser_otx.data');
    expect(items).toHaveLength(92);
    expect(rejections.map((r) => r.reason.split(' (')[0])).toEqual([
      'OTX indicator type "email" is not supported',
      'OTX indicator type "CVE" is not supported',
      'OTX URI indicator is a path without a host; it cannot be matched',
    ]);
    const expected = expectedEvents('alienvault_otx/intelmq/test_parser_otx.expected.json');
    const values = new Set(items.map((i) => i.value));
    for (const e of expected) {
      const value = e['source.url'] ?? e['source.ip'] ?? e['malware.hash.sha256'];
      if (typeof value === 'string') expect(values.has(value), value).toBe(true);
    }
    expect(items.find((i) => i.value === '134.119.36.135')).toMatchObject({
      type: 'ipv4',
      firstSeen: '2017-06-15T05:13:02Z',
      tags: ['tlp:white'],
    });
    expect(detectBest('alienvault_otx/intelmq/test_parser_otx.data')).toBe('otx');
  });

  it('blueliv_crimeserver matches IntelMQ classifications', () => {
    const { items } = parse(bluelivFormat, 'blueliv_crimeserver/intelmq/test_parser_crimeserver.data');
    expect(items.map((i) => [i.value, i.threatType, i.lastSeen])).toEqual([
      [
        'http://amirosterweil.weebly.com/uploads/2/3/2/5/23258576/corporate_elearning.pdf',
        'malware-distribution',
        '2015-12-09T04:43:29Z',
      ],
      ['http://mondeos-italo.com/store/apple/', 'phishing', '2015-12-13T13:53:55Z'],
      ['10.0.0.1', 'tor', '2015-12-13T17:26:23Z'],
    ]);
    expect(detectBest('blueliv_crimeserver/intelmq/test_parser_crimeserver.data')).toBe('blueliv');
  });

  it.each(['eset/intelmq/test_parser.RAW_REPORT.json', 'eset/intelmq/test_parser.NXDOMAIN_RAW.json'])(
    '%s',
    (file) => {
      const { items, rejections } = parse(esetFormat, file);
      expect(rejections).toEqual([]);
      expect(items).toEqual([
        {
          line: 1,
          value: 'example.com',
          type: 'domain',
          threatType: 'malware-distribution',
          confidence: 30,
          firstSeen: '2018-12-31T23:00:00Z',
          lastSeen: '2020-06-20T09:00:00Z',
          expiresAt: '2020-07-01T00:00:00Z',
          description: 'Host actively distributes high-severity threat in the form of executable code.',
        },
      ]);
      expect(detectBest(file)).toBe('eset');
    },
  );

  it('phishtank JSON matches IntelMQ', () => {
    const { items } = parse(phishtankFormat, 'phishtank/intelmq/test_parser.INPUT.json');
    const expected = expectedEvents('phishtank/intelmq/test_parser.expected.json');
    expect(items.map((i) => [i.value, i.firstSeen])).toEqual(
      expected.map((e) => [e['source.url'], String(e['time.source']).replace('+00:00', 'Z')]),
    );
    expect(detectBest('phishtank/intelmq/test_parser.INPUT.json')).toBe('phishtank');
  });

  it('github_strangereal_intel', () => {
    const { items } = parse(
      githubIocFormat,
      'github_strangereal_intel/intelmq/example_ioc_strangereal_intel.json',
    );
    expect(items.map((i) => [i.value, i.type ?? null, i.threatType])).toEqual([
      ['A7A849895CFB3C24A599ABA4CA4BE666D149E60765F7801C47C18D9D8035E826', 'sha256', 'malware'],
      ['35dc4564216d51e64e40bc0eef932d2e', 'md5', 'malware'],
      ['hack.mds.dom', null, 'malware'],
      ['10.0.0.1', 'ipv4', 'c2'],
      ['https://10.2.2.1/malicious.docm', 'url', 'malware'],
    ]);
    expect(detectBest('github_strangereal_intel/intelmq/example_ioc_strangereal_intel.json')).toBe(
      'github-ioc',
    );
  });

  it('openphish commercial matches IntelMQ', () => {
    const { items } = parse(openphishCommercialFormat, 'openphish/intelmq/test_parser_commercial.INPUT.csv');
    const expected = expectedEvents('openphish/intelmq/test_parser_commercial.expected.json');
    expect(items.map((i) => [i.value, i.firstSeen])).toEqual(
      expected.map((e) => [e['source.url'], String(e['time.source']).replace('+00:00', 'Z')]),
    );
    expect(detectBest('openphish/intelmq/test_parser_commercial.INPUT.csv')).toBe('openphish-commercial');
  });
});
