export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  goal?: string;
  note?: string;
}

/** Median and percentile helpers shared by the bench files. */
export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
export const median = (samples: number[]): number => percentile(samples, 50);
