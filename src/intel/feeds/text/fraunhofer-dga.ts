/**
 * Fraunhofer FKIE DGArchive "today" export: one JSON object whose keys name a DGA
 * (`banjori_dga_…`, the family before the first `_`) and whose values are lists of the domains
 * (occasionally addresses) that DGA produces. Not line-oriented: the text is buffered (up to
 * {@link MAX_CHARS}) and parsed at the end. Every entry is threat type `dga`.
 */
import type { FeedItem } from '../../model.js';
import { excerpt } from '../../model.js';
import type { FeedFormatDefinition } from '../format.js';
import { anyLine, baseName, withOptional } from './common.js';

const MAX_CHARS = 64 * 1024 * 1024;

export function familyFromKey(key: string): string | undefined {
  const family = key.split(/_dga\b|_/i)[0]?.trim();
  return family ? family : undefined;
}

export const fraunhoferDgaFormat: FeedFormatDefinition = {
  id: 'fraunhofer-dga',
  title: 'Fraunhofer DGArchive domain export (JSON: DGA name → domains)',
  create(options) {
    const parts: string[] = [];
    let size = 0;
    let overflowAt = 0;
    return {
      line(text, lineNumber) {
        if (overflowAt) return;
        size += text.length + 1;
        if (size > MAX_CHARS) {
          overflowAt = lineNumber;
          parts.length = 0;
          return;
        }
        parts.push(text);
      },
      end(sink) {
        if (overflowAt) {
          sink.reject({
            line: overflowAt,
            reason: `the document is larger than ${MAX_CHARS / 1024 / 1024} MiB and was not read`,
            text: '',
          });
          return;
        }
        const text = parts.join('\n').replace(/^\uFEFF/, '');
        parts.length = 0;
        if (text.trim() === '') return;
        let document: unknown;
        try {
          document = JSON.parse(text);
        } catch (error) {
          const why = error instanceof RangeError ? 'it is nested too deeply' : 'it is not valid JSON';
          sink.reject({ line: 1, reason: `the document cannot be read: ${why}`, text: excerpt(text) });
          return;
        }
        if (typeof document !== 'object' || document === null || Array.isArray(document)) {
          sink.reject({
            line: 1,
            reason: 'expected a JSON object mapping DGA names to lists of domains',
            text: excerpt(text),
          });
          return;
        }
        let record = 0;
        for (const [key, list] of Object.entries(document as Record<string, unknown>)) {
          record++;
          if (!Array.isArray(list)) {
            sink.reject({
              line: record,
              reason: `the value of "${key.slice(0, 60)}" is not a list of domains`,
              text: excerpt(key),
            });
            continue;
          }
          const family = familyFromKey(key) ?? options.defaultFamily;
          for (const value of list) {
            if (typeof value !== 'string' || value.trim() === '') {
              sink.reject({
                line: record,
                reason: `a "${key.slice(0, 60)}" entry is not a domain string`,
                text: excerpt(
                  typeof value === 'object' && value !== null
                    ? Array.isArray(value)
                      ? '[…]'
                      : '{…}'
                    : String(value),
                ),
              });
              continue;
            }
            const item: FeedItem = { line: record, value: value.trim() };
            sink.item(withOptional(item, { threatType: 'dga', family, tags: [key.slice(0, 100)] }));
          }
        }
      },
    };
  },
  detect(sample) {
    if (/dgarchive|fraunhofer/.test((sample.name ?? '').toLowerCase())) return 0.8;
    const first = sample.lines.find((l) => l.trim() !== '')?.trim() ?? '';
    if (first.startsWith('{') && anyLine(sample, /"[a-z0-9]+_dga[a-z0-9_]*"\s*:\s*\[/i, 5, 1_000_000))
      return 0.9;
    return baseName(sample.name) === 'today' && first.startsWith('{') ? 0.5 : 0;
  },
};
