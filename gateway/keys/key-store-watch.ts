import { isCardgateError } from '../core/errors.js';
import type { KeyStore } from './key-store.js';

/** What /ready, the technician page and telemetry health say about the keys. */
export interface KeyStoreHealth {
  kind: KeyStore['kind'];
  /** True for the development file store (keys not protected by a token). */
  development: boolean;
  location: string;
  /** Signing works now. */
  usable: boolean;
  /** Error code when not usable (KEY_STORE_UNAVAILABLE, KEY_STORE_TOKEN_REQUIRED). */
  code: string | null;
  /** Short reason key, e.g. `token-missing`, `pin-rejected`, `token-removed`. */
  reason: string | null;
  /** What went wrong, for the technician (never a PIN). */
  message: string | null;
  /** What the technician does about it. */
  fix: string | null;
  /** ISO time of the last change of `usable`. */
  since: string;
}

export interface KeyStoreWatchOptions {
  /** How often the store is asked (a pulled token is noticed within this time). */
  intervalMs?: number;
  now?: () => number;
  onChange?: (health: KeyStoreHealth, previous: KeyStoreHealth | null) => void;
  onError?: (error: unknown) => void;
}

/**
 * Asks the key store at an interval whether it can sign, remembers the answer and says when it
 * changes, so a token pulled out locks issuing and one put back unlocks it without a restart.
 */
export class KeyStoreWatch {
  #health: KeyStoreHealth | null = null;
  #timer: NodeJS.Timeout | undefined;
  #probing: Promise<KeyStoreHealth> | null = null;
  readonly #now: () => number;

  constructor(
    readonly store: KeyStore,
    readonly o: KeyStoreWatchOptions = {},
  ) {
    this.#now = o.now ?? Date.now;
  }

  get health(): KeyStoreHealth {
    return this.#health ?? this.#make(false, null);
  }

  #make(usable: boolean, error: unknown): KeyStoreHealth {
    const details = isCardgateError(error) ? (error.details ?? {}) : {};
    const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    return {
      kind: this.store.kind,
      development: this.store.development,
      location: this.store.location,
      usable,
      code: usable ? null : isCardgateError(error) ? error.code : 'KEY_STORE_UNAVAILABLE',
      reason: usable ? null : (str(details.reason) ?? 'unknown'),
      message: usable ? null : error instanceof Error ? error.message : 'not checked yet',
      fix: usable ? null : str(details.fix),
      since: new Date(this.#now()).toISOString(),
    };
  }

  /** Asks the store now; concurrent callers share one question. */
  probe(): Promise<KeyStoreHealth> {
    this.#probing ??= this.#probe().finally(() => (this.#probing = null));
    return this.#probing;
  }

  async #probe(): Promise<KeyStoreHealth> {
    let next: KeyStoreHealth;
    try {
      await this.store.check();
      next = this.#make(true, null);
    } catch (e) {
      next = this.#make(false, e);
    }
    const prev = this.#health;
    const same =
      prev && prev.usable === next.usable && prev.reason === next.reason && prev.message === next.message;
    if (same) return prev;
    this.#health = prev && prev.usable === next.usable ? { ...next, since: prev.since } : next;
    this.o.onChange?.(this.#health, prev);
    return this.#health;
  }

  start(): void {
    this.stop();
    this.#timer = setInterval(() => {
      this.probe().catch((e: unknown) => this.o.onError?.(e));
    }, this.o.intervalMs ?? 5000);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
