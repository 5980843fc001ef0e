/** The watched folder: each settled file is imported once and moved aside; bad files say why. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/app/bootstrap.js';
import type { ObservationParseResult } from '../../src/hosts/observation-model.js';
import { ObservationImportService } from '../../src/hosts/observation-import-service.js';
import type { ObservationParser } from '../../src/hosts/observation-parser.js';
import { scanReportFolder } from '../../src/hosts/report-folder.js';
import { backends } from '../support/backends.js';
import { createHarness, type Harness } from '../support/harness.js';
import { observation } from './support.js';

/** A minimal "ip,time,family" reader standing in for the report formats of src/hosts/reports. */
const lineParser: ObservationParser = {
  formats: [{ id: 'ip-time-family', label: 'ip,time,family' }],
  parse({ text }): ObservationParseResult {
    const result: ObservationParseResult = { reportType: 'ip-time-family', records: [], rejected: [] };
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      const [ip, time, family] = line.split(',');
      if (!ip || !time) result.rejected.push({ line: i + 1, reason: 'expected ip,time,family' });
      else result.records.push(observation(ip, time, { family: family ?? null }));
    });
    if (result.records.length === 0) throw new Error('no observations in the file');
    return result;
  },
};

describe('watched report folder', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await createHarness(backends[0]!.backend);
    dir = mkdtempSync(path.join(tmpdir(), 'lamsach-watch-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await h?.close();
  });

  it('imports each file once and moves it aside', async () => {
    const importer = new ObservationImportService(
      h.services.database.db,
      h.services.authz,
      h.services.ownership,
      h.services.hosts.store,
      lineParser,
    );
    writeFileSync(path.join(dir, 'a.csv'), '10.1.9.9,2026-10-02T00:00:00Z,mirai\nbroken\n');
    writeFileSync(path.join(dir, 'b.csv'), 'nothing useful\n');
    const ctx = await h.services.contextFor(operator('scheduler'), null);
    const results = await scanReportFolder(importer, ctx, dir, 0);
    expect(results.map((r) => [r.file, r.report?.inserted ?? r.error])).toEqual([
      ['a.csv', 1],
      ['b.csv', 'b.csv: no observations in the file'],
    ]);
    expect(results[0]!.report!.rejections).toEqual([{ line: 2, reason: 'expected ip,time,family' }]);
    expect(readdirSync(path.join(dir, 'imported'))).toHaveLength(1);
    const failed = readdirSync(path.join(dir, 'failed'));
    expect(failed).toHaveLength(2);
    const why = failed.find((f) => f.endsWith('.error.txt'))!;
    expect(readFileSync(path.join(dir, 'failed', why), 'utf8')).toContain('no observations');
    expect(existsSync(path.join(dir, 'a.csv'))).toBe(false);
    expect(await scanReportFolder(importer, ctx, dir, 0)).toEqual([]);
    const runs = await h.services.hosts.observations.imports(ctx, 5);
    expect(runs[0]).toMatchObject({ trigger: 'folder', fileName: 'a.csv', assigned: 1 });
  });
});
