import { join, resolve } from 'node:path';
import { ConfigError, CardgateError } from '../core/errors.js';
import type { KeyStoreConfig } from '../config/sections/key-store.js';
import { FileKeyStore } from './file-key-store.js';
import type { KeyStore } from './key-store.js';

export interface KeyStoreSettings {
  /** `security.keyStore`; absent means the file store in `<dataDir>/keys`. */
  keyStore?: Partial<KeyStoreConfig> | undefined;
  /** `security.requireToken`: refuse to sign unless the keys are in a token. */
  requireToken?: boolean | undefined;
}

export interface OpenKeyStoreOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * The key store the configuration names. Opening never talks to a token: a missing token, a wrong
 * PIN or a missing PKCS#11 binding shows at first use (and in `check()`) as KEY_STORE_UNAVAILABLE,
 * so a station starts and says what is wrong instead of failing to start. Only a configuration
 * that cannot work (pkcs11 without module or token label) is refused here.
 */
export async function openKeyStore(settings: KeyStoreSettings, opts: OpenKeyStoreOptions): Promise<KeyStore> {
  const cfg = settings.keyStore ?? {};
  let store: KeyStore;
  if ((cfg.kind ?? 'file') === 'pkcs11') {
    if (!cfg.module)
      throw new ConfigError('/security/keyStore/module', 'a pkcs11 key store needs the module path');
    if (!cfg.tokenLabel)
      throw new ConfigError('/security/keyStore/tokenLabel', 'a pkcs11 key store needs the token label');
    const { Pkcs11KeyStore } = await import('./pkcs11/pkcs11-key-store.js');
    store = new Pkcs11KeyStore({
      module: cfg.module,
      tokenLabel: cfg.tokenLabel,
      pinFile: cfg.pinFile,
      pinCredential: cfg.pinCredential,
      env: opts.env ?? process.env,
    });
  } else {
    store = new FileKeyStore(cfg.location ? resolve(cfg.location) : join(opts.dataDir, 'keys'));
  }
  return settings.requireToken && store.development ? new TokenRequired(store) : store;
}

export const tokenRequiredError = (): CardgateError =>
  new CardgateError(
    'KEY_STORE_TOKEN_REQUIRED',
    'security.requireToken is set but the keys are in the development file store: documents are not signed',
    {
      details: {
        reason: 'token-required',
        fix: 'configure security.keyStore (kind pkcs11, module, tokenLabel, pinFile) for the station token, see docs/keys.md',
      },
    },
  );

/**
 * The production profile over the file store: data keys still open (the station can read what it
 * holds), but nothing is signed, and `check()` says why, so /ready and the pages show it.
 */
class TokenRequired implements KeyStore {
  readonly kind: KeyStore['kind'];
  readonly development = true;
  readonly location: string;
  constructor(readonly inner: KeyStore) {
    this.kind = inner.kind;
    this.location = inner.location;
  }
  has(label: string): Promise<boolean> {
    return this.inner.has(label);
  }
  createSigningKey(): Promise<never> {
    return Promise.reject(tokenRequiredError());
  }
  publicKey(label: string): ReturnType<KeyStore['publicKey']> {
    return this.inner.publicKey(label);
  }
  sign(): Promise<never> {
    return Promise.reject(tokenRequiredError());
  }
  createWrappingKey(label: string): Promise<void> {
    return this.inner.createWrappingKey(label);
  }
  wrap(label: string, secret: Uint8Array): Promise<Uint8Array> {
    return this.inner.wrap(label, secret);
  }
  unwrap(label: string, wrapped: Uint8Array): Promise<Uint8Array> {
    return this.inner.unwrap(label, wrapped);
  }
  destroy(label: string): Promise<void> {
    return this.inner.destroy(label);
  }
  check(): Promise<void> {
    return Promise.reject(tokenRequiredError());
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
