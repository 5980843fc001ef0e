/**
 * Rendered lists checked by the real tools where the machine has them: `named-checkzone` (Debian
 * bind9-utils) for the RPZ zone, `nft -c` (check only, nothing is applied) for both nftables
 * formats. Each check is skipped, visibly, when its tool is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ListFormat } from '../model.js';
import { context, entry, renderToString } from './test-support/entries.js';

const has = (tool: string, args: string[]) => {
  const probe = spawnSync(tool, args, { encoding: 'utf8' });
  return probe.error === undefined;
};
const hasNamedCheckzone = has('named-checkzone', ['-v']);
const nftWorks = has('nft', ['--version']) && spawnSync('nft', ['-c', '-f', '/dev/null']).status === 0;

const entries = [
  entry(1, 'ipv4', '198.51.100.7'),
  entry(2, 'cidr4', '203.0.113.0/24'),
  entry(3, 'ipv4', '203.0.113.9'),
  entry(4, 'ipv6', '2001:db8::1'),
  entry(5, 'cidr6', '2001:db8:5::/48'),
  entry(6, 'ipv6', 'fe80:1:2:3:4:5:6:7'),
  entry(7, 'domain', 'evil.example'),
  entry(8, 'domain', 'xn--80ak6aa92e.example', { exactDomain: true }),
];

const dir = mkdtempSync(path.join(tmpdir(), 'lamsach-tools-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function renderFile(format: ListFormat, subset = entries): Promise<string> {
  const file = path.join(dir, `${format}.out`);
  writeFileSync(file, await renderToString(context(format), subset));
  return file;
}

describe.skipIf(!hasNamedCheckzone)(
  `RPZ zone with named-checkzone${hasNamedCheckzone ? '' : ' (skipped: install bind9-utils)'}`,
  () => {
    it('loads, with the serial from the context', async () => {
      const file = await renderFile('rpz');
      const result = spawnSync('named-checkzone', ['-i', 'local', 'lamsach-test.rpz', file], {
        encoding: 'utf8',
      });
      expect(result.stdout + result.stderr).toContain('loaded serial 1790000000');
      expect(result.status).toBe(0);
    });
  },
);

describe.skipIf(!nftWorks)(
  `nftables files with nft -c${nftWorks ? '' : ' (skipped: nft missing or not permitted)'}`,
  () => {
    for (const format of ['nftables', 'nftables-set'] as const) {
      it(`${format} parses and validates`, async () => {
        const ips = entries.filter((e) => e.type !== 'domain');
        for (const subset of [ips, ips.filter((e) => e.type === 'ipv4' || e.type === 'cidr4'), []]) {
          const result = spawnSync('nft', ['-c', '-f', await renderFile(format, subset)], {
            encoding: 'utf8',
          });
          expect(result.stderr).toBe('');
          expect(result.status).toBe(0);
        }
      });
    }
  },
);
