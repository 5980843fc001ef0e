/**
 * Seeded data of the scan benchmark: indicators (domains, addresses, networks) and generated BIND
 * query and FortiGate traffic logs with about 0.1% of lines hitting an indicator.
 */
import { createWriteStream, statSync } from 'node:fs';
import type { MatcherIndicator } from '../src/detection/matcher.js';

export const HIT_RATE = 0.001;

/** Seeded PRNG (mulberry32): every run measures the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tlds = ['com', 'net', 'org', 'xyz', 'top', 'ru', 'info', 'vn', 'com.vn', 'online'];
const words = ['mail', 'cdn', 'update', 'secure', 'login', 'api', 'static', 'portal', 'dl', 'app'];

export function indicatorDomain(i: number): string {
  return `${(i * 2654435761).toString(36).slice(-6)}${i.toString(36)}.${tlds[i % tlds.length]}`;
}

/**
 * Template literals build ropes, but database drivers and parsers hand over flat strings: reading
 * a character makes V8 flatten the rope here, in generation, which the benchmark takes off.
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** Public-looking IPv4 of indicator i (never 10/8, the internal side of the logs). */
export function indicatorAddress(i: number): number {
  return ((Math.imul(i + 1, 2654435761) >>> 0) % 0xd0000000) + 0x0b000000;
}

export function ipText(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

/** `count` domains and `count` addresses (every 10th a /24–/28 network), built lazily. */
export function* indicators(count: number): Generator<MatcherIndicator> {
  // Object literals, not `{ ...base }`: Node 20 spends microseconds on each spread.
  const from = '2024-01-01T00:00:00.000Z';
  for (let i = 0; i < count; i++) {
    const value = flat(indicatorDomain(i));
    yield {
      id: i + 1,
      type: 'domain',
      value,
      exactDomain: false,
      validFrom: from,
      validUntil: null,
      threatType: 'c2',
      family: `family${i % 40}`,
      confidence: 75,
      sources: [`feed${i % 5}`],
    };
  }
  for (let i = 0; i < count; i++) {
    const a = indicatorAddress(i);
    if (i % 10 === 9) {
      const length = 24 + (i % 5);
      const value = flat(`${ipText((a & (-1 << (32 - length))) >>> 0)}/${length}`);
      yield {
        id: count + i + 1,
        type: 'cidr4',
        value,
        exactDomain: false,
        validFrom: from,
        validUntil: null,
        threatType: 'scanner',
        family: null,
        confidence: 75,
        sources: ['feed9'],
      };
    } else {
      const value = flat(ipText(a));
      yield {
        id: count + i + 1,
        type: 'ipv4',
        value,
        exactDomain: false,
        validFrom: from,
        validUntil: null,
        threatType: 'c2',
        family: `family${i % 40}`,
        confidence: 75,
        sources: ['feed8'],
      };
    }
  }
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Writes `lines` lines made by `line(i)` in large chunks; returns the file's size. */
export async function writeLog(file: string, lines: number, line: (i: number) => string): Promise<number> {
  const out = createWriteStream(file);
  let chunk: string[] = [];
  for (let i = 0; i < lines; i++) {
    chunk.push(line(i));
    if (chunk.length === 10_000) {
      if (!out.write(`${chunk.join('\n')}\n`))
        await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = [];
    }
  }
  if (chunk.length > 0) out.write(`${chunk.join('\n')}\n`);
  await new Promise<void>((resolve) => out.end(resolve));
  return statSync(file).size;
}

export function bindLine(rnd: () => number, i: number, count: number): string {
  const t = 1_763_769_600 + Math.floor(i / 50); // 50 queries a second
  const d = new Date(t * 1000);
  const time = `${pad(d.getUTCDate())}-${months[d.getUTCMonth()]}-${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(i % 1000, 3)}`;
  const client = `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${(i % 250) + 1}`;
  const hit = rnd() < HIT_RATE;
  const name = hit
    ? `${words[i % words.length]}.${indicatorDomain(Math.floor(rnd() * count))}`
    : `${words[i % words.length]}.site${Math.floor(rnd() * 50_000)}.example.${tlds[i % tlds.length]}`;
  const type = i % 3 === 0 ? 'AAAA' : 'A';
  return `${time} queries: info: client @0x7f62b80115d0 ${client}#${1024 + (i % 60000)} (${name}): query: ${name} IN ${type} +E(0)K (10.0.0.53)`;
}

export function fortiLine(rnd: () => number, i: number, count: number): string {
  const t = 1_763_769_600 + Math.floor(i / 200);
  const d = new Date(t * 1000);
  const hit = rnd() < HIT_RATE;
  const dst = hit
    ? ipText(indicatorAddress(Math.floor(rnd() * count)))
    : `${20 + (i % 150)}.${(i >>> 8) & 255}.${Math.floor(rnd() * 256)}.${i & 255}`;
  const src = `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${(i % 250) + 1}`;
  const action = i % 7 === 0 ? 'deny' : 'accept';
  return `date=${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} time=${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} devname="FGT-HN-01" devid="FG100E4Q17000000" eventtime=${t}000000000 tz="+0700" logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=${src} srcport=${1024 + (i % 60000)} srcintf="port1" srcintfrole="lan" dstip=${dst} dstport=${i % 5 === 0 ? 80 : 443} dstintf="wan1" dstintfrole="wan" sessionid=${100000 + i} proto=6 action="${action}" policyid=${1 + (i % 20)} policytype="policy" service="HTTPS" trandisp="snat" duration=${i % 300} sentbyte=${i % 9000} rcvdbyte=${i % 70000} sentpkt=${i % 90} rcvdpkt=${i % 80} appcat="unscanned"`;
}
