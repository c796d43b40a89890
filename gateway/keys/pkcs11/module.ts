import { existsSync } from 'node:fs';
import type { Pkcs11Lib } from './binding-types.js';
import { CardgateError } from '../../core/errors.js';
import { loadPkcs11Binding } from './binding.js';

/**
 * One loaded PKCS#11 library per path, shared by every store in the process: a library is
 * initialised once per process (a second C_Initialize fails), and re-initialising it (how a token
 * that was pulled out and put back is found again) invalidates every session of every store.
 * `generation` counts those re-initialisations so each store knows its session is gone.
 */
export class Pkcs11Module {
  static readonly #loaded = new Map<string, Pkcs11Module>();
  #generation = 0;
  #users = 0;
  private constructor(
    readonly path: string,
    readonly lib: Pkcs11Lib,
  ) {}

  static acquire(path: string): Pkcs11Module {
    let mod = Pkcs11Module.#loaded.get(path);
    if (!mod) {
      const p11 = loadPkcs11Binding();
      if (!existsSync(path))
        throw new CardgateError('KEY_STORE_UNAVAILABLE', `the PKCS#11 module ${path} does not exist`, {
          details: {
            reason: 'module-missing',
            fix: `install the token's PKCS#11 module or correct security.keyStore.module (${path})`,
          },
        });
      const lib = new p11.PKCS11();
      try {
        lib.load(path);
        lib.C_Initialize({ flags: p11.CKF_OS_LOCKING_OK });
      } catch (cause) {
        throw new CardgateError('KEY_STORE_UNAVAILABLE', `the PKCS#11 module ${path} does not load`, {
          details: {
            reason: 'module-missing',
            fix: `check that ${path} is a PKCS#11 module for this machine`,
          },
          cause,
        });
      }
      mod = new Pkcs11Module(path, lib);
      Pkcs11Module.#loaded.set(path, mod);
    }
    mod.#users++;
    return mod;
  }

  get generation(): number {
    return this.#generation;
  }

  /** Finalise and initialise again: the library re-reads its slots (a token put back in). */
  reinitialise(): void {
    const p11 = loadPkcs11Binding();
    try {
      this.lib.C_Finalize();
    } catch {
      // Already finalised or the device is gone: initialising again is what matters.
    }
    this.#generation++;
    this.lib.C_Initialize({ flags: p11.CKF_OS_LOCKING_OK });
  }

  release(): void {
    if (--this.#users > 0) return;
    Pkcs11Module.#loaded.delete(this.path);
    try {
      this.lib.C_Finalize();
      this.lib.close();
    } catch {
      // Closing a library whose device is gone: nothing left to release.
    }
  }
}
