import type { Logger } from 'pino';
import type { CardgateError } from '../core/errors.js';
import type { JobBook } from './jobs.js';
import type { JobRecord } from './job.js';
import { isLocked } from './ledger.js';

/**
 * Works the queue one job at a time, in queue order, while the station is recovered, unlocked and
 * no job waits for a person. `kick()` after anything that may make work possible.
 */
export function createWorker(book: JobBook, work: (id: string) => Promise<void>, log: Logger) {
  let recovered = false;
  let closed = false;
  let working: Promise<void> | null = null;
  const idleWaiters: Array<() => void> = [];

  const paused = (): boolean => [...book.active.values()].some((j) => j.status === 'needs-operator');

  function next(): JobRecord | undefined {
    if (!recovered || closed || isLocked(book.state) || paused()) return undefined;
    let best: JobRecord | undefined;
    for (const j of book.active.values())
      if (j.status === 'queued' && (!best || j.queueSeq < best.queueSeq)) best = j;
    return best;
  }

  function kick(): void {
    if (working) return;
    working = (async () => {
      for (let job = next(); job; job = next()) {
        try {
          await work(job.id);
        } catch (e) {
          log.error(
            { jobId: job.id, code: (e as CardgateError).code, err: (e as Error).message },
            'job worker error',
          );
          // A storage failure must not spin: stop here, the next create/resume kicks again.
          break;
        }
      }
    })().finally(() => {
      working = null;
      if (next()) kick();
      else for (const w of idleWaiters.splice(0)) w();
    });
  }

  return {
    kick,
    /** Jobs may be picked up from now on (after crash recovery). */
    start(): void {
      recovered = true;
      kick();
    },
    idle(): Promise<void> {
      if (!working && !next()) return Promise.resolve();
      return new Promise<void>((r) => idleWaiters.push(r));
    },
    async close(): Promise<void> {
      closed = true;
      await working;
    },
  };
}
