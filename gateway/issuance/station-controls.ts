import type { Logger } from 'pino';
import type { CardgateError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type { IssuanceAudit } from './audit-trail.js';
import type { JobBook } from './jobs.js';
import { checkLowNumbers, countersOf, isLocked, lockReason, withLock, type LockSource } from './ledger.js';
import { addBlock, remaining, type NumberBlockInput } from './numbers.js';

/** Locks (data centre, admin, door) and document-number blocks: what the station allows now. */
export function createStationControls(d: {
  book: JobBook;
  bus: EventBus;
  audit: IssuanceAudit;
  log: Logger;
  now: () => number;
  cfg: { lowNumbersWarning: number; numberBlocks: NumberBlockInput[] };
  kick: () => void;
}) {
  const { book, bus, audit, log, cfg } = d;
  const now = d.now;
  const stationEvent = (level: 'info' | 'warning', code: string, message: string, actor?: string): void =>
    bus.emit('station:event', { level, code, message, source: 'issuance', ...(actor ? { actor } : {}) });

  /** Blocks from the configuration join the known ones at every start (idempotent, overlap-checked). */
  async function addConfiguredBlocks(): Promise<void> {
    await book.commitState((s0) => {
      let s = s0;
      let changed = false;
      for (const b of cfg.numberBlocks) {
        try {
          const r = addBlock(s.numbers.blocks, b, 'config', book.nowIso());
          if (r.added) {
            s = { ...s, numbers: { ...s.numbers, blocks: r.blocks } };
            changed = true;
          }
        } catch (e) {
          log.error(
            { code: (e as CardgateError).code, prefix: b.prefix, first: b.first, last: b.last },
            'configured number block refused',
          );
        }
      }
      return changed ? { s } : null;
    });
  }

  async function lock(by: LockSource, reason: string, actor?: string): Promise<void> {
    await book.commitState((s) => ({ s: withLock(s, by, reason || by) }));
    bus.emit('station:lock', { locked: true, by, reason });
    stationEvent('warning', 'STATION_LOCKED', `issuing locked by ${by}`, actor);
    await audit.locked(actor ?? by, by, reason);
  }

  async function unlock(by: LockSource, actor?: string): Promise<void> {
    await book.commitState((s) => ({ s: withLock(s, by, null) }));
    const s = book.state;
    bus.emit('station:lock', {
      locked: isLocked(s),
      by,
      reason: isLocked(s) ? Object.values(s.locks).join('; ') : '',
    });
    await audit.unlocked(actor ?? by, by);
    d.kick();
  }

  function station() {
    const s = book.state;
    return {
      locked: isLocked(s),
      lockReason: lockReason(s),
      numbersRemaining: remaining(s.numbers.blocks),
      counters: countersOf(s, now()),
    };
  }

  async function assignNumberBlock(
    block: NumberBlockInput,
    actor = 'datacenter',
  ): Promise<{ added: boolean; remaining: number }> {
    let added = false;
    await book.commitState((s) => {
      const r = addBlock(s.numbers.blocks, block, 'datacenter', book.nowIso());
      added = r.added;
      if (!r.added) return null;
      const low = checkLowNumbers(
        { ...s, numbers: { ...s.numbers, blocks: r.blocks } },
        cfg.lowNumbersWarning,
      );
      if (low.warn) stationEvent('warning', 'NUMBERS_LOW', `${remaining(r.blocks)} document numbers left`);
      return { s: low.s };
    });
    await audit.numbersAssigned(actor, block, added);
    if (added) book.emitCounters();
    return { added, remaining: remaining(book.state.numbers.blocks) };
  }

  return { addConfiguredBlocks, lock, unlock, station, assignNumberBlock };
}
