import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { CardgateError } from '../../core/errors.js';
import type { KeyStore } from '../key-store.js';
import { P256_PARAMS, publicKeyFromEcPoint } from './ec-point.js';
import { isPkcs11Error, TokenSession, type Session, type TokenOptions } from './token-session.js';

const LABEL = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function checkLabel(label: string): void {
  if (!LABEL.test(label))
    throw new CardgateError('KEY_LABEL_INVALID', `key label ${JSON.stringify(label)} is not valid`);
}

const notFound = (label: string, where: string): CardgateError =>
  new CardgateError('KEY_NOT_FOUND', `no key labelled ${label} on ${where}`);

/**
 * Keys in a PKCS#11 token (HSM, TPM 2.0 through tpm2-pkcs11, a smart card through OpenSC; tested
 * against SoftHSM2). Keys are generated inside the token as sensitive and non-extractable and are
 * found by label; the private halves never leave it.
 *
 * Signing hashes with SHA-256 here and asks the token for CKM_ECDSA on the digest (every token has
 * it; CKM_ECDSA_SHA256 is missing on several), which answers raw r‖s. Wrapping is CKM_AES_GCM
 * encryption under an AES-256 key in the token, bound to the key's label as additional data:
 * 12-byte IV ‖ ciphertext ‖ 16-byte tag, the same layout as the file store's.
 */
export class Pkcs11KeyStore implements KeyStore {
  readonly kind = 'pkcs11' as const;
  readonly development = false;
  readonly location: string;
  readonly #token: TokenSession;

  constructor(readonly opts: TokenOptions) {
    this.location = `pkcs11 token "${opts.tokenLabel}" (${opts.module})`;
    this.#token = new TokenSession(opts);
  }

