/**
 * Every error code the server answers with has a message in the web UI's languages, so a
 * Vietnamese user reads what went wrong in Vietnamese (the server's own English text is shown
 * below it as the detail).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../web/src/i18n/en.js';
import { vi } from '../web/src/i18n/vi.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.as.ts')
      ? [full]
      : [];
  });
}

/** Codes given to `conflict(…)` and `new AppError(status, …)` anywhere in the server's code. */
function thrownCodes(): Set<string> {
  const codes = new Set<string>();
  const pattern = /(?:\bconflict\(\s*|new AppError\(\s*\d+,\s*|\[\d{3}, )'([a-z_]+)'/g;
  for (const file of sources(path.join(import.meta.dirname, '../src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) codes.add(match[1]!);
  }
  return codes;
}

describe('error codes', () => {
  it('every code the server throws has a Vietnamese and an English message in the UI', () => {
    const codes = thrownCodes();
    expect(codes.size).toBeGreaterThan(20);
    const missing = [...codes].filter((code) => !(`error.${code}` in vi) || !(`error.${code}` in en));
    expect(missing).toEqual([]);
  });
});
