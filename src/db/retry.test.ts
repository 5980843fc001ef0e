import { describe, expect, it } from 'vitest';
import { isUniqueViolation, retryOnUniqueViolation } from './retry.js';

const conflict = () =>
  Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });

describe('retryOnUniqueViolation', () => {
  it('runs the work again after a unique violation and returns its result', async () => {
    let calls = 0;
    const result = await retryOnUniqueViolation(async () => {
      calls++;
      if (calls === 1) throw conflict();
      return 'second try';
    });
    expect(result).toBe('second try');
    expect(calls).toBe(2);
  });

  it('gives up after the last attempt with the error as it was', async () => {
    let calls = 0;
    const failing = retryOnUniqueViolation(async () => {
      calls++;
      throw conflict();
    }, 3);
    await expect(failing).rejects.toMatchObject({ code: '23505' });
    expect(calls).toBe(3);
  });

  it('never retries other errors', async () => {
    let calls = 0;
    const failing = retryOnUniqueViolation(async () => {
      calls++;
      throw Object.assign(new Error('no such table'), { code: '42P01' });
    });
    await expect(failing).rejects.toThrow('no such table');
    expect(calls).toBe(1);
    expect(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBe(true);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