  #use<T>(fn: (s: Session) => T): Promise<T> {
    return this.#token.use(fn);
  }

  async has(label: string): Promise<boolean> {
    checkLabel(label);
    return this.#use(
      (s) => s.find(s.p11.CKO_PRIVATE_KEY, label) !== null || s.find(s.p11.CKO_SECRET_KEY, label) !== null,
    );
  }

  async createSigningKey(label: string): Promise<KeyObject> {
    checkLabel(label);
    const point = await this.#use((s) => {
      const { p11, lib } = s;
      if (s.find(p11.CKO_PRIVATE_KEY, label) || s.find(p11.CKO_SECRET_KEY, label))
        throw new CardgateError('KEY_EXISTS', `a key labelled ${label} exists already`);
      const id = createHash('sha256').update(label).digest().subarray(0, 16);
      const common = [
        { type: p11.CKA_TOKEN, value: true },
        { type: p11.CKA_LABEL, value: label },
        { type: p11.CKA_ID, value: id },
      ];
      const pair = lib.C_GenerateKeyPair(
        s.handle,
        { mechanism: p11.CKM_EC_KEY_PAIR_GEN },
        [...common, { type: p11.CKA_VERIFY, value: true }, { type: p11.CKA_EC_PARAMS, value: P256_PARAMS }],
        [
          ...common,
          { type: p11.CKA_PRIVATE, value: true },
          { type: p11.CKA_SENSITIVE, value: true },
          { type: p11.CKA_EXTRACTABLE, value: false },
          { type: p11.CKA_SIGN, value: true },
        ],
      );
      return lib.C_GetAttributeValue(s.handle, pair.publicKey, [{ type: p11.CKA_EC_POINT }])[0]!.value;
    });
    return publicKeyFromEcPoint(point);
  }

  async publicKey(label: string): Promise<KeyObject> {
    checkLabel(label);
    const point = await this.#use((s) => {
      const pub = s.find(s.p11.CKO_PUBLIC_KEY, label);
      if (!pub) throw notFound(label, this.location);
      return s.lib.C_GetAttributeValue(s.handle, pub, [{ type: s.p11.CKA_EC_POINT }])[0]!.value;
    });
    return publicKeyFromEcPoint(point);
  }

  async sign(label: string, data: Uint8Array): Promise<Uint8Array> {
    checkLabel(label);
    const digest = createHash('sha256').update(data).digest();
    const sig = await this.#use((s) => {
      const key = s.find(s.p11.CKO_PRIVATE_KEY, label);
      if (!key) throw notFound(label, this.location);
      s.lib.C_SignInit(s.handle, { mechanism: s.p11.CKM_ECDSA }, key);
      return s.lib.C_Sign(s.handle, digest, Buffer.alloc(132));
    });
    if (sig.length !== 64)
      throw new CardgateError(
        'KEY_NOT_FOUND',
        `${label} is not a P-256 key (signature of ${sig.length} bytes)`,
      );
    return new Uint8Array(sig);
  }

  async createWrappingKey(label: string): Promise<void> {
    checkLabel(label);
    await this.#use((s) => {
      const { p11 } = s;
      if (s.find(p11.CKO_PRIVATE_KEY, label) || s.find(p11.CKO_SECRET_KEY, label))
        throw new CardgateError('KEY_EXISTS', `a key labelled ${label} exists already`);
      s.lib.C_GenerateKey(s.handle, { mechanism: p11.CKM_AES_KEY_GEN }, [
        { type: p11.CKA_CLASS, value: p11.CKO_SECRET_KEY },
        { type: p11.CKA_KEY_TYPE, value: p11.CKK_AES },
        { type: p11.CKA_TOKEN, value: true },
        { type: p11.CKA_PRIVATE, value: true },
        { type: p11.CKA_LABEL, value: label },
        { type: p11.CKA_VALUE_LEN, value: 32 },
        { type: p11.CKA_ENCRYPT, value: true },
        { type: p11.CKA_DECRYPT, value: true },
        { type: p11.CKA_SENSITIVE, value: true },
        { type: p11.CKA_EXTRACTABLE, value: false },
      ]);
    });
  }

  #gcm(s: Session, label: string, iv: Buffer) {
    return {
      mechanism: s.p11.CKM_AES_GCM,
      parameter: { type: s.p11.CK_PARAMS_AES_GCM, iv, aad: Buffer.from(label), ivBits: 96, tagBits: 128 },
    };
  }

  async wrap(label: string, secret: Uint8Array): Promise<Uint8Array> {
    checkLabel(label);
    const iv = randomBytes(12);
    const body = await this.#use((s) => {
      const key = s.find(s.p11.CKO_SECRET_KEY, label);
      if (!key) throw notFound(label, this.location);
      s.lib.C_EncryptInit(s.handle, this.#gcm(s, label, iv), key);
      return s.lib.C_Encrypt(s.handle, Buffer.from(secret), Buffer.alloc(secret.length + 16));
    });
    return new Uint8Array(Buffer.concat([iv, body]));
  }

  async unwrap(label: string, wrapped: Uint8Array): Promise<Uint8Array> {
    checkLabel(label);
    const buf = Buffer.from(wrapped);
    if (buf.length < 12 + 16)
      throw new CardgateError('KEY_UNWRAP_FAILED', `the secret wrapped under ${label} is too short`);
    try {
      return new Uint8Array(
        await this.#use((s) => {
          const key = s.find(s.p11.CKO_SECRET_KEY, label);
          if (!key) throw notFound(label, this.location);
          s.lib.C_DecryptInit(s.handle, this.#gcm(s, label, buf.subarray(0, 12)), key);
          return s.lib.C_Decrypt(s.handle, buf.subarray(12), Buffer.alloc(buf.length));
        }),
      );
    } catch (cause) {
      if (!isPkcs11Error(cause)) throw cause;
      throw new CardgateError('KEY_UNWRAP_FAILED', `the secret wrapped under ${label} does not open`, {
        cause,
      });
    }
  }

  async destroy(label: string): Promise<void> {
    checkLabel(label);
    await this.#use((s) => {
      const { p11 } = s;
      for (const cls of [p11.CKO_PRIVATE_KEY, p11.CKO_PUBLIC_KEY, p11.CKO_SECRET_KEY]) {
        const h = s.find(cls, label);
        if (h) s.lib.C_DestroyObject(s.handle, h);
      }
      this.#token.forget(label);
    });
  }

  /** Asks the token itself (a pulled SoftHSM2 token still answers for its open session). */
  async check(): Promise<void> {
    await this.#use((s) => s.lib.C_GetTokenInfo(s.slot));
  }

  close(): Promise<void> {
    return this.#token.close();
  }
}
