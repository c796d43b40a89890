import { createHash } from 'node:crypto';
import { CardgateError } from '../../core/errors.js';
import { readPin, pinLocation, type PinSource } from '../pin.js';
import { loadPkcs11Binding, type Pkcs11Binding } from './binding.js';
import { Pkcs11Module } from './module.js';

export interface TokenOptions extends PinSource {
  module: string;
  tokenLabel: string;
}

/** What an operation gets: the library, a logged-in session and a label lookup. */
export interface Session {
  p11: Pkcs11Binding;
  lib: Pkcs11Module['lib'];
  handle: Buffer;
  slot: Buffer;
  /** The object of this class and label, or null; handles are cached until the session is lost. */
  find(cls: number, label: string): Buffer | null;
}

const unavailable = (reason: string, message: string, fix: string, cause?: unknown): CardgateError =>
  new CardgateError('KEY_STORE_UNAVAILABLE', message, {
    details: { reason, fix },
    ...(cause === undefined ? {} : { cause }),
  });

/** pkcs11js's Pkcs11Error: a CK_RV in `code` and the function in `method`. */
export const isPkcs11Error = (e: unknown): e is Error & { code: number; method: string } =>
  e instanceof Error && typeof (e as { code?: unknown }).code === 'number' && 'method' in e;

/**
 * A logged-in session on the token with a given label, opened on first use and opened again
 * when the token went away and came back. Operations run one at a time (a PKCS#11 session does one
 * operation at a time). A PIN the token rejected is not tried again until the PIN source changes:
 * real tokens lock after a few wrong tries.
 */
export class TokenSession {
  #mod: Pkcs11Module | null = null;
  #slot: Buffer | null = null;
  #session: Buffer | null = null;
  #generation = -1;
  #handles = new Map<string, Buffer>();
  #rejectedPin: string | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(readonly opts: TokenOptions) {}

  /** Runs `fn` with a live session; a lost session is opened again once before giving up. */
  use<T>(fn: (s: Session) => T): Promise<T> {
    const run = this.#queue.then(() => this.#run(fn));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #run<T>(fn: (s: Session) => T): Promise<T> {
    if (this.#closed) throw unavailable('closed', 'the key store is closed', 'restart the station');
    let s = await this.#connect(false);
    try {
      return fn(s);
    } catch (e) {
      if (!this.#lost(e)) throw e;
      this.#drop();
      s = await this.#connect(true);
      try {
        return fn(s);
      } catch (again) {
        if (this.#lost(again)) {
          this.#drop();
          throw unavailable(
            'token-removed',
            `the token "${this.opts.tokenLabel}" stopped answering`,
            'put the token back (or reconnect it); the station finds it again on its own',
            again,
          );
        }
        throw again;
      }
    }
  }

  /** True when the error means the session or token is gone rather than the operation failed. */
  #lost(e: unknown): boolean {
    if (!isPkcs11Error(e) || !this.#mod || !this.#session || !this.#slot) return false;
    const p11 = loadPkcs11Binding();
    const gone = [
      p11.CKR_SESSION_HANDLE_INVALID,
      p11.CKR_SESSION_CLOSED,
      p11.CKR_TOKEN_NOT_PRESENT,
      p11.CKR_DEVICE_REMOVED,
      p11.CKR_DEVICE_ERROR,
      p11.CKR_OBJECT_HANDLE_INVALID,
      p11.CKR_KEY_HANDLE_INVALID,
      p11.CKR_USER_NOT_LOGGED_IN,
      p11.CKR_CRYPTOKI_NOT_INITIALIZED,
    ];
    if (gone.includes(e.code)) return true;
    // Some modules answer CKR_GENERAL_ERROR both for a pulled token and for a failed operation
    // (SoftHSM2 for a bad GCM tag): ask the token whether it is still there.
    try {
      this.#mod.lib.C_GetTokenInfo(this.#slot);
      this.#mod.lib.C_GetSessionInfo(this.#session);
      return this.#mod.generation !== this.#generation;
    } catch {
      return true;
    }
  }

  #drop(): void {
    this.#session = null;
    this.#slot = null;
    this.#handles.clear();
  }

  #findSlot(mod: Pkcs11Module): Buffer | null {
    for (const slot of mod.lib.C_GetSlotList(true)) {
      try {
        if (mod.lib.C_GetTokenInfo(slot).label.trim() === this.opts.tokenLabel) return slot;
      } catch {
        // A slot whose token went away between the list and the question.
      }
    }
    return null;
  }

