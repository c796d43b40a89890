import { describe, expect, it } from 'vitest';
import { backoffDelay, redactUrl } from '../../gateway/telemetry/connection.js';

describe('reconnect backoff', () => {
  it('doubles up to the cap and spreads stations over [cap/2, cap]', () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, 1000, 60_000, () => 1))).toEqual([
      1000, 2000, 4000, 8000, 60_000,
    ]);
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(4000);
    const spread = new Set(Array.from({ length: 200 }, () => backoffDelay(6, 1000, 60_000)));
    expect(spread.size).toBeGreaterThan(150);
    for (const d of spread) expect(d >= 30_000 && d <= 60_000).toBe(true);
  });

  it('never shows broker credentials', () => {
    expect(redactUrl('mqtts://user:secret@broker.example:8883')).toBe('mqtts://broker.example:8883');
  });
});
