/**
 * Property tests over every registered feed format: whatever a feed contains (random text, valid
 * lines of any format mixed with noise, mutated real corpus lines, binary bytes, huge lines, deeply
 * nested JSON), `line()`, `end()` and `detect()` never throw, every item carries a non-empty value
 * and a positive line, every rejection a reason, and a run emits a bounded number of results.
 * Inputs are bounded in size, so a parser that hangs shows up as the test timeout.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeedFormatDefinition, FeedParserOptions } from '../../src/intel/feeds/format.js';
import { detectFeedFormat, feedFormats } from '../../src/intel/feeds/registry.js';
import { indicatorTypes, threatTypes, type FeedItem, type FeedRejection } from '../../src/intel/model.js';
import { normaliseIndicator } from '../../src/intel/normalise.js';

/** Lines in the shapes our formats read, written for this test (not copied from any feed). */
const validLines = [
  '198.51.100.7',
  '2001:db8::1',
  '203.0.113.0/24',
  '2001:db8:4::/48',
  'bad.example.com',
  '*.wild.example.net',
  'http://evil.example/path?q=1',
  'hxxps://defanged[.]example/x',
  'd41d8cd98f00b204e9800998ecf8427e',
  'da39a3ee5e6b4b0d3255bfef95601890afd80709',
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  'AS64500',
  '# Last updated: 2024-01-02 03:04:05 UTC',
  '; comment',
  '0.0.0.0 ads.example.org',
  '127.0.0.1\tlocalhost',
  'address=/miner.example/0.0.0.0',
  'server=/miner.example/',
  '||tracker.example^',
  'evil.example CNAME .',
  '*.evil.example CNAME rpz-passthru.',
  '32.7.100.51.198.rpz-ip CNAME .',
  '$TTL 300',
  '@ SOA localhost. root.localhost. 1 3600 600 86400 60',
  '203.0.113.5 ; SBL12345',
  'AS64501 ; NL | Example Hosting',
  '203.000.113.005\t12\t3\t2024-01-01\t2024-01-02\t2024-01-02 10:00:00',
  '198.51.100.0\t198.51.100.255\t24\t77\tExample Net\tNL\tabuse@example.net',
  '64500 | EXAMPLE-AS | 198.51.100.9 | 2024-01-01 10:00:00 | sshpwauth',
  'evil.example,Domain used by examplebot,2024-01-01 10:00,http://example.net/manual.txt',
  '198.51.100.8:8443',
  'alert ip $HOME_NET any -> [198.51.100.1,203.0.113.0/24] any (msg:"ET CNC test"; sid:1;)',
  'first_seen_utc,dst_ip,dst_port,c2_status,last_online,malware',
  '"2024-01-01 10:00:00","198.51.100.9","443","online","2024-01-02","Dridex"',
  'id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter',
  '"1","2024-01-01 10:00:00","http://evil.example/a.exe","online","","malware_download","exe","https://urlhaus.example/1","me"',
  'Address,Tags',
  '198.51.100.10,"ftp,http"',
  'indicator,type,family',
  'evil.example,domain,examplebot',
  'evil.example:',
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855:ExampleBot',
  '{"ip_address":"198.51.100.9","port":443,"malware":"Dridex","first_seen":"2024-01-01 10:00:00"}',
  '{"ioc":"evil.example","ioc_type":"domain","threat_type":"botnet_cc","malware":"win.example"}',
  '[{"indicator":"198.51.100.9","type":"IPv4"}]',
  '{"type":"bundle","objects":[{"type":"indicator","pattern":"[ipv4-addr:value = \'198.51.100.9\']","pattern_type":"stix"}]}',
  '{"Event":{"info":"x","Attribute":[{"type":"ip-dst","value":"198.51.100.9","to_ids":true}]}}',
  '{"asn":64500,"rir":"ripencc","domain":"example.net","cc":"NL","asname":"EXAMPLE"}',
  '{"example_dga_0x1": ["abc.example", "def.example"]}',
  '<pre>',
  '',
  '   ',
  '\ufeff198.51.100.11',
  '198.51.100.12\r',
];

/** Characters that matter to the parsers: delimiters, quotes, comment markers, brackets. */
const syntax = [...',;|\t #!/"\'[]{}():.*@=\\-_$^%\r\u0000\ufeff'];

