/** One row of benchmark output: our implementation against a named reference. */
export interface BenchResult {
  name: string;
  ours: { opsPerSec: number };
  reference: { name: string; opsPerSec: number };
  /** ours.opsPerSec / reference.opsPerSec: above 1 means we are faster. */
  ratio: number;
  note?: string;
}
