import { webcrypto, type KeyObject } from 'node:crypto';
import type { KeyStore } from '../keys/key-store.js';

/** ECDSA P-256 with SHA-256: the only signature the KeyStore makes. */
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** Stands in for a CryptoKey whose private half stays in the KeyStore. */
interface StoreKeyHandle {
  readonly algorithm: typeof ALG;
  readonly type: 'private';
  readonly extractable: false;
  readonly usages: ['sign'];
  readonly label: string;
}

const handles = new WeakSet<object>();

/**
 * @peculiar/x509 signs certificates and CSRs through a WebCrypto `subtle.sign(alg, key, tbs)` and
 * turns the raw r‖s it gets back into DER itself. This gives it a WebCrypto whose `sign` goes to
 * the KeyStore for a store key handle (so the CA or station key never leaves the store) and is
 * Node's WebCrypto for everything else (digests, verification, public keys).
 */
export function storeCrypto(store: KeyStore): Crypto {
  const subtle = webcrypto.subtle;
  const proxied = new Proxy(subtle, {
    get(target, prop) {
      if (prop === 'sign')
        return async (alg: unknown, key: object, data: ArrayBuffer | ArrayBufferView) => {
          if (!handles.has(key)) return target.sign(alg as EcdsaParams, key as webcrypto.CryptoKey, data);
          const bytes = ArrayBuffer.isView(data)
            ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
            : new Uint8Array(data);
          const sig = await store.sign((key as StoreKeyHandle).label, bytes);
          return sig.buffer.slice(sig.byteOffset, sig.byteOffset + sig.byteLength);
        };
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    subtle: proxied,
    getRandomValues: webcrypto.getRandomValues.bind(webcrypto),
    randomUUID: webcrypto.randomUUID.bind(webcrypto),
  } as unknown as Crypto;
}

/** The key pair @peculiar/x509 wants, for a KeyStore signing key: a handle plus the WebCrypto public key. */
export async function storeKeyPair(
  store: KeyStore,
  label: string,
): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey; publicKeyObject: KeyObject }> {
  const publicKeyObject = await store.publicKey(label);
  const handle: StoreKeyHandle = {
    algorithm: ALG,
    type: 'private',
    extractable: false,
    usages: ['sign'],
    label,
  };
  handles.add(handle);
  return {
    privateKey: handle as unknown as CryptoKey,
    publicKey: await toCryptoKey(publicKeyObject),
    publicKeyObject,
  };
}

/** A Node public KeyObject as a WebCrypto ECDSA verify key. */
export function toCryptoKey(key: KeyObject): Promise<CryptoKey> {
  return webcrypto.subtle.importKey(
    'spki',
    key.export({ format: 'der', type: 'spki' }),
    { name: 'ECDSA', namedCurve: 'P-256' },
    true,
    ['verify'],
  );
}