const line = fc.oneof(
  fc.constantFrom(...validLines),
  fc.string({ maxLength: 120 }),
  fc.string({ unit: fc.constantFrom(...syntax, 'a', '1', 'f', 'x'), maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

const optionsArb: fc.Arbitrary<FeedParserOptions> = fc.oneof(
  fc.constant({}),
  fc.record({
    name: fc.constantFrom('feed.txt', 'malware_examplebot.txt', 'ipblocklist.csv', 'x/y/z.json', ''),
  }),
  fc.constant({ defaultThreatType: 'c2', defaultFamily: 'examplebot' } satisfies FeedParserOptions),
  fc.constant({ csv: { value: 'indicator', family: 'family', type: 'type' } } satisfies FeedParserOptions),
  fc.constant({ csv: { value: 'missing column', delimiter: ';' } } satisfies FeedParserOptions),
);

/** Real corpus lines, when the shared corpus is present, to mutate. */
function corpusLines(): string[] {
  const root = path.resolve(import.meta.dirname, '../../../shared/corpus/feeds');
  if (!existsSync(root)) return [];
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (!name.endsWith('.md') && statSync(full).size < 200_000) {
        for (const l of readFileSync(full, 'utf8').split('\n').slice(0, 150)) if (l.trim()) lines.push(l);
      }
    }
  };
  walk(root);
  return lines;
}

const realLines = corpusLines();
if (realLines.length === 0)
  console.warn('feed corpus not found: mutated-corpus-line properties use only inline samples');

/** One edit of a line: replace, insert or delete a character, cut it, or double it. */
const mutation = fc.tuple(fc.nat(), fc.constantFrom(...syntax, 'a', '9', '\u00e9', '\ud83d'), fc.nat(4));
function mutate(text: string, [at, ch, kind]: [number, string, number]): string {
  const i = text.length === 0 ? 0 : at % text.length;
  switch (kind) {
    case 0:
      return text.slice(0, i) + ch + text.slice(i + 1);
    case 1:
      return text.slice(0, i) + ch + text.slice(i);
    case 2:
      return text.slice(0, i) + text.slice(i + 1);
    case 3:
      return text.slice(0, i);
    default:
      return text + text;
  }
}

const mutatedLine = fc
  .tuple(
    fc.constantFrom(...(realLines.length > 0 ? realLines : validLines)),
    fc.array(mutation, { maxLength: 4 }),
  )
  .map(([text, edits]) => edits.reduce(mutate, text));

/**
 * Engine messages that mean a parser met a shape it did not expect. (A stack overflow on absurdly
 * nested JSON is tolerated: it is caught and reported per document, which is all one can ask.)
 */
const engineError =
  /Cannot read propert|is not a function|is not iterable|Cannot convert|undefined is not|of undefined|of null/;

interface Run {
  items: FeedItem[];
  rejections: FeedRejection[];
}

const knownTypes = new Set<string>(indicatorTypes);
const knownThreats = new Set<string>(threatTypes);

/** What the model promises about the optional fields of an item. */
function checkOptionalFields(id: string, item: FeedItem): void {
  if (item.type !== undefined) expect(knownTypes.has(item.type), `${id} type ${item.type}`).toBe(true);
  if (item.threatType !== undefined)
    expect(knownThreats.has(item.threatType), `${id} threat ${item.threatType}`).toBe(true);
  if (item.confidence !== undefined) {
    expect(item.confidence >= 0 && item.confidence <= 100, `${id} confidence ${item.confidence}`).toBe(true);
  }
  for (const key of ['firstSeen', 'lastSeen', 'expiresAt'] as const) {
    const time = item[key];
    if (time !== undefined)
      expect(Number.isNaN(Date.parse(time)), `${id} ${key} "${time}" is not a time`).toBe(false);
  }
  if (item.port !== undefined) {
    expect(Number.isInteger(item.port) && item.port > 0 && item.port < 65536, `${id} port ${item.port}`).toBe(
      true,
    );
  }
  if (item.tags !== undefined)
    expect(
      item.tags.every((t) => typeof t === 'string'),
      `${id} tags`,
    ).toBe(true);
}

/** Feeds the lines through a fresh parser and checks the output contract. */
function run(format: FeedFormatDefinition, lines: string[], options: FeedParserOptions = {}): Run {
  const out: Run = { items: [], rejections: [] };
  const sink = {
    item: (i: FeedItem) => out.items.push(i),
    reject: (r: FeedRejection) => out.rejections.push(r),
  };
  const parser = format.create(options);
  lines.forEach((text, i) => parser.line(text, i + 1, sink));
  parser.end(sink);
  const chars = lines.reduce((n, l) => n + l.length, 0);
  for (const item of out.items) {
    expect(typeof item.value, `${format.id} item value`).toBe('string');
    expect(item.value.trim().length, `${format.id} emitted an empty value`).toBeGreaterThan(0);
    expect(Number.isInteger(item.line) && item.line >= 1, `${format.id} item line ${item.line}`).toBe(true);
    checkOptionalFields(format.id, item);
    normaliseIndicator(item.value, item.type, { exactDomain: item.exactDomain === true });
  }
  for (const r of out.rejections) {
    expect(
      typeof r.reason === 'string' && r.reason.trim().length > 0,
      `${format.id} rejection without a reason`,
    ).toBe(true);
    expect(Number.isInteger(r.line) && r.line >= 1, `${format.id} rejection line ${r.line}`).toBe(true);
    expect(r.text.length, `${format.id} rejection text not truncated`).toBeLessThanOrEqual(201);
    // A JavaScript error leaking into a reason is a parser bug caught by a safety net, not an answer.
    expect(r.reason, `${format.id} leaked an internal error`).not.toMatch(engineError);
  }
  // Every result stands for some of the input: a parser cannot produce more than it was given.
  expect(out.items.length + out.rejections.length).toBeLessThanOrEqual(chars + lines.length + 2);
  return out;
}

function detects(format: FeedFormatDefinition, lines: string[], name?: string): void {
  const score = format.detect({ lines, ...(name === undefined ? {} : { name }) });
  expect(Number.isFinite(score) && score >= 0 && score <= 1, `${format.id} detect() returned ${score}`).toBe(
    true,
  );
}

/**
 * A fixed seed keeps CI reproducible; FUZZ_SEED and FUZZ_SCALE (a run multiplier) let a developer
 * explore further, e.g. `FUZZ_SEED=$RANDOM FUZZ_SCALE=20 npx vitest run test/intel/fuzz.test.ts`.
 */
const seed = Number(process.env.FUZZ_SEED ?? 20_251_122);
const scale = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1));
const settings = (numRuns: number) => ({ numRuns: Math.round(numRuns * scale), seed });

