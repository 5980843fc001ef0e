/**
 * One blocklist rendering in its own process, so its peak RSS is its own: generates `count`
 * entries page by page (as the database source delivers them), renders FORMAT to FILE and prints
 * one JSON line with the time, bytes and peak RSS.
 *
 *   npx tsx bench/blocklists-child.ts fortigate-ip 1000000 /tmp/out.txt
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { IndicatorType } from '../src/intel/model.js';
import {
  noFilters,
  type EntrySource,
  type ListEntry,
  type ListFormat,
  type RenderContext,
} from '../src/distribution/model.js';
import { render } from '../src/distribution/render/index.js';

const [format = 'fortigate-ip', countText = '1000000', file = '/dev/null'] = process.argv.slice(2);
const count = Number(countText);
const PAGE = 5000;
const tlds = ['com', 'net', 'org', 'xyz', 'top', 'ru', 'info', 'vn'];

/** Entry i: mostly IPv4 addresses, some networks, IPv6 and domains, in priority order. */
function entry(i: number): ListEntry {
  const kind = i % 10;
  const a = ((Math.imul(i + 1, 2654435761) >>> 0) % 0xd0000000) + 0x0b000000;
  const ip = `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
  const [type, value]: [IndicatorType, string] =
    kind < 6
      ? ['ipv4', ip]
      : kind === 6
        ? ['cidr4', `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.0/24`]
        : kind === 7
          ? [
              'ipv6',
              `2a0e:${(a >>> 16).toString(16)}:${(a & 0xffff).toString(16)}::${(i & 0xffff).toString(16)}`,
            ]
          : [
              'domain',
              `${(i * 2654435761).toString(36).slice(-6)}${i.toString(36)}.${tlds[i % tlds.length]}`,
            ];
  return {
    id: i + 1,
    type,
    value,
    exactDomain: false,
    threatType: 'c2',
    family: 'emotet',
    confidence: 100 - Math.floor((i / count) * 100),
    firstSeen: '2026-01-02T03:04:05.000Z',
    lastSeen: '2026-02-03T04:05:06.000Z',
    expiresAt: '2026-03-04T05:06:07.000Z',
    tagsJson: '[]',
  };
}

const source: EntrySource = async function* (types) {
  for (let start = 0; start < count; start += PAGE) {
    const page: ListEntry[] = [];
    for (let i = start; i < Math.min(count, start + PAGE); i++) {
      const e = entry(i);
      if (!types || types.includes(e.type)) page.push(e);
    }
    yield page;
  }
};

const ctx: RenderContext = {
  name: 'bench',
  title: 'benchmark',
  format: format as ListFormat,
  filters: noFilters,
  summary: { matched: count, included: count, limit: null, part: 1, parts: 1, cut: null },
  generatedAt: new Date().toISOString(),
  serial: 1,
  producer: 'lamsach',
  stats: { written: 0, ownNetwork: 0 },
};

const started = performance.now();
let bytes = 0;
async function* counted() {
  for await (const chunk of render(ctx, source)) {
    bytes += Buffer.byteLength(chunk);
    yield chunk;
  }
}
await pipeline(Readable.from(counted()), createWriteStream(file));
const ms = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ format, entries: ctx.stats.written, ms, bytes, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
