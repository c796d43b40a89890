import { randomBytes } from 'node:crypto';
import type { EmulatorFault } from './faults.js';
import type { PanelPoint } from './history.js';

/** A reply about to go out, with the delay before it (as the printer model's Outcome carries). */
interface Reply {
  reply: string | Buffer | null;
  delayMs: number;
}

/**
 * The faults waiting to happen: those scheduled at a panel of the next job, and the armed ones
 * that fire at a command (a jam at a panel, a dropped link, unreadable or late replies). The
 * printer model asks at each command; its state faults (cover, feeder, ribbon) stay in the model.
 */
export class FaultSchedule {
  #scheduled: { at: PanelPoint; fault: EmulatorFault }[] = [];
  #jam: { panel: string; side?: 'front' | 'back' } | null = null;
  #disconnect: { panel?: string } | null = null;
  #garbage = 0;
  #slow: { ms: number; count: number } | null = null;

  /** Hold a fault until the named panel of a job starts downloading. */
  at(when: PanelPoint, fault: EmulatorFault): void {
    this.#scheduled.push({ at: when, fault });
  }

  /** The scheduled faults due as this panel (of this side) starts; they are removed. */
  due(panel: string, side: 'front' | 'back'): EmulatorFault[] {
    const due = this.#scheduled.filter((s) => s.at.panel === panel && (!s.at.side || s.at.side === side));
    this.#scheduled = this.#scheduled.filter((s) => !due.includes(s));
    return due.map((d) => d.fault);
  }

  /** Arm a command-level fault; false when the fault is a state fault for the model to apply. */
  arm(f: EmulatorFault): boolean {
    switch (f.fault) {
      case 'jam':
        this.#jam = { panel: f.panel, ...(f.side ? { side: f.side } : {}) };
        return true;
      case 'disconnect':
        this.#disconnect = f.panel ? { panel: f.panel } : {};
        return true;
      case 'garbage':
        this.#garbage += f.count ?? 1;
        return true;
      case 'slow':
        this.#slow = { ms: f.ms, count: f.count ?? 1 };
        return true;
      default:
        return false;
    }
  }

  /** The link drops at the next command (a disconnect armed without a panel); fires once. */
  dropNow(): boolean {
    if (!this.#disconnect || this.#disconnect.panel) return false;
    this.#disconnect = null;
    return true;
  }

  /** The link drops as this panel arrives; fires once. */
  dropAt(panel: string): boolean {
    if (this.#disconnect?.panel !== panel) return false;
    this.#disconnect = null;
    return true;
  }

  /** The card jams as this panel (of this side) arrives; fires once. */
  jamAt(panel: string, side: 'front' | 'back'): boolean {
    const j = this.#jam;
    if (!j || j.panel !== panel || (j.side && j.side !== side)) return false;
    this.#jam = null;
    return true;
  }

  /** A reset (`Srs`) forgets an armed jam. */
  forgetJam(): void {
    this.#jam = null;
  }

  /** The operator cleared everything: nothing waits any more. */
  clearAll(): void {
    this.#scheduled = [];
    this.#jam = null;
    this.#disconnect = null;
    this.#garbage = 0;
    this.#slow = null;
  }

  /** A reply with the pending garbage and slow faults applied. */
  deliver<T extends Reply>(o: T): T {
    if (o.reply !== null && this.#garbage > 0) {
      this.#garbage--;
      // Bytes outside printable ASCII, never a terminator, then CR.
      o.reply = Buffer.from(randomBytes(12).map((b) => 0x80 | b));
    }
    if (o.reply !== null && this.#slow) {
      o.delayMs += this.#slow.ms;
      if (--this.#slow.count <= 0) this.#slow = null;
    }
    return o;
  }
}
