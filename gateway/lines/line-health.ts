import type { LineView } from '../issuance/line-types.js';
import type { LineHealthSample } from '../telemetry/types.js';

/** What HQ learns of each print line: states and codes, never whose card is on it. */
export const lineHealth = (lines: LineView[]): LineHealthSample[] =>
  lines.map((l) => ({
    line: l.id,
    state: l.state,
    code: l.reason?.code ?? null,
    stage: l.currentJob?.stage ?? null,
    inFeeder: Math.max(0, l.stock.inFeeder),
    ribbonRemaining: l.ribbon.remaining,
  }));
