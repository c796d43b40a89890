import { cpus, loadavg } from 'node:os';

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

/**
 * The host's speed right now: CPU ns to sum one byte of a card-sized buffer. This machine's
 * speed drifts (about 2.4 ns on a quiet host, 4–5 ns when the host is slow), so every suite
 * whose figures depend on it reports this row next to them.
 */
export function calibrationRow(): BenchRow {
  const cal = new Uint8Array(658_368).map((_, i) => i & 255);
  const samples: number[] = [];
  let sink = 0;
  for (let r = 0; r < 7; r++) {
    const c = process.cpuUsage();
    for (let i = 0; i < cal.length; i++) sink += cal[i]!;
    const d = process.cpuUsage(c);
    samples.push(((d.user + d.system) * 1000) / cal.length);
  }
  return {
    name: 'calibration: CPU ns to sum one byte of a 648×1016 buffer (machine speed now)',
    value: median(samples),
    unit: 'ns',
    note: `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores${sink < 0 ? '' : ''}`,
  };
}
