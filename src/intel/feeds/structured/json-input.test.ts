import { describe, expect, it } from 'vitest';
import type { FeedItem, FeedRejection } from '../../model.js';
import type { JsonOrigin } from './json-input.js';
import { createJsonInput, createJsonOrCsv, MAX_JSON_DOCUMENT_CHARS } from './json-input.js';

function collect(lines: string[], jsonLines: boolean, maxChars?: number) {
  const seen: { value: unknown; origin: JsonOrigin }[] = [];
  const rejections: FeedRejection[] = [];
  const items: FeedItem[] = [];
  const parser = createJsonInput({
    jsonLines,
    ...(maxChars === undefined ? {} : { maxChars }),
    handle(value, origin) {
      seen.push({ value, origin });
    },
  });
  const sink = { item: (i: FeedItem) => items.push(i), reject: (r: FeedRejection) => rejections.push(r) };
  lines.forEach((l, i) => parser.line(l, i + 1, sink));
  parser.end(sink);
  return { seen, rejections, items };
}

describe('createJsonInput', () => {
  it('buffers a pretty-printed document (CRLF, BOM) and parses it at the end', () => {
    const { seen, rejections } = collect(['\uFEFF[\r', '  {"a": 1},\r', '  {"a": "ví dụ"}\r', ']\r'], true);
    expect(rejections).toEqual([]);
    expect(seen).toEqual([{ value: [{ a: 1 }, { a: 'ví dụ' }], origin: { line: undefined } }]);
  });

  it('reads JSON Lines one value per line and rejects a bad line by number', () => {
    const { seen, rejections } = collect(['{"a":1}', '', '{"a":2', '{"a":3}'], true);
    expect(seen.map((s) => s.origin.line)).toEqual([1, 4]);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.line).toBe(3);
    expect(rejections[0]!.reason).toMatch(/^line is not valid JSON: /);
  });

  it('treats one-value lines as a document when JSON Lines are not allowed', () => {
    const { seen, rejections } = collect(['{"a":1}', '{"a":2}'], false);
    expect(seen).toEqual([]);
    expect(rejections[0]!.reason).toMatch(/^file is not valid JSON/);
  });

  it('names the line of a syntax error in a document', () => {
    const { rejections } = collect(['[', '  {"a": 1},', '  {"a": 2,,}', ']'], false);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.line).toBe(3);
  });

  it('refuses a document over the size cap with a clear reason', () => {
    expect(MAX_JSON_DOCUMENT_CHARS).toBe(200 * 1024 * 1024);
    const big = Array.from({ length: 50 }, () => `"${'x'.repeat(40)}",`);
    const { seen, rejections } = collect(['[', ...big, '""]'], false, 1000);
    expect(seen).toEqual([]);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.reason).toMatch(/^JSON document is larger than 1000 characters and was not parsed/);
  });

  it('reports an empty file', () => {
    expect(collect(['', '  '], false).rejections[0]!.reason).toBe(
      'the file is empty; expected a JSON document',
    );
  });

  it('survives deeply nested input and a throwing handler', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const rejections: FeedRejection[] = [];
    const parser = createJsonInput({
      jsonLines: false,
      handle() {
        throw new RangeError('Maximum call stack size exceeded');
      },
    });
    const sink = { item: () => undefined, reject: (r: FeedRejection) => rejections.push(r) };
    parser.line(deep, 1, sink);
    parser.end(sink);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.reason).toBe(
      'could not process the JSON document: Maximum call stack size exceeded',
    );
  });
});

describe('createJsonOrCsv', () => {
  it('routes by the first non-blank line', () => {
    const used: string[] = [];
    const fake = (name: string) => () => ({
      line: (text: string) => used.push(`${name}:${text}`),
      end: () => used.push(`${name}:end`),
    });
    const sink = { item: () => undefined, reject: () => undefined };
    const csv = createJsonOrCsv(fake('json'), fake('csv'));
    ['', 'a,b', '1,2'].forEach((l, i) => csv.line(l, i + 1, sink));
    csv.end(sink);
    expect(used).toEqual(['csv:a,b', 'csv:1,2', 'csv:end']);
  });
});
