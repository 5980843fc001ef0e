/**
 * `lamsach scan` as an operator runs it: a real process on a generated BIND query log and a plain
 * indicator file (no database), gzip and folders, the three output formats, and `--store` into a
 * fresh SQLite database.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const main = path.join(root, 'src/cli/main.ts');

/** The parts of an ECS document the test reads. */
interface EcsDoc {
  '@timestamp': string;
  source: { ip: string; port: number };
  dns: { question: { name: string } };
  threat: {
    indicator: Record<string, unknown>;
    enrichments: { matched: { atomic: string; field: string; type: string } }[];
  };
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** 200 queries from 10.20.0.1–10.20.0.10; every 20th line asks for a subdomain of the listed domain, every 50th for the listed domain itself. */
function bindLog(): string {
  const lines: string[] = [];
  for (let i = 0; i < 200; i++) {
    const name =
      i % 50 === 7
        ? 'bad-actor.example'
        : i % 20 === 3
          ? `x${i}.c2.bad-actor.example`
          : `www${i}.clean.example`;
    const client = `10.20.0.${(i % 10) + 1}`;
    const seconds = String(i % 60).padStart(2, '0');
    lines.push(
      `05-Jan-2026 08:${String(Math.floor(i / 60)).padStart(2, '0')}:${seconds}.123 client @0x7f62b80115d0 ${client}#5353 (${name}): query: ${name} IN A + (10.0.0.53)`,
    );
  }
  lines.push('this line is not a log line');
  return `${lines.join('\n')}\n`;
}

// Each example spawns the CLI (tsx) several times; on a loaded machine that alone takes tens of seconds.
describe('lamsach scan', { timeout: 180_000 }, () => {
  let dir: string;
  const run = (args: string[], input?: string) =>
    new Promise<Result>((resolve) => {
      const child = execFile(
        tsx,
        [main, 'scan', ...args],
        {
          cwd: dir,
          env: {
            ...process.env,
            LAMSACH_DATA_DIR: path.join(dir, 'data'),
            DATABASE_URL: '',
            LAMSACH_LOG_LEVEL: 'silent',
          },
          maxBuffer: 20 * 1024 * 1024,
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
      if (input !== undefined) child.stdin!.end(input);
      else child.stdin!.end();
    });
  let log: string;
  let indicators: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lamsach-scan-'));
    log = path.join(dir, 'query.log');
    writeFileSync(log, bindLog());
    indicators = path.join(dir, 'iocs.txt');
    writeFileSync(indicators, '# indicators for the test\nbad-actor.example\n45.9.148.77\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes ECS NDJSON in a pipe, and reports counts with samples of lines it did not understand', async () => {
    const result = await run(['--indicators', indicators, log]);
    expect(result.code, result.stderr).toBe(0);
    const docs = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as EcsDoc);
    // 10 subdomain lookups (i % 20 === 3) and 4 of the domain itself (i % 50 === 7).
    expect(docs).toHaveLength(14);
    const first = docs[0]!;
    expect(first['@timestamp']).toBe('2026-01-05T01:00:03.123Z');
    expect(first.source).toEqual({ ip: '10.20.0.4', port: 5353 });
    expect(first.dns.question.name).toBe('x3.c2.bad-actor.example');
    expect(first.threat.indicator).toMatchObject({
      type: 'domain-name',
      url: { domain: 'bad-actor.example' },
      provider: 'iocs.txt',
    });
    expect(first.threat.enrichments[0]!.matched).toEqual({
      atomic: 'x3.c2.bad-actor.example',
      field: 'dns.question.name',
      type: 'parent-domain',
    });
    expect(docs.filter((d) => d.threat.enrichments[0]!.matched.type === 'exact')).toHaveLength(4);
    expect(result.stderr).toMatch(/indicators loaded: 2 \(1 domains, 0 URLs, 1 addresses, 0 networks\)/);
    expect(result.stderr).toMatch(/201 lines/);
    expect(result.stderr).toMatch(/query\.log: bind-query/);
    // After the first 50 lines, a line with nothing listed in it is not even parsed.
    const skipped = Number(/([\d,]+) lines held nothing any indicator could match/.exec(result.stderr)?.[1]);
    expect(skipped).toBeGreaterThan(100);
    // Parsing every line gives exact counts, and a sample of what was not understood.
    const full = await run(['--indicators', indicators, '--no-prefilter', log]);
    const withoutScanTime = (text: string) => text.replace(/"created":"[^"]+"/g, '');
    expect(withoutScanTime(full.stdout)).toBe(withoutScanTime(result.stdout));
    expect(full.stderr).toMatch(/events 200, without event 0, not understood 1, detections 14/);
    expect(full.stderr).toMatch(/query\.log:201: this line is not a log line/);
    expect(full.stderr).not.toMatch(/held nothing/);
  });

  it('scans files on worker threads with the same output as one thread', async () => {
    const folder = path.join(dir, 'threads');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'a.log'), bindLog());
    writeFileSync(path.join(folder, 'b.log.gz'), gzipSync(bindLog()));
    const one = await run(['-i', indicators, '--workers', '1', folder]);
    const two = await run(['-i', indicators, '--workers', '2', folder]);
    expect(two.code, two.stderr).toBe(0);
    const withoutScanTime = (text: string) => text.replace(/"created":"[^"]+"/g, '');
    expect(one.stdout.trim().split('\n')).toHaveLength(28);
    expect(withoutScanTime(two.stdout)).toBe(withoutScanTime(one.stdout));
    expect(two.stderr).toMatch(/402 lines .*2 thread\(s\)/);
    expect(one.stderr).toMatch(/1 thread\(s\)/);
    const bad = await run(['-i', indicators, '--workers', 'many', folder]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--workers many: give a number of threads/);
  }, 180_000);

  it('writes CSV to a file, reading gzip and folders recursively', async () => {
    const folder = path.join(dir, 'logs', 'nested');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'query.log.1.gz'), gzipSync(bindLog()));
    const out = path.join(dir, 'out.csv');
    const result = await run(['-i', indicators, '--format', 'csv', '--output', out, path.join(dir, 'logs')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    const { readFileSync } = await import('node:fs');
    const rows = parse<Record<string, string>>(readFileSync(out, 'utf8'), { columns: true });
    expect(rows).toHaveLength(14);
    expect(rows[0]).toMatchObject({
      source_ip: '10.20.0.4',
      dns_question_name: 'x3.c2.bad-actor.example',
      matched: 'bad-actor.example',
      how: 'parent-domain',
      log_format: 'bind-query',
      line: '4',
      indicator_type: 'domain',
    });
    expect(rows[0]!.file).toMatch(/query\.log\.1\.gz$/);
  });

  it('prints a per-host summary, reading standard input', async () => {
    const result = await run(['-i', indicators, '--format', 'summary', '-'], bindLog());
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^internal host\s+first seen \(UTC\)\s+last seen \(UTC\)\s+hits\s+indicators\s+families\s+threat types$/,
    );
    // Lines with i % 20 === 3 come from 10.20.0.4; i % 50 === 7 from 10.20.0.8 (i = 7, 57, 107, 157).
    expect(
      lines.slice(2).map((l) =>
        l
          .split(/\s{2,}/)
          .slice(0, 1)
          .concat(l.split(/\s{2,}/).slice(3, 5)),
      ),
    ).toEqual([
      ['10.20.0.4', '10', '1'],
      ['10.20.0.8', '4', '1'],
    ]);
  });