  async #connect(reinitialise: boolean): Promise<Session> {
    const p11 = loadPkcs11Binding();
    this.#mod ??= Pkcs11Module.acquire(this.opts.module);
    const mod = this.#mod;
    if (this.#session && this.#generation === mod.generation && !reinitialise) return this.#live(p11, mod);
    this.#drop();
    let slot: Buffer | null = null;
    try {
      slot = reinitialise ? null : this.#findSlot(mod);
    } catch {
      slot = null;
    }
    if (!slot) {
      // The library only sees tokens present at initialisation: look again after re-initialising.
      try {
        mod.reinitialise();
        slot = this.#findSlot(mod);
      } catch (cause) {
        throw unavailable(
          'token-missing',
          `the PKCS#11 module ${this.opts.module} does not answer`,
          'check the token is connected and its service (pcscd, tpm2-abrmd) runs',
          cause,
        );
      }
    }
    if (!slot)
      throw unavailable(
        'token-missing',
        `no token labelled "${this.opts.tokenLabel}" is present`,
        `connect the token labelled "${this.opts.tokenLabel}" (or correct security.keyStore.tokenLabel)`,
      );
    const pin = await readPin(this.opts);
    const pinId = createHash('sha256').update(pin).digest('hex');
    if (this.#rejectedPin === pinId)
      throw unavailable(
        'pin-rejected',
        'the token rejected the PIN; it is not tried again until the PIN is changed',
        `write the correct user PIN into ${pinLocation(this.opts)}`,
      );
    const session = mod.lib.C_OpenSession(slot, p11.CKF_SERIAL_SESSION | p11.CKF_RW_SESSION);
    try {
      mod.lib.C_Login(session, p11.CKU_USER, pin);
    } catch (e) {
      const code = isPkcs11Error(e) ? e.code : -1;
      if (code !== p11.CKR_USER_ALREADY_LOGGED_IN) {
        mod.lib.C_CloseSession(session);
        if (code === p11.CKR_PIN_INCORRECT || code === p11.CKR_PIN_LEN_RANGE) {
          this.#rejectedPin = pinId;
          throw unavailable(
            'pin-rejected',
            'the token rejected the PIN',
            `write the correct user PIN into ${pinLocation(this.opts)}`,
          );
        }
        if (code === p11.CKR_PIN_LOCKED)
          throw unavailable('pin-locked', 'the token PIN is locked', 'unlock the token PIN with the SO PIN');
        throw unavailable('login-failed', 'login to the token failed', 'check the token and its PIN', e);
      }
    }
    this.#rejectedPin = null;
    this.#slot = slot;
    this.#session = session;
    this.#generation = mod.generation;
    return this.#live(p11, mod);
  }

  #live(p11: Pkcs11Binding, mod: Pkcs11Module): Session {
    const handle = this.#session!;
    return {
      p11,
      lib: mod.lib,
      handle,
      slot: this.#slot!,
      find: (cls, label) => {
        const key = `${cls}:${label}`;
        const cached = this.#handles.get(key);
        if (cached) return cached;
        mod.lib.C_FindObjectsInit(handle, [
          { type: p11.CKA_CLASS, value: cls },
          { type: p11.CKA_LABEL, value: label },
        ]);
        try {
          const found = mod.lib.C_FindObjects(handle, 2);
          if (found.length > 1)
            throw new CardgateError('KEY_EXISTS', `the token holds more than one key labelled ${label}`);
          if (found[0]) this.#handles.set(key, found[0]);
          return found[0] ?? null;
        } finally {
          mod.lib.C_FindObjectsFinal(handle);
        }
      },
    };
  }

  /** Forgets the cached handle of a destroyed object. */
  forget(label: string): void {
    for (const k of [...this.#handles.keys()]) if (k.endsWith(`:${label}`)) this.#handles.delete(k);
  }

  async close(): Promise<void> {
    await this.#queue;
    this.#closed = true;
    if (this.#mod && this.#session && this.#generation === this.#mod.generation) {
      try {
        this.#mod.lib.C_CloseSession(this.#session);
      } catch {
        // The token may be gone already.
      }
    }
    this.#drop();
    this.#mod?.release();
    this.#mod = null;
  }
}
