import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndicatorMatcher } from '../detection/matcher.js';
import { defaultParseContext } from '../detection/model.js';
import { newScanCounters } from '../detection/scan.js';
import { FileFollower } from './follower.js';
import { StreamScanner, type ScanSetup } from './line-scanner.js';
import type { SensorLog } from './log.js';
import { StateStore } from './state-store.js';

const line = (n: number, name: string) =>
  `05-Jan-2026 08:00:00.${String(n).padStart(3, '0')} client @0x1 10.1.0.9#5353 (${name}): query: ${name} IN A + (10.0.0.53)`;

describe('FileFollower', () => {
  let dir: string;
  let store: StateStore;
  let messages: string[];
  let setup: ScanSetup;
  const log: SensorLog = {
    info: (m) => messages.push(m),
    warn: (m) => messages.push(m),
    error: (m) => messages.push(m),
  };
  const matcher = new IndicatorMatcher(
    [
      {
        id: 1,
        type: 'domain',
        value: 'evil.example',
        exactDomain: false,
        validFrom: null,
        validUntil: null,
        threatType: 'c2',
        family: null,
        confidence: 80,
      },
    ],
    { validity: 'ignore' },
  );
  const follower = (file: string, fromEnd = false) =>
    new FileFollower(file, store, new StreamScanner(file, setup), log, { chunkBytes: 256, fromEnd });
  const queued = () => store.peek(1000).map((q) => q.detection.observed);

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lamsach-follow-'));
    store = new StateStore(path.join(dir, 'state'));
    messages = [];
    setup = { matcher: () => matcher, context: defaultParseContext(), counters: newScanCounters() };
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads complete lines only, in chunks, and continues from the stored offset after a restart', () => {
    const file = path.join(dir, 'q.log');
    writeFileSync(
      file,
      `${line(1, 'a.evil.example')}\n${line(2, 'ok.example')}\n${line(3, 'b.evil.example')}`,
    );
    const f = follower(file);
    expect(f.poll()).toBe(2);
    expect(queued()).toEqual(['a.evil.example']);
    appendFileSync(file, `\n${line(4, 'c.evil.example')}\n`);
    f.close();
    const again = follower(file);
    expect(again.poll()).toBe(2);
    expect(queued()).toEqual(['a.evil.example', 'b.evil.example', 'c.evil.example']);
    expect(again.poll()).toBe(0);
    again.close();
  });

  it('reads a truncated file from the start, and a rotated one to its end before the new file', () => {
    const file = path.join(dir, 'q.log');
    writeFileSync(file, `${line(1, 'a.evil.example')}\n`);
    const f = follower(file);
    f.poll();
    truncateSync(file, 0);
    appendFileSync(file, `${line(2, 'b.evil.example')}\n`);
    expect(f.poll()).toBe(1);
    expect(messages.some((m) => /truncated/.test(m))).toBe(true);
    appendFileSync(file, `${line(3, 'c.evil.example')}\n${line(4, 'd.evil.example')}`);
    renameSync(file, `${file}.1`);
    writeFileSync(file, `${line(5, 'e.evil.example')}\n`);
    // The rotated file's last line has no newline: it is finished, so it counts.
    expect(f.poll()).toBe(3);
    expect(queued()).toEqual([
      'a.evil.example',
      'b.evil.example',
      'c.evil.example',
      'd.evil.example',
      'e.evil.example',
    ]);
    f.close();
  });

  it('starts a file it never saw at its end with fromEnd, and never twice at the end', () => {
    const file = path.join(dir, 'q.log');
    writeFileSync(file, `${line(1, 'a.evil.example')}\n`);
    const f = follower(file, true);
    expect(f.poll()).toBe(0);
    appendFileSync(file, `${line(2, 'b.evil.example')}\n`);
    expect(f.poll()).toBe(1);
    expect(queued()).toEqual(['b.evil.example']);
    f.close();
  });
});
