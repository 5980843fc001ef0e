/**
 * Test helpers for the text feed formats: run a parser over inline text and collect what it
 * emits, and read corpus samples from `../shared/corpus` (tests using them are skipped, with a
 * warning, when the corpus is not checked out beside the repository).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FeedItem, FeedRejection } from '../../../model.js';
import type { FeedFormatDefinition, FeedParserOptions } from '../../format.js';

export interface Parsed {
  items: FeedItem[];
  rejections: FeedRejection[];
}

/** Splits on LF only, as the importer does, so CRLF input keeps its `\r` for the parser to drop. */
export function toLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function run(
  format: FeedFormatDefinition,
  input: string | string[],
  options: FeedParserOptions = {},
): Parsed {
  const lines = typeof input === 'string' ? toLines(input) : input;
  const items: FeedItem[] = [];
  const rejections: FeedRejection[] = [];
  const sink = {
    item: (item: FeedItem) => items.push(item),
    reject: (r: FeedRejection) => rejections.push(r),
  };
  const parser = format.create(options);
  lines.forEach((line, i) => parser.line(line, i + 1, sink));
  parser.end(sink);
  return { items, rejections };
}

export function crlf(text: string): string {
  return text.replace(/\n/g, '\r\n');
}

const corpusRoot = fileURLToPath(new URL('../../../../../../shared/corpus/', import.meta.url));
/** Lines of a corpus file (path below `shared/corpus/`), or null when the corpus is absent. */
export function corpusLines(path: string): string[] | null {
  const file = corpusRoot + path;
  if (!existsSync(file)) {
    console.warn(`corpus sample ${path} not found under ${corpusRoot}; its check is skipped`);
    return null;
  }
  return toLines(readFileSync(file, 'utf8'));
}
