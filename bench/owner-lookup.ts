/**
 * Owner lookup benchmark: longest-prefix match of random addresses against
 * 100 000 random prefixes (half IPv4 /16–/30, half IPv6 /32–/64).
 *
 * Rows:
 * - PrefixIndex.lookup(text) vs a Map<string, …> exact hit on the same address
 *   strings: the cheapest lookup a string can get, so the ratio shows how close
 *   a full parse + trie walk comes to a hash hit;
 * - PrefixIndex.lookupParsed (address already parsed) vs the same Map;
 * - PrefixIndex.lookup vs the linear-scan reference, on a small sample (the
 *   reference needs milliseconds per lookup); results are cross-checked;
 * - building the index vs building the reference.
 */

import { makeCidr, type Cidr } from '../src/net/cidr.js';
import { formatIp, ipv4FromNumber, ipv6FromWords, parseIp, type ParsedIp } from '../src/net/ip.js';
import { LinearPrefixIndex, PrefixIndex } from '../src/net/prefix-index.js';
import type { BenchResult } from './types.js';

const PREFIX_COUNT = 100_000;
const ADDRESS_COUNT = 1_000_000;
const LINEAR_SAMPLE = 200;
const LINEAR_TIME_BUDGET_MS = 3000;

/** Seeded PRNG (mulberry32): every run measures the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Workload {
  prefixes: Cidr[];
  addresses: string[];
  parsed: ParsedIp[];
}

function makeWorkload(): Workload {
  const rnd = prng(0x6c616d73); // "lams"
  const word = () => Math.floor(rnd() * 0x100000000);
  const prefixes: Cidr[] = [];
  for (let i = 0; i < PREFIX_COUNT; i++) {
    prefixes.push(
      i % 2 === 0
        ? makeCidr(ipv4FromNumber(word()), 16 + Math.floor(rnd() * 15))
        : makeCidr(ipv6FromWords(word(), word(), word(), word()), 32 + Math.floor(rnd() * 33)),
    );
  }
  // Half the addresses fall inside a known prefix (hits), half are uniformly random
  // (mostly misses); both families equally.
  const addresses: string[] = [];
  const parsed: ParsedIp[] = [];
  for (let i = 0; i < ADDRESS_COUNT; i++) {
    let ip: ParsedIp;
    if (rnd() < 0.5) {
      const p = prefixes[Math.floor(rnd() * prefixes.length)]!;
      const n = p.network;
      const hostMask = (index: number) => {
        const keep = Math.max(0, Math.min(32, p.prefixLength - index * 32));
        return keep === 32 ? 0 : keep === 0 ? 0xffffffff : 0xffffffff >>> keep;
      };
      ip =
        n.family === 4
          ? ipv4FromNumber(n.w0 | (word() & hostMask(0)))
          : ipv6FromWords(
              n.w0 | (word() & hostMask(0)),
              n.w1 | (word() & hostMask(1)),
              n.w2 | (word() & hostMask(2)),
              n.w3 | (word() & hostMask(3)),
            );
    } else {
      ip = rnd() < 0.5 ? ipv4FromNumber(word()) : ipv6FromWords(word(), word(), word(), word());
    }
    const text = formatIp(ip);
    addresses.push(text);
    parsed.push(parseIp(text)!);
  }
  return { prefixes, addresses, parsed };
}

/**
 * Runs `pass` (which performs `ops` operations and returns a checksum) `repeats`
 * times after one warm-up pass and reports the best throughput.
 */
function measure(ops: number, repeats: number, pass: () => number): { opsPerSec: number; checksum: number } {
  let checksum = pass();
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    checksum += pass();
    best = Math.min(best, performance.now() - started);
  }
  return { opsPerSec: (ops * 1000) / Math.max(best, 1e-6), checksum };
}

function result(name: string, ours: number, refName: string, ref: number, note?: string): BenchResult {
  return {
    name,
    ours: { opsPerSec: ours },
    reference: { name: refName, opsPerSec: ref },
    ratio: ours / ref,
    note,
  };
}