describe.each(feedFormats.map((format) => ({ id: format.id, format })))(
  '$id under arbitrary input',
  ({ format }) => {
    it('survives random lines and detects them without throwing', () => {
      fc.assert(
        fc.property(
          fc.array(line, { maxLength: 25 }),
          optionsArb,
          fc.option(fc.string()),
          (lines, options, name) => {
            run(format, lines, options);
            detects(format, lines, name ?? undefined);
          },
        ),
        settings(300),
      );
    });

    it('survives valid lines of every format mixed with noise', () => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fc.constantFrom(...validLines), line), { maxLength: 40 }),
          optionsArb,
          (lines, options) => {
            run(format, lines, options);
          },
        ),
        settings(150),
      );
    });

    it('survives mutated real feed lines', () => {
      fc.assert(
        fc.property(fc.array(mutatedLine, { minLength: 1, maxLength: 30 }), (lines) => {
          run(format, lines, { name: 'feed.txt' });
          detects(format, lines);
        }),
        settings(120),
      );
    });

    it('survives binary bytes read as latin1 or UTF-8', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 3000 }), fc.boolean(), (bytes, latin1) => {
          const text = Buffer.from(bytes).toString(latin1 ? 'latin1' : 'utf8');
          const lines = text.split('\n');
          run(format, lines);
          detects(format, lines);
        }),
        settings(80),
      );
    });

    it('survives huge lines, including near-limit lines built to stress regular expressions', () => {
      const shapes = [
        'x',
        '1.',
        'a-',
        'a.',
        '::',
        '0',
        ' ',
        ',',
        '"',
        '[',
        '{"a":',
        '#',
        'http://',
        '%2',
        '\\',
      ];
      fc.assert(
        fc.property(
          fc.constantFrom(...shapes),
          fc.constantFrom(16_000, 16_383, 16_385, 300_000, 3_000_000),
          fc.constantFrom('', '!', '198.51.100.1', '.com'),
          (shape, size, tail) => {
            const big = shape.repeat(Math.ceil(size / shape.length)).slice(0, size) + tail;
            run(format, ['198.51.100.1', big, 'evil.example']);
            detects(format, [big]);
          },
        ),
        settings(20),
      );
    });

    it('survives deeply nested and oddly shaped JSON', () => {
      const key = fc.constantFrom(
        'type',
        'value',
        'pattern',
        'objects',
        'Event',
        'Attribute',
        'Object',
        'indicator',
        'indicators',
        'ioc',
        'ioc_type',
        'ip_address',
        'url',
        'domain',
        'ip',
        'malware',
        'tags',
        'Tag',
        'details',
        'data',
        'pulse_info',
        'first_seen',
        'asn',
        'Indicator',
      );
      const leaf = fc.oneof(
        fc.constantFrom(...validLines),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
      );
      const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
        tree: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          leaf,
          fc.array(tie('tree'), { maxLength: 4 }),
          fc.dictionary(key, tie('tree'), { maxKeys: 5 }),
        ),
      }));
      fc.assert(
        fc.property(tree, fc.integer({ min: 1, max: 20_000 }), fc.boolean(), (value, depth, pretty) => {
          const text = JSON.stringify(value) ?? 'null';
          run(format, pretty ? JSON.stringify(value, null, 2).split('\n') : [text]);
          const nested = `${'{"objects":['.repeat(depth)}1${']}'.repeat(depth)}`;
          run(format, [nested]);
          run(format, [`${'['.repeat(depth)}${']'.repeat(depth)}`]);
          run(format, [`${'['.repeat(depth)}`]);
        }),
        settings(25),
      );
    });
  },
);

describe('format detection over arbitrary samples', () => {
  it('never throws and never names a format it does not know', () => {
    const known = new Set(feedFormats.map((f) => f.id));
    fc.assert(
      fc.property(
        fc.array(fc.oneof(line, mutatedLine), { maxLength: 30 }),
        fc.option(fc.string()),
        (lines, name) => {
          const detection = detectFeedFormat({ lines, ...(name === null ? {} : { name }) });
          if (detection.ok) expect(known.has(detection.format.id)).toBe(true);
          else expect(detection.reason.length).toBeGreaterThan(0);
        },
      ),
      settings(300),
    );
  });
});
