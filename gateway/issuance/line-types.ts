import type { CardPrinter } from '../../drivers/printer/interface.js';
import type { CardEncoder } from '../../drivers/encoder/interface.js';
import type { StockTotals } from './stock.js';

/**
 * A print line: one printer and the chip encoder inside or beside it, with its own card stock.
 * A station with one printer is one line (`line-1`); several lines share one job queue.
 */
export interface LineDevices {
  id: string;
  name: string;
  printer: CardPrinter;
  encoder: CardEncoder;
  /** The reader the encoder must see (PC/SC reader name or USB serial, as a substring); any reader when absent. */
  reader?: string | undefined;
  /** Card types this line's stock holds; absent: the standard card (jobs without a type). */
  cardTypes?: string[] | undefined;
}

/** Worst first: the board's light and the pages sort by it. */
export const LINE_STATES = ['offline', 'fault', 'out-of-service', 'busy', 'idle'] as const;
export type LineStateName = (typeof LINE_STATES)[number];

/** The worst of several line states (an empty list is idle). */
export function worstLineState(states: readonly LineStateName[]): LineStateName {
  let worst: LineStateName = 'idle';
  for (const s of states) if (LINE_STATES.indexOf(s) < LINE_STATES.indexOf(worst)) worst = s;
  return worst;
}

/** Where the job on a line is now (the desk shows it: "line 2 encoding"). */
export type LineStage = 'feeding' | 'encoding' | 'printing' | 'ejecting' | 'rejecting';

export interface LineView {
  id: string;
  name: string;
  state: LineStateName;
  /** Why the line takes no job: a fault, a missing device, or a technician's reason. */
  reason: { code: string; message: string; at: string | null } | null;
  /** The reader the line's encoder is bound to (named when missing). */
  reader: string | null;
  printer: string;
  encoder: string;
  cardTypes: string[] | null;
  currentJob: { id: string; stage: LineStage } | null;
  stock: StockTotals & { identityHolds: boolean };
  ribbon: { type: string | null; remaining: number | null };
  throughput: { issued: number; spoiled: number; testCards: number; lastHour: number; perHour: number };
}

/** One entry of the scheduler's recorded history (tests check fairness from it, not from timing). */
export interface LineHistoryEntry {
  seq: number;
  at: number;
  line: string;
  event: 'take' | 'idle' | 'fault' | 'back' | 'offline' | 'online' | 'out-of-service' | 'in-service';
  jobId?: string;
  /** Queued jobs this line could have taken at that moment (must be 0 when an available line idles). */
  waiting?: number;
  available?: boolean;
}

declare module '../core/events.js' {
  interface GatewayEvents {
    /** A print line's state changed (no personal data: line id, state, job id, code). */
    'issuance:line': {
      line: string;
      state: LineStateName;
      jobId: string | null;
      code: string | null;
    };
  }
}
