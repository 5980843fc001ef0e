/**
 * The line-fed front end shared by JSON formats. A document (pretty-printed or not) is buffered and
 * parsed at `end()`; when allowed, a file whose first non-blank line is a complete JSON value is read
 * as JSON Lines instead, one value per line, so NDJSON exports stream without buffering.
 */
import type { FeedParser, FeedSink } from '../../model.js';
import { excerpt } from '../../model.js';
import { cleanLine } from './common.js';

/** Documents larger than this are refused rather than held in memory. */
export const MAX_JSON_DOCUMENT_CHARS = 200 * 1024 * 1024;

/** Where a value came from: its line in JSON Lines mode, undefined for a whole document. */
export interface JsonOrigin {
  line: number | undefined;
}

export interface JsonInputSpec {
  /** accept one JSON value per line (NDJSON) when the first line parses on its own */
  jsonLines: boolean;
  /** called once per document, or once per line in JSON Lines mode; may throw (reported, not raised) */
  handle(value: unknown, origin: JsonOrigin, sink: FeedSink): void;
  /** for tests; defaults to {@link MAX_JSON_DOCUMENT_CHARS} */
  maxChars?: number;
}

/**
 * The line number of the `index`-th of `count` records from one value: the source line when the line
 * held a single record (JSON Lines), else the 1-based record index within the document.
 */
export function recordLine(origin: JsonOrigin, index: number, count: number): number {
  return origin.line !== undefined && count === 1 ? origin.line : index + 1;
}

export function createJsonInput(spec: JsonInputSpec): FeedParser {
  const maxChars = spec.maxChars ?? MAX_JSON_DOCUMENT_CHARS;
  let mode: 'undecided' | 'document' | 'lines' = 'undecided';
  let chunks: string[] = [];
  let size = 0;
  let tooLarge = false;
  let firstLine = 0;

  const deliver = (value: unknown, origin: JsonOrigin, sink: FeedSink, text: string): void => {
    try {
      spec.handle(value, origin, sink);
    } catch (error) {
      sink.reject({
        line: origin.line ?? 1,
        reason: `could not process the JSON ${origin.line === undefined ? 'document' : 'line'}: ${message(error)}`,
        text: excerpt(text),
      });
    }
  };

  return {
    line(raw, lineNumber, sink) {
      const text = cleanLine(raw);
      if (mode === 'lines') {
        if (text.trim() === '') return;
        const parsed = tryParse(text);
        if (parsed.ok) deliver(parsed.value, { line: lineNumber }, sink, text);
        else
          sink.reject({
            line: lineNumber,
            reason: `line is not valid JSON: ${parsed.reason}`,
            text: excerpt(text),
          });
        return;
      }
      if (mode === 'undecided') {
        if (text.trim() === '') return;
        firstLine = lineNumber;
        const start = text.trimStart().charCodeAt(0);
        if (spec.jsonLines && (start === 123 || start === 91)) {
          const parsed = tryParse(text);
          if (parsed.ok) {
            mode = 'lines';
            deliver(parsed.value, { line: lineNumber }, sink, text);
            return;
          }
        }
        mode = 'document';
      }
      if (tooLarge) return;
      size += text.length + 1;
      if (size > maxChars) {
        tooLarge = true;
        chunks = [];
        return;
      }
      chunks.push(text);
    },
    end(sink) {
      if (mode === 'lines') return;
      if (tooLarge) {
        sink.reject({
          line: firstLine || 1,
          reason: `JSON document is larger than ${sizeText(maxChars)} and was not parsed; split it or use a JSON Lines export`,
          text: '',
        });
        return;
      }
      if (mode === 'undecided') {
        sink.reject({ line: 1, reason: 'the file is empty; expected a JSON document', text: '' });
        return;
      }
      const text = chunks.join('\n');
      chunks = [];
      const parsed = tryParse(text);
      if (!parsed.ok) {
        const at = positionLine(text, parsed.reason);
        sink.reject({
          line: at === undefined ? firstLine : firstLine + at - 1,
          reason: `file is not valid JSON: ${parsed.reason}`,
          text: excerpt(text),
        });
        return;
      }
      deliver(parsed.value, { line: undefined }, sink, text);
    },
  };
}

function sizeText(chars: number): string {
  const mb = chars / (1024 * 1024);
  return mb >= 1 ? `${Math.round(mb)} MB` : `${chars} characters`;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: message(error) };
  }
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return excerpt(text, 160);
}

/** V8 reports "… at position N"; turn that into a 1-based line of the joined text. */
function positionLine(text: string, reason: string): number | undefined {
  const m = /position (\d+)/.exec(reason);
  if (m === null) return undefined;
  const pos = Math.min(Number(m[1]), text.length);
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * For feeds published both as JSON and as CSV under one format id: the first non-blank line picks
 * the parser (`{` or `[` → JSON), and every line goes to it.
 */
export function createJsonOrCsv(json: () => FeedParser, csv: () => FeedParser): FeedParser {
  let chosen: FeedParser | undefined;
  return {
    line(raw, lineNumber, sink) {
      if (chosen === undefined) {
        const text = cleanLine(raw).trim();
        if (text === '') return;
        chosen = text.startsWith('{') || text.startsWith('[') ? json() : csv();
      }
      chosen.line(raw, lineNumber, sink);
    },
    end(sink) {
      (chosen ?? json()).end(sink);
    },
  };
}
