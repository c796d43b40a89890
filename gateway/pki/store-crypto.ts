import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import type { KeyStore } from '../keys/key-store.js';

/** The ECDSA P-256 parameters of every key in the store, as WebCrypto names them. */
export const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
export const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

const storeLabel = new WeakMap<object, string>();

export interface StoreKeys {
  /** A stand-in CryptoKey: signing with it asks the store (the private key stays in the token). */
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** WebCrypto for @peculiar/x509's generators: everything real, except `sign` with `privateKey`. */
  crypto: Crypto;
}

/**
 * Lets @peculiar/x509 build certificates, requests and CRLs signed by a key it cannot hold: its
 * generators call `crypto.subtle.sign(alg, key, tbs)` and expect raw r‖s for ECDSA (what WebCrypto
 * answers, and what KeyStore.sign answers), then write the DER signature themselves.
 */
export async function storeKeys(store: KeyStore, label: string): Promise<StoreKeys> {
  const spki = (await store.publicKey(label)).export({ format: 'der', type: 'spki' });
  const publicKey = await webcrypto.subtle.importKey('spki', spki, EC_P256, true, ['verify']);
  const privateKey = {
    type: 'private',
    extractable: false,
    algorithm: EC_P256,
    usages: ['sign'],
  } as unknown as CryptoKey;
  storeLabel.set(privateKey, label);
  const real = webcrypto.subtle;
  const subtle = new Proxy(real, {
    get(target, prop) {
      if (prop === 'sign')
        return async (alg: AlgorithmIdentifier | EcdsaParams, key: CryptoKey, data: BufferSource) => {
          const l = storeLabel.get(key);
          if (l === undefined) return target.sign(alg, key, data);
          const hash = typeof alg === 'object' && 'hash' in alg ? alg.hash : undefined;
          const hashName = typeof hash === 'string' ? hash : hash?.name;
          if (hashName !== 'SHA-256')
            throw new Error(`the key store signs ECDSA with SHA-256 only, not ${hashName}`);
          const bytes = ArrayBuffer.isView(data)
            ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
            : new Uint8Array(data);
          return (await store.sign(l, bytes)).slice().buffer;
        };
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const crypto = {
    subtle,
    getRandomValues: <T extends ArrayBufferView | null>(a: T): T =>
      webcrypto.getRandomValues(a as never) as T,
    randomUUID: () => webcrypto.randomUUID(),
  } as unknown as Crypto;
  return { privateKey, publicKey, crypto };
}
