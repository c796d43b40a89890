import { EventEmitter } from 'node:events';
import type { ApplicantCardView, ConfirmField } from './card-view.js';

export type ScreenStage = 'idle' | 'photo' | 'confirm' | 'printing' | 'done' | 'failed';

export interface DeskAnswer {
  draftId: string;
  answer: 'correct' | 'wrong';
  field: ConfirmField | null;
  at: string;
}

/** One operator desk as the applicant area sees it (memory only: drafts hold personal data). */
export interface Desk {
  desk: string;
  /** A screen was paired and not unpaired since (it may have dropped: see `connected`). */
  paired: boolean;
  pairedAt: string | null;
  /** Open event streams of the paired screen. */
  connected: number;
  stage: ScreenStage;
  draft: { view: ApplicantCardView; digest: string } | null;
  answer: DeskAnswer | null;
  override: { draftId: string; reason: string; at: string } | null;
  /** The job queued from the confirmed draft, while the screen follows it. */
  job: { id: string; status: string; dateOfExpiry: string; validityDays: number } | null;
}

/**
 * The desks' applicant state, with a change signal per desk (the operator's and the screen's
 * event streams listen to it). Nothing here is written to disk: a restart forgets drafts, so a
 * card is never queued on a confirmation the station cannot show again.
 */
export class Desks {
  readonly #desks = new Map<string, Desk>();
  readonly #events = new EventEmitter();

  constructor() {
    this.#events.setMaxListeners(0);
  }

  get(desk: string): Desk {
    let d = this.#desks.get(desk);
    if (!d) {
      d = {
        desk,
        paired: false,
        pairedAt: null,
        connected: 0,
        stage: 'idle',
        draft: null,
        answer: null,
        override: null,
        job: null,
      };
      this.#desks.set(desk, d);
    }
    return d;
  }

  peek(desk: string): Desk | undefined {
    return this.#desks.get(desk);
  }

  /** Change a desk and tell its listeners. */
  update(desk: string, fn: (d: Desk) => void): Desk {
    const d = this.get(desk);
    fn(d);
    this.#events.emit(desk, d);
    return d;
  }

  onChange(desk: string, fn: (d: Desk) => void): () => void {
    this.#events.on(desk, fn);
    return () => this.#events.off(desk, fn);
  }

  /** Every desk that follows this job (at most one). */
  byJob(jobId: string): Desk | undefined {
    for (const d of this.#desks.values()) if (d.job?.id === jobId) return d;
    return undefined;
  }
}
