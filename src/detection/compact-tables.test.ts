import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressIndex, ByteStore, StringIndex } from './compact-tables.js';
import { boundSeconds, isoSeconds, OPEN_END } from './time.js';

describe('ByteStore and StringIndex', () => {
  it('finds every stored string, folds case when asked, and drops duplicates keeping the first', () => {
    const store = new ByteStore(4);
    const words = Array.from({ length: 5000 }, (_, i) => `w${i}.example`);
    const entries = words.map((w) => store.add(w));
    const again = store.add('w7.example');
    store.trim();
    const index = new StringIndex(store, [...entries, again], true);
    expect(index.size).toBe(5000);
    expect(index.duplicates).toEqual([again]);
    for (const [i, w] of words.entries())
      expect(index.find(w, 0, w.length, index.hashOf(w, 0, w.length))).toBe(i);
    const text = 'x.W42.EXAMPLE';
    expect(index.find(text, 2, text.length, index.hashOf(text, 2, text.length))).toBe(42);
    expect(index.find('w5000.example', 0, 13, index.hashOf('w5000.example', 0, 13))).toBe(-1);
    expect(store.text(42)).toBe('w42.example');
  });

  it('refuses non-ASCII text', () => {
    expect(new ByteStore().add('bücher.example')).toBe(-1);
  });

  it('finds IPv4 and IPv6 keys', () => {
    const keys4 = Int32Array.from([1, -5, 0x7f000001]);
    const v4 = new AddressIndex(1, keys4, [10, 11, 12]);
    expect([v4.find4(-5), v4.find4(0x7f000001), v4.find4(2)]).toEqual([11, 12, -1]);
    const v6 = new AddressIndex(4, Int32Array.from([1, 2, 3, 4, 1, 2, 3, 5, 1, 2, 3, 4]), [0, 1, 2]);
    expect(v6.duplicates).toEqual([2]);
    expect([v6.find6(1, 2, 3, 4), v6.find6(1, 2, 3, 5), v6.find6(0, 2, 3, 4)]).toEqual([0, 1, -1]);
  });
});

describe('isoSeconds', () => {
  it('reads the usual ISO-8601 shapes like Date.parse, to the second', () => {
    for (const text of [
      '2025-01-15T10:20:30Z',
      '2025-01-15T10:20:30.999Z',
      '2025-01-15T17:20:30+07:00',
      '2024-02-29T23:59:59-05:30',
      '1970-01-01T00:00:00Z',
    ]) {
      expect(isoSeconds(text)).toBe(Math.floor(Date.parse(text) / 1000));
    }
    expect(isoSeconds('not a time')).toBeNaN();
    expect(isoSeconds('2025-13-01T00:00:00Z')).toBeNaN();
  });

  it('agrees with Date.parse on random instants and offsets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000 }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        fc.integer({ min: 0, max: 999 }),
        (seconds, offset, ms) => {
          const local = new Date((seconds + offset * 60) * 1000 + ms).toISOString().slice(0, 23);
          const sign = offset < 0 ? '-' : '+';
          const abs = Math.abs(offset);
          const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(isoSeconds(text)).toBe(Math.floor(Date.parse(text) / 1000));
        },
      ),
    );
  });

  it('clamps validity bounds and treats missing ones as open', () => {
    expect(boundSeconds(null, 0)).toBe(0);
    expect(boundSeconds(undefined, OPEN_END)).toBe(OPEN_END);
    expect(boundSeconds('garbage', OPEN_END)).toBe(OPEN_END);
    expect(boundSeconds('1960-01-01T00:00:00Z', 0)).toBe(0);
    expect(boundSeconds('2025-01-01T00:00:00Z', 0)).toBe(1735689600);
  });
});
