/**
 * The watched folder: another system drops national report files into it; each file is imported
 * once and moved to `imported/` (or `failed/`, next to a `.error.txt` saying why), so a restart
 * never imports a file twice and an operator sees at a glance what was not taken.
 */
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RequestContext } from '../server/context.js';
import type { ObservationImportReport, ObservationImportService } from './observation-import-service.js';

export interface FolderScanResult {
  file: string;
  report?: ObservationImportReport;
  error?: string;
}

const MAX_FILE_BYTES = 200 * 1024 * 1024;

async function moveAside(folder: string, sub: string, name: string): Promise<string> {
  const dir = path.join(folder, sub);
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(dir, `${stamp}-${name}`);
  await rename(path.join(folder, name), target);
  return target;
}

/**
 * Imports every regular file in `folder` that has not changed for `settleMs` (a file still being
 * written is left for the next scan).
 */
export async function scanReportFolder(
  importer: ObservationImportService,
  ctx: RequestContext,
  folder: string,
  settleMs = 10_000,
): Promise<FolderScanResult[]> {
  const results: FolderScanResult[] = [];
  const entries = await readdir(folder, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const file = path.join(folder, entry.name);
    const info = await stat(file);
    if (Date.now() - info.mtimeMs < settleMs) continue;
    try {
      if (info.size > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
      const text = await readFile(file, 'utf8');
      const report = await importer.importFile(ctx, { fileName: entry.name, text, trigger: 'folder' });
      await moveAside(folder, 'imported', entry.name);
      results.push({ file: entry.name, report });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const target = await moveAside(folder, 'failed', entry.name);
      await writeFile(`${target}.error.txt`, `${message}\n`, 'utf8');
      results.push({ file: entry.name, error: message });
    }
  }
  return results;
}
