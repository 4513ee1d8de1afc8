/** Small statistics helpers shared by the benchmarks. */

/** The q-quantile (0..1) of a list, nearest-rank; 0 for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? 0;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

/** Median with min and max over repeated runs of one figure. */
export function spread(runs: readonly number[]): Spread {
  return {
    median: median(runs),
    min: runs.length ? Math.min(...runs) : 0,
    max: runs.length ? Math.max(...runs) : 0,
    runs: [...runs],
  };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
