import type { PrinterFault } from '../interface.js';
import { isPrinterFault } from './replies.js';

export interface IdlePollerDeps {
  active: () => boolean;
  idle: () => boolean;
  poll: () => Promise<unknown>;
  onFault: (f: PrinterFault) => void;
}

/** Reads the printer's status every `intervalMs` while connected and not busy with an operation. */
export class IdlePoller {
  readonly #intervalMs: number;
  readonly #d: IdlePollerDeps;
  #timer: NodeJS.Timeout | null = null;

  constructor(intervalMs: number, d: IdlePollerDeps) {
    this.#intervalMs = intervalMs;
    this.#d = d;
  }

  /** (Re)start: the first poll runs at once; 0 disables polling. */
  start(): void {
    this.stop();
    if (this.#intervalMs <= 0) return;
    const tick = async (): Promise<void> => {
      this.#timer = null;
      if (!this.#d.active()) return;
      if (this.#d.idle()) {
        try {
          await this.#d.poll();
        } catch (e) {
          if (isPrinterFault(e) && e.code !== 'DISCONNECTED') this.#d.onFault(e);
        }
      }
      if (this.#d.active()) this.#arm(() => void tick(), this.#intervalMs);
    };
    this.#arm(() => void tick(), 0);
  }

  #arm(fn: () => void, ms: number): void {
    this.#timer = setTimeout(fn, ms);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
