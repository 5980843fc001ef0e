/** `lamsach observations …` and `lamsach hosts …` as real processes on a fresh SQLite database. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const main = path.join(root, 'src/cli/main.ts');

describe('lamsach observations and hosts commands', () => {
  let dir: string;
  const run = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        tsx,
        [main, ...args],
        {
          cwd: dir,
          env: {
            ...process.env,
            LAMSACH_DATA_DIR: path.join(dir, 'data'),
            DATABASE_URL: '',
            LAMSACH_LOG_LEVEL: 'silent',
          },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lamsach-cli-hosts-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('explains bad arguments in one line', async () => {
    const missing = await run('observations', 'import', 'nope.csv');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read nope.csv');
    writeFileSync(path.join(dir, 'r.csv'), 'ip,time\n');
    const mapping = await run('observations', 'import', 'r.csv', '--mapping', 'nonsense');
    expect(mapping.code).toBe(1);
    expect(mapping.stderr).toContain('--mapping needs column=field pairs');
  }, 60_000);

  it('refreshes hosts and scans an empty watched folder', async () => {
    const refresh = await run('hosts', 'refresh');
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(refresh.stdout).toContain('detections read 0, new hosts 0, reopened 0, verified 0');
    mkdirSync(path.join(dir, 'inbox'));
    const scan = await run('observations', 'scan-folder', 'inbox');
    expect(scan.code, scan.stderr).toBe(0);
    expect(scan.stdout).toContain('no files to import in inbox');
  }, 60_000);
});
