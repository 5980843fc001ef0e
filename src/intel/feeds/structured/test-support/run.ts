/**
 * Test helpers for the structured formats: feed a text (or lines) through a format's parser the way
 * the importer does, and find corpus samples when the shared corpus is present.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FeedItem, FeedRejection } from '../../../model.js';
import type { FeedFormatDefinition, FeedParserOptions, FeedSample } from '../../format.js';

export interface RunResult {
  items: FeedItem[];
  rejections: FeedRejection[];
}

/** Splits on LF only, as a line reader that leaves `\r` in place would, so parsers must strip it. */
export function run(
  format: FeedFormatDefinition,
  input: string | readonly string[],
  options: FeedParserOptions = {},
): RunResult {
  const lines = typeof input === 'string' ? input.split('\n') : input;
  const items: FeedItem[] = [];
  const rejections: FeedRejection[] = [];
  const sink = { item: (i: FeedItem) => items.push(i), reject: (r: FeedRejection) => rejections.push(r) };
  const parser = format.create(options);
  lines.forEach((line, i) => parser.line(line, i + 1, sink));
  parser.end(sink);
  return { items, rejections };
}

export function sample(text: string, name?: string): FeedSample {
  const lines = text.split('\n').slice(0, 200);
  return name === undefined ? { lines } : { name, lines };
}

/** The shared corpus beside the repository checkout, or undefined (tests then skip with a warning). */
export function corpusRoot(): string | undefined {
  const root = path.resolve(import.meta.dirname, '../../../../../../shared/corpus');
  return existsSync(root) ? root : undefined;
}