export async function run(): Promise<BenchResult[]> {
  const { prefixes, addresses, parsed } = makeWorkload();
  const results: BenchResult[] = [];

  // Build.
  let index = new PrefixIndex<number>();
  const build = measure(prefixes.length, 3, () => {
    index = new PrefixIndex<number>();
    for (let i = 0; i < prefixes.length; i++) index.insert(prefixes[i]!, i);
    return index.size;
  });
  let linear = new LinearPrefixIndex<number>();
  const buildLinear = measure(prefixes.length, 1, () => {
    linear = new LinearPrefixIndex<number>();
    for (let i = 0; i < prefixes.length; i++) linear.insert(prefixes[i]!, i);
    return linear.size;
  });
  results.push(
    result(
      `PrefixIndex.insert (${PREFIX_COUNT.toLocaleString('en')} prefixes)`,
      build.opsPerSec,
      'LinearPrefixIndex.insert',
      buildLinear.opsPerSec,
      `full build ${((PREFIX_COUNT / build.opsPerSec) * 1000).toFixed(1)} ms, ${index.nodeCount.toLocaleString('en')} trie nodes`,
    ),
  );

  // Text lookups vs a hash hit on the same strings.
  const map = new Map<string, number>();
  for (let i = 0; i < addresses.length; i++) map.set(addresses[i]!, i);
  let hits = 0;
  const ours = measure(addresses.length, 3, () => {
    let sum = 0;
    hits = 0;
    for (let i = 0; i < addresses.length; i++) {
      const m = index.lookup(addresses[i]!);
      if (m !== null) {
        sum += m.value;
        hits++;
      }
    }
    return sum;
  });
  const hash = measure(addresses.length, 3, () => {
    let sum = 0;
    for (let i = 0; i < addresses.length; i++) sum += map.get(addresses[i]!) ?? 0;
    return sum;
  });
  results.push(
    result(
      `PrefixIndex.lookup(text), ${ADDRESS_COUNT.toLocaleString('en')} addresses`,
      ours.opsPerSec,
      'Map<string> exact hit',
      hash.opsPerSec,
      `${((hits / addresses.length) * 100).toFixed(1)}% of lookups matched a prefix`,
    ),
  );

  const oursParsed = measure(parsed.length, 3, () => {
    let sum = 0;
    for (let i = 0; i < parsed.length; i++) sum += index.lookupParsed(parsed[i]!)?.value ?? 0;
    return sum;
  });
  results.push(
    result(
      'PrefixIndex.lookupParsed (pre-parsed)',
      oursParsed.opsPerSec,
      'Map<string> exact hit',
      hash.opsPerSec,
      'trie walk only, no text parsing',
    ),
  );

  // Against the linear reference, on a sample, with a correctness cross-check.
  const sample = addresses.slice(0, LINEAR_SAMPLE);
  let mismatches = 0;
  for (const address of sample) {
    if (index.lookup(address)?.cidr !== linear.lookup(address)?.cidr) mismatches++;
  }
  const oursSample = measure(sample.length * 1000, 3, () => {
    let sum = 0;
    for (let r = 0; r < 1000; r++) for (const a of sample) sum += index.lookup(a)?.value ?? 0;
    return sum;
  });
  let linearDone = 0;
  const started = performance.now();
  let linearSum = 0;
  while (linearDone < sample.length && performance.now() - started < LINEAR_TIME_BUDGET_MS) {
    linearSum += linear.lookup(sample[linearDone]!)?.value ?? 0;
    linearDone++;
  }
  const linearOps = (linearDone * 1000) / (performance.now() - started);
  results.push(
    result(
      `PrefixIndex.lookup vs linear scan (${linearDone} sample addresses)`,
      oursSample.opsPerSec,
      'LinearPrefixIndex.lookup',
      linearOps,
      `${mismatches} mismatches against the reference on ${sample.length} addresses`,
    ),
  );

  // Keep the checksums observable so no loop can be optimised away.
  if (Number.isNaN(ours.checksum + hash.checksum + oursParsed.checksum + oursSample.checksum + linearSum)) {
    throw new Error('unreachable');
  }
  return results;
}
