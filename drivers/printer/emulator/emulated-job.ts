import type { DecodedPanel } from '../evolis/job-decoder.js';
import { panelSummary } from '../panel-summary.js';

export interface EmulatedSide {
  side: 'front' | 'back';
  panels: DecodedPanel[];
}

export interface EmulatedJob {
  number: number;
  ribbon: string | null;
  startedAt: string;
  endedAt: string | null;
  result: 'printing' | 'ejected' | 'rejected' | 'jammed';
  sides: EmulatedSide[];
  /** Panels seen with their wire size, for the JSON record. */
  wire: { panel: string; side: 'front' | 'back'; bytes: number; compressed: boolean }[];
}

/** The JSON record of a job (no dot data). */
export function jobRecord(j: EmulatedJob): Record<string, unknown> {
  return {
    number: j.number,
    ribbon: j.ribbon,
    result: j.result,
    startedAt: j.startedAt,
    endedAt: j.endedAt,
    sides: j.sides.map((s) => ({
      side: s.side,
      panels: s.panels.map((p) => ({ ...panelSummary(p), compressed: p.compressed })),
    })),
    wireBytes: j.wire.reduce((n, w) => n + w.bytes, 0),
  };
}
