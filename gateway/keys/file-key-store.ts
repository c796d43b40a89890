import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CardgateError } from '../core/errors.js';
import { readFileIfExists, writeFileDurable } from '../storage/durable-file.js';
import type { KeyStore } from './key-store.js';

/**
 * The development key store: keys as files (mode 0600) in a folder, normally `<dataDir>/keys`.
 * It exists so `npm start` works with nothing installed; it protects nothing against someone who
 * copies the folder, which is why `development` is true and production profiles refuse it.
 */
export class FileKeyStore implements KeyStore {
  readonly kind = 'file' as const;
  readonly development = true;
  /**
   * Parsed signing keys by label, with the file identity they were read from. Parsing the PEM was
   * a third of the station's hand-off CPU per card (measured, docs/benchmarks.md). A stat per use
   * still notices a key file replaced (keys are written beside and renamed over: a new inode),
   * loosened (mode) or removed behind the store's back.
   */
  readonly #parsed = new Map<string, { key: KeyObject; ino: number; mtimeMs: number; size: number }>();

  constructor(readonly location: string) {}

  #file(label: string, kind: 'sign' | 'wrap'): string {
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(label))
      throw new CardgateError('KEY_LABEL_INVALID', `key label ${JSON.stringify(label)} is not valid`);
    return join(this.location, `${label}.${kind === 'sign' ? 'pem' : 'kek'}`);
  }

  async #read(label: string, kind: 'sign' | 'wrap'): Promise<Buffer | null> {
    const file = this.#file(label, kind);
    const buf = await readFileIfExists(file);
    if (buf && ((await stat(file)).mode & 0o077) !== 0)
      throw new CardgateError('KEY_FILE_INSECURE', `${file} must be readable by its owner only (chmod 600)`);
    return buf;
  }

  async #require(label: string, kind: 'sign' | 'wrap'): Promise<Buffer> {
    const buf = await this.#read(label, kind);
    if (!buf) throw new CardgateError('KEY_NOT_FOUND', `no key labelled ${label} in ${this.location}`);
    return buf;
  }

  async #create(label: string, kind: 'sign' | 'wrap', data: string | Buffer): Promise<void> {
    if (await this.has(label))
      throw new CardgateError('KEY_EXISTS', `a key labelled ${label} exists already`);
    await mkdir(this.location, { recursive: true, mode: 0o700 });
    await writeFileDurable(this.#file(label, kind), data, 0o600);
  }

  async has(label: string): Promise<boolean> {
    return (await this.#read(label, 'sign')) !== null || (await this.#read(label, 'wrap')) !== null;
  }

  async createSigningKey(label: string): Promise<KeyObject> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await this.#create(label, 'sign', privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
    return publicKey;
  }

  async publicKey(label: string): Promise<KeyObject> {
    return createPublicKey(createPrivateKey(await this.#require(label, 'sign')));
  }

  async sign(label: string, data: Uint8Array): Promise<Uint8Array> {
    const key = await this.#signingKey(label);
    return new Uint8Array(sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }));
  }

  async #signingKey(label: string): Promise<KeyObject> {
    const file = this.#file(label, 'sign');
    const st = await stat(file).catch(() => null);
    const have = this.#parsed.get(label);
    if (st && have && have.ino === st.ino && have.mtimeMs === st.mtimeMs && have.size === st.size) {
      if ((st.mode & 0o077) !== 0)
        throw new CardgateError(
          'KEY_FILE_INSECURE',
          `${file} must be readable by its owner only (chmod 600)`,
        );
      return have.key;
    }
    this.#parsed.delete(label);
    const key = createPrivateKey(await this.#require(label, 'sign'));
    if (st) this.#parsed.set(label, { key, ino: st.ino, mtimeMs: st.mtimeMs, size: st.size });
    return key;
  }

  async createWrappingKey(label: string): Promise<void> {
    await this.#create(label, 'wrap', randomBytes(32));
  }

  /** AES-256-GCM: 12-byte nonce ‖ ciphertext ‖ 16-byte tag. */
  async wrap(label: string, secret: Uint8Array): Promise<Uint8Array> {
    const kek = await this.#require(label, 'wrap');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', kek, iv);
    const body = Buffer.concat([cipher.update(secret), cipher.final()]);
    return new Uint8Array(Buffer.concat([iv, body, cipher.getAuthTag()]));
  }

  async unwrap(label: string, wrapped: Uint8Array): Promise<Uint8Array> {
    const kek = await this.#require(label, 'wrap');
    try {
      const buf = Buffer.from(wrapped);
      const decipher = createDecipheriv('aes-256-gcm', kek, buf.subarray(0, 12));
      decipher.setAuthTag(buf.subarray(buf.length - 16));
      return new Uint8Array(
        Buffer.concat([decipher.update(buf.subarray(12, buf.length - 16)), decipher.final()]),
      );
    } catch (cause) {
      throw new CardgateError('KEY_UNWRAP_FAILED', `the secret wrapped under ${label} does not open`, {
        cause,
      });
    }
  }

  async destroy(label: string): Promise<void> {
    this.#parsed.delete(label);
    await rm(this.#file(label, 'sign'), { force: true });
    await rm(this.#file(label, 'wrap'), { force: true });
  }

  async check(): Promise<void> {}
  async close(): Promise<void> {}
}
