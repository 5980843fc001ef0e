/**
 * Two transactions that both find no row for the same key and both insert it: on PostgreSQL the
 * second fails with a unique violation (SQLite serialises writers, so it never sees this). Running
 * the whole transaction again then finds the row the first one committed. Real duplicates fail
 * again and the last error is thrown as it was.
 */
const UNIQUE_VIOLATION = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE']);

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNIQUE_VIOLATION.has(code);
}

export async function retryOnUniqueViolation<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isUniqueViolation(error)) throw error;
    }
  }
}