  it('refuses an unknown log format and a --store without --org', async () => {
    const bad = await run(['-i', indicators, '--log-format', 'nope', log]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown log format "nope"/);
    const noOrg = await run(['-i', indicators, '--store', log]);
    expect(noOrg.code).toBe(1);
    expect(noOrg.stderr).toMatch(/--store needs --org/);
  });

  it('stores detections under an organisation, once, and scans against the database indicators', async () => {
    const seed = await new Promise<Result>((resolve) =>
      execFile(
        tsx,
        [main, 'org', 'seed'],
        {
          cwd: dir,
          env: {
            ...process.env,
            LAMSACH_DATA_DIR: path.join(dir, 'data'),
            DATABASE_URL: '',
            LAMSACH_LOG_LEVEL: 'silent',
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
      ),
    );
    expect(seed.code, seed.stderr).toBe(0);
    const first = await run(['-i', indicators, '--store', '--org', '75', '--format', 'ndjson', log]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/stored under 75: 14 new detection\(s\), 0 already stored/);
    const again = await run(['-i', indicators, '--store', '--org', '75', '--format', 'ndjson', log]);
    expect(again.stderr).toMatch(/stored under 75: 0 new detection\(s\), 14 already stored/);
    // No indicators in the database yet: a scan against it finds nothing.
    const empty = await run(['--format', 'ndjson', log]);
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toMatch(/indicators loaded: 0/);
    const imported = await new Promise<Result>((resolve) =>
      execFile(
        tsx,
        [main, 'feeds', 'import', indicators, '--source', 'local', '--create'],
        {
          cwd: dir,
          env: {
            ...process.env,
            LAMSACH_DATA_DIR: path.join(dir, 'data'),
            DATABASE_URL: '',
            LAMSACH_LOG_LEVEL: 'silent',
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
      ),
    );
    expect(imported.code, imported.stderr).toBe(0);
    // The feed states no first-seen date, so the indicators are valid from the import on: the
    // January log predates them, and strict validity (the default) says so instead of matching.
    const strict = await run(['--format', 'ndjson', log]);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(
      /14 candidate match\(es\) fell outside the indicators' validity; --validity ignore reports them/,
    );
    const fromDatabase = await run(['--format', 'ndjson', '--validity', 'ignore', log]);
    expect(fromDatabase.code, fromDatabase.stderr).toBe(0);
    const docs = fromDatabase.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { threat: { indicator: { provider: string } } });
    expect(docs).toHaveLength(14);
    expect(docs[0]!.threat.indicator.provider).toBe('local');
  });
});
