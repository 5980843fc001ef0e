/**
 * Splits a byte stream into text lines (UTF-8, `\n` or `\r\n`), counting bytes and stopping with a
 * clear error past a size limit. Gzip input (by magic bytes) is decompressed on the way.
 */
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';

export class FeedTooLargeError extends Error {
  constructor(limit: number) {
    super(
      `the feed is larger than the limit of ${limit.toLocaleString('en')} bytes; raise max_bytes for this source if that is expected`,
    );
  }
}

export interface LineStream {
  lines: AsyncIterable<string>;
  /** bytes read so far (compressed size for gzip input) */
  bytes: () => number;
}

async function* gunzipIfNeeded(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const head = first.value;
  const rest: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({ next: () => iterator.next() }),
  };
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const source = Readable.from(
      (async function* () {
        yield head;
        yield* rest;
      })(),
    );
    yield* source.pipe(createGunzip()) as AsyncIterable<Uint8Array>;
    return;
  }
  yield head;
  yield* rest;
}

export function linesOf(chunks: AsyncIterable<Uint8Array>, maxBytes = Number.POSITIVE_INFINITY): LineStream {
  let bytes = 0;
  const counted = (async function* () {
    for await (const chunk of chunks) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw new FeedTooLargeError(maxBytes);
      yield chunk;
    }
  })();
  async function* split(): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8');
    let carry = '';
    let decompressed = 0;
    for await (const chunk of gunzipIfNeeded(counted)) {
      decompressed += chunk.length;
      // A small compressed file can expand enormously; the limit applies to what we parse too.
      if (decompressed > maxBytes * 20 && maxBytes !== Number.POSITIVE_INFINITY)
        throw new FeedTooLargeError(maxBytes * 20);
      carry += decoder.decode(chunk, { stream: true });
      let start = 0;
      for (;;) {
        const newline = carry.indexOf('\n', start);
        if (newline === -1) break;
        const end = newline > start && carry.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
        yield carry.slice(start, end);
        start = newline + 1;
      }
      carry = carry.slice(start);
    }
    carry += decoder.decode();
    if (carry.endsWith('\r')) carry = carry.slice(0, -1);
    if (carry.length > 0) yield carry;
  }
  return { lines: split(), bytes: () => bytes };
}
