import type { Logger } from 'pino';
import type { CardgateError } from '../core/errors.js';
import type { EncoderState } from '../../drivers/encoder/interface.js';
import type { CardRun } from './card-run.js';
import type { JobBook } from './jobs.js';
import type { JobRecord } from './job.js';
import { isLocked } from './ledger.js';
import { lineBook } from './line-books.js';
import type { LineDevices, LineHistoryEntry, LineStage } from './line-types.js';

/** A line as the scheduler works it: its devices, its card run, what it does now. */
export interface LineRuntime extends LineDevices {
  run: CardRun;
  current: string | null;
  stage: LineStage | null;
  /** A device of the line is missing (reader unplugged, printer link down): no job goes to it. */
  offline: { code: string; message: string; at: number } | null;
  /** When cards were issued on this line (the last hour's, for the throughput figure). */
  issuedAt: number[];
  startedAt: number;
}

const HISTORY_MAX = 50_000;
const STANDARD = 'standard';

/** Why a line's encoder cannot be used: the stack is down or the bound reader is not there. */
export function readerProblem(line: Pick<LineDevices, 'reader'>, s: EncoderState): string | null {
  if (!s.available) return `the PC/SC service is not available${s.reason ? ` (${s.reason})` : ''}`;
  if (line.reader) {
    return s.readers.some((r) => r.includes(line.reader!)) ? null : `reader "${line.reader}" is missing`;
  }
  return s.readers.length === 0 ? 'no reader is connected' : null;
}

/**
 * One durable queue, several lines: each idle, available line takes the oldest queued job it may
 * work (not pinned elsewhere, of a card type its stock holds). A job is claimed in memory before
 * its first commit, so two lines never take the same one. With one line, a job that waits for a
 * person pauses the queue (as before lines); with several, a line's fault stops only that line.
 */
export function createScheduler(d: {
  book: JobBook;
  lines: LineRuntime[];
  log: Logger;
  now: () => number;
  onChange: (line: LineRuntime) => void;
}) {
  const { book, lines, log } = d;
  const multi = lines.length > 1;
  let recovered = false;
  let closed = false;
  const claimed = new Set<string>();
  const working = new Map<string, Promise<void>>();
  const idleWaiters: Array<() => void> = [];
  const history: LineHistoryEntry[] = [];
  let seq = 0;

  const record = (e: Omit<LineHistoryEntry, 'seq' | 'at'>): void => {
    history.push({ seq: ++seq, at: d.now(), ...e });
    if (history.length > HISTORY_MAX) history.splice(0, history.length - HISTORY_MAX);
  };

  const paused = (): boolean =>
    !multi && [...book.active.values()].some((j) => j.status === 'needs-operator');

  /** The line may take a job (with one line, only the station's locks and pauses stop it). */
  function available(line: LineRuntime): boolean {
    const b = lineBook(book.state, line.id);
    if (b.outOfService) return false;
    if (!multi) return true;
    return !b.fault && !line.offline;
  }

  function mayTake(j: JobRecord, line: LineRuntime): boolean {
    if (j.status !== 'queued' || claimed.has(j.id)) return false;
    if (j.pinnedLine && j.pinnedLine !== line.id) return false;
    // A line without a list holds the standard stock; a job without a type needs it.
    if (!(line.cardTypes ?? [STANDARD]).includes(j.cardType ?? STANDARD)) return false;
    return true;
  }

  function waitingFor(line: LineRuntime): number {
    let n = 0;
    for (const j of book.active.values()) if (mayTake(j, line)) n++;
    return n;
  }

  function next(line: LineRuntime): JobRecord | undefined {
    if (!recovered || closed || isLocked(book.state) || paused() || !available(line)) return undefined;
    let best: JobRecord | undefined;
    for (const j of book.active.values())
      if (mayTake(j, line) && (!best || j.queueSeq < best.queueSeq)) best = j;
    return best;
  }

  function take(line: LineRuntime, j: JobRecord): void {
    claimed.add(j.id);
    line.current = j.id;
    line.stage = 'feeding';
    record({ line: line.id, event: 'take', jobId: j.id });
    d.onChange(line);
  }

  function loop(line: LineRuntime, first: JobRecord): void {
    take(line, first);
    const p = (async () => {
      for (let job: JobRecord | undefined = first; job;) {
        try {
          await line.run.work(job.id);
        } catch (e) {
          log.error(
            { jobId: job.id, line: line.id, code: (e as CardgateError).code, err: (e as Error).message },
            'job worker error',
          );
          // A storage failure must not spin: stop here, the next create/resume kicks again.
          claimed.delete(job.id);
          break;
        } finally {
          line.current = null;
          line.stage = null;
        }
        claimed.delete(job.id);
        // A job this line gave back (its fault) is for the others: wake them now.
        kickOthers(line);
        job = next(line);
        if (job) take(line, job);
      }
      // Recorded where the decision is made (same tick), with what this line could have taken.
      record({ line: line.id, event: 'idle', waiting: waitingFor(line), available: available(line) });
    })().finally(() => {
      working.delete(line.id);
      d.onChange(line);
      if (lines.some((l) => !working.has(l.id) && next(l))) kick();
      else if (working.size === 0) for (const w of idleWaiters.splice(0)) w();
    });
    working.set(line.id, p);
  }

  function kickOthers(except: LineRuntime): void {
    for (const l of lines) {
      if (l === except || working.has(l.id)) continue;
      const j = next(l);
      if (j) loop(l, j);
    }
  }

  function kick(): void {
    for (const l of lines) {
      if (working.has(l.id)) continue;
      const j = next(l);
      if (j) loop(l, j);
    }
  }

  return {
    kick,
    record,
    release: (jobId: string): void => {
      claimed.delete(jobId);
    },
    available,
    waitingFor,
    history: (): LineHistoryEntry[] => history.slice(),
    /** Jobs may be picked up from now on (after crash recovery). */
    start(): void {
      recovered = true;
      kick();
    },
    idle(): Promise<void> {
      if (working.size === 0 && !lines.some((l) => next(l))) return Promise.resolve();
      return new Promise<void>((r) => idleWaiters.push(r));
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.all([...working.values()]);
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
