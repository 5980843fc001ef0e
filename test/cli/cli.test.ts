/**
 * The `lamsach` command as an operator uses it: real processes on a fresh SQLite database, checking
 * output, exit codes, and that a bad file changes nothing.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const main = path.join(root, 'src/cli/main.ts');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

describe('lamsach CLI', () => {
  let dir: string;
  const run = (...args: string[]) =>
    new Promise<Result>((resolve) => {
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
  const file = (name: string, content: string) => {
    const target = path.join(dir, name);
    writeFileSync(target, content);
    return target;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lamsach-cli-'));
    const seeded = await run('org', 'seed');
    expect(seeded.code, seeded.stderr).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints help for every command group', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    for (const command of ['serve', 'db', 'org', 'user', 'token', 'feeds', 'intel'])
      expect(help.stdout).toContain(command);
    const org = await run('org', 'import', '--help');
    expect(org.stdout).toMatch(/--dry-run/);
  });

  it('rejects an organisation file with bad rows as a whole, naming each row', async () => {
    const csv = file(
      'bad.csv',
      'code,name,kind,parent_code,ip_ranges\nSYT-DN,Sở Y tế Đồng Nai,department,75,192.0.2.0/24\nBAD-1,Đơn vị lỗi,department,75,10.0.0.1/8\nBAD-2,Đơn vị lỗi 2,no_such_kind,75,\n',
    );
    const result = await run('org', 'import', csv);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/row 3.*host bits/);
    const exported = await run('org', 'export', '-', '--format', 'csv');
    expect(exported.stdout).not.toContain('SYT-DN');
  });

  it('imports a good file, exports it again, and re-imports it unchanged', async () => {
    const csv = file(
      'good.csv',
      'code,name,kind,parent_code,ip_ranges,domains\nSYT-DN,Sở Y tế Đồng Nai,department,75,192.0.2.0/25,syt.dongnai.gov.vn\n',
    );
    const dry = await run('org', 'import', csv, '--dry-run');
    expect(dry.stdout).toMatch(/dry run.*created 1/);
    expect((await run('org', 'import', csv)).stdout).toMatch(/created 1/);
    const out = path.join(dir, 'out.json');
    expect((await run('org', 'export', out)).code).toBe(0);
    expect((await run('org', 'import', out)).stdout).toMatch(/created 0, updated 0, unchanged \d+/);
  });

  it('creates users with a one-time password and refuses unknown roles', async () => {
    const bad = await run('user', 'add', 'lan', '--org', '75', '--role', 'superuser');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown role/);
    const ok = await run('user', 'add', 'lan', '--org', '75', '--role', 'analyst', '--name', 'Trần Thị Lan');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/one-time password: \S{23}/);
  });

  it('imports a feed file and explains a check', async () => {
    const feed = file('feed.txt', '# test feed\nevil.cli.example\n203.0.113.50\nnot/a value at all\n');
    const imported = await run('feeds', 'import', feed, '--source', 'local', '--create');
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/added\s+2/);
    expect(imported.stdout).toMatch(/line 4: /);
    const check = await run('intel', 'check', 'www.evil.cli.example', 'good.cli.example');
    expect(check.stdout).toMatch(/www\.evil\.cli\.example: listed/);
    expect(check.stdout).toMatch(/subdomain of the listed domain evil\.cli\.example; listed by local/);
    expect(check.stdout).toMatch(/good\.cli\.example: not-listed/);
    const search = await run('intel', 'search', 'cli.example', '--type', 'domain');
    expect(search.stdout).toMatch(/evil\.cli\.example\s+domain/);
    expect(search.stdout).toMatch(/1 of 1 indicators/);
    expect((await run('intel', 'search', '--type', 'planet')).stderr).toMatch(/unknown type "planet"/);
  });

  it('exports a blocklist to a file with filters, and names bad flags', async () => {
    const feed = file('export.txt', 'export-evil.example\nexport-bad.example\n185.220.101.77\n');
    expect((await run('feeds', 'import', feed, '--source', 'export', '--create')).code).toBe(0);
    const target = path.join(dir, 'out', 'hosts.txt');
    mkdirSync(path.dirname(target));
    const exported = await run('export', '--format', 'hosts', '--min-confidence', '10', '-o', target);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/lamsach \(hosts\): \d+ entries written/);
    const text = readFileSync(target, 'utf8');
    expect(text).toMatch(/^# lamsach blocklist lamsach: export lamsach\n/);
    expect(text).toContain('0.0.0.0 export-evil.example\n');
    expect(text).not.toContain('185.220.101.77');
    const rpz = await run('export', '--format', 'rpz', '--types', 'ipv4');
    expect(rpz.stdout).toContain('32.77.101.220.185.rpz-ip CNAME .');
    expect((await run('export', '--format', 'pdf')).stderr).toMatch(/unknown format "pdf"/);
    expect((await run('export', '--format', 'csv', '--types', 'planet')).stderr).toMatch(/types\.0/);
    expect((await run('export', '--format', 'csv', '--max-age', 'soon')).stderr).toMatch(
      /--max-age takes a whole number/,
    );
  }, 120_000);

  it('explains configuration problems all at once', async () => {
    const result = await new Promise<Result>((resolve) => {
      execFile(
        tsx,
        [main, 'db', 'migrate'],
        {
          cwd: dir,
          env: { ...process.env, LAMSACH_PORT: 'abc', DATABASE_URL: 'mysql://x', LAMSACH_LOG_LEVEL: 'loud' },
        },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/port/);
    expect(result.stderr).toMatch(/databaseUrl/);
    expect(result.stderr).toMatch(/logLevel/);
  });
});
