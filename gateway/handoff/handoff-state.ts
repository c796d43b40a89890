import { join } from 'node:path';
import { CardgateError } from '../core/errors.js';
import { readFileIfExists, writeFileDurable } from '../storage/durable-file.js';

/** A record HQ acknowledged: its job's personal data goes after the grace period. */
export interface AckedRecord {
  recordId: string;
  jobId: string;
  ackedAt: string;
}

interface StateFile {
  /** Record ids in the outbox or acknowledged (not yet purged): never built twice. */
  enqueued: Record<string, string>;
  acked: AckedRecord[];
  lastAckAt: string | null;
  lastError: { code: string; message: string; at: string } | null;
}

const EMPTY: StateFile = { enqueued: {}, acked: [], lastAckAt: null, lastError: null };

/**
 * The hand-off's own book, beside its outbox: which records were made, which HQ acknowledged
 * and when (the purge clock), and the last error. Replaced whole and durably at every change
 * (write, fsync, rename): small, and a card a minute at most. Holds ids and times only.
 */
export class HandoffState {
  #s: StateFile = structuredClone(EMPTY);
  #writing: Promise<void> = Promise.resolve();
  private constructor(private readonly file: string) {}

  static async open(dir: string): Promise<HandoffState> {
    const st = new HandoffState(join(dir, 'state.json'));
    const buf = await readFileIfExists(st.file);
    if (buf) {
      try {
        st.#s = { ...structuredClone(EMPTY), ...(JSON.parse(buf.toString('utf8')) as Partial<StateFile>) };
      } catch (cause) {
        throw new CardgateError('HANDOFF_OUTBOX_CORRUPT', `${st.file} is not JSON`, { cause });
      }
    }
    return st;
  }

  get lastAckAt(): string | null {
    return this.#s.lastAckAt;
  }
  get lastError(): StateFile['lastError'] {
    return this.#s.lastError;
  }
  get acked(): readonly AckedRecord[] {
    return this.#s.acked;
  }

  has(recordId: string): boolean {
    return recordId in this.#s.enqueued;
  }

  /** Record ids still waiting for HQ's acknowledgement, by job. */
  pendingJobs(): Set<string> {
    const ackedIds = new Set(this.#s.acked.map((a) => a.recordId));
    return new Set(
      Object.entries(this.#s.enqueued)
        .filter(([r]) => !ackedIds.has(r))
        .map(([, j]) => j),
    );
  }

  enqueued(recordId: string, jobId: string): Promise<void> {
    this.#s.enqueued[recordId] = jobId;
    return this.#save();
  }

  ack(recordId: string, jobId: string, at: string): Promise<void> {
    if (!this.#s.acked.some((a) => a.recordId === recordId))
      this.#s.acked.push({ recordId, jobId, ackedAt: at });
    this.#s.lastAckAt = at;
    this.#s.lastError = null;
    return this.#save();
  }

  error(code: string, message: string, at: string): Promise<void> {
    this.#s.lastError = { code, message, at };
    return this.#save();
  }

  /** The job's personal data is gone: forget its records (they can never be built again). */
  purged(jobId: string): Promise<void> {
    this.#s.acked = this.#s.acked.filter((a) => a.jobId !== jobId);
    for (const [r, j] of Object.entries(this.#s.enqueued)) if (j === jobId) delete this.#s.enqueued[r];
    return this.#save();
  }

  #save(): Promise<void> {
    const text = JSON.stringify(this.#s);
    const run = this.#writing.then(() => writeFileDurable(this.file, text));
    this.#writing = run.catch(() => undefined);
    return run;
  }
}
