import { readdir } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { PersonalStore } from '../crypto/personal-store.js';
import type { IssuanceAudit } from './audit-trail.js';
import type { JobRecord } from './job.js';
import type { JobBook } from './jobs.js';
import { isoDay } from './ledger.js';
import { TERMINAL } from './state-machine.js';

export interface RetentionDeps {
  book: JobBook;
  personal: PersonalStore;
  clock: Clock;
  retentionDays: number;
  audit: IssuanceAudit;
  log: Logger;
  /** Jobs whose personal data must stay although past retention (hand-off not acknowledged yet). */
  hold?: (job: JobRecord) => boolean;
}

/**
 * Personal data kept no longer than needed: purge past the retention period (walking days from a
 * cursor so finished days are not read again), remove sealed files whose job was never committed
 * (a crash during create), and reseal everything under a new data key.
 */
export function createRetention(d: RetentionDeps) {
  const { book, personal, clock, log } = d;
  /** Jobs being created: their sealed files exist before their record does. */
  const creating = new Set<string>();

  async function purgeExpired(): Promise<number> {
    const cutoffMs = clock.now() - d.retentionDays * 86_400_000;
    const cutoffDay = isoDay(cutoffMs);
    let purged = 0;
    for (const part of await book.partitions('jobs/')) {
      const day = part.slice(5);
      if (day > cutoffDay) break;
      const cursor = book.state.retentionCursor;
      if (cursor && day < cursor) continue;
      let allClear = true;
      for (const j of await book.list<JobRecord>(part)) {
        if (!j.personalData) continue;
        if (!TERMINAL.has(j.status) || Date.parse(j.updatedAt) > cutoffMs || d.hold?.(j)) {
          allClear = false;
          continue;
        }
        await personal.remove(j.id);
        await book.exclusive(async () => {
          const cur = await book.load(j.id);
          await book.commit([{ ...cur, personalData: false, purgedAt: book.nowIso() }]);
        });
        purged++;
      }
      if (allClear && day < cutoffDay && book.state.retentionCursor !== day)
        await book.commitState((s) => ({ s: { ...s, retentionCursor: day } }));
    }
    if (purged > 0) {
      log.info({ purged }, 'personal data past retention removed');
      await d.audit.purged(purged);
    }
    return purged;
  }

  /** One finished job's personal data, now (the hand-off's purge after HQ's acknowledgement). */
  async function purgeJob(jobId: string): Promise<boolean> {
    const j = await book.load(jobId);
    if (!j.personalData || !TERMINAL.has(j.status)) return false;
    await personal.remove(j.id);
    await book.exclusive(async () => {
      const cur = await book.load(j.id);
      await book.commit([{ ...cur, personalData: false, purgedAt: book.nowIso() }]);
    });
    await d.audit.purged(1);
    return true;
  }

  async function sweepOrphans(): Promise<number> {
    let files: string[] = [];
    try {
      files = await readdir(personal.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const ids = new Set(
      files
        .map((f) => /^(\d{8}-[0-9a-f]{10})\.(person|photo|artefacts)$/.exec(f)?.[1])
        .filter((x): x is string => !!x),
    );
    let removed = 0;
    for (const id of ids) {
      if (creating.has(id) || (await book.find(id))) continue;
      await personal.remove(id);
      removed++;
    }
    return removed;
  }

  async function rotateDataKey(newKey?: Buffer): Promise<{ keyId: string; resealed: number }> {
    const r = await personal.rotate(newKey);
    await d.audit.keyRotated(r.keyId, r.resealed);
    return r;
  }

  return { creating, purgeExpired, purgeJob, sweepOrphans, rotateDataKey };
}

export type Retention = ReturnType<typeof createRetention>;
