import { createHash, randomBytes } from 'node:crypto';
import { stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CardgateError, isCardgateError } from '../core/errors.js';
import { readFileIfExists, fsyncDir } from '../storage/durable-file.js';
import { FileKeyStore } from '../keys/file-key-store.js';
import { KEY_LABELS, type KeyStore } from '../keys/key-store.js';
import { readWrappedKeys, wrappedKeysPath, writeWrappedKeys, type WrappedKeys } from './wrapped-keys.js';

/**
 * The AES-256 keys for personal data at rest. They exist in clear only in this process: on disk
 * each is wrapped by the key store's key-encryption key (KEY_LABELS.dataKek; in a token for a
 * production station), in `<dataDir>/keys/data-keys.json`, newest last (the one new blobs are
 * sealed with); older ones stay until a rotation has re-encrypted everything. A key's id is
 * derived from the key, so each blob names it.
 *
 * CARDGATE_DATA_KEY (base64, 32 bytes), when set, is the current key (a development path: the
 * key lives in the environment, never on disk) and the file only supplies older ones. A clear key
 * file of an older station (`keys/data.key`, or security.dataKeyFile) is wrapped at the first
 * start with a key store and then removed.
 *
 * When the store cannot be reached (token missing, wrong PIN) the keyring stays locked: `key()`
 * throws KEY_STORE_UNAVAILABLE and `unlock()` tries again, so the station runs and recovers
 * without a restart. A store that answers but does not hold this directory's key-encryption key
 * (a data directory copied to another machine) is DATA_KEYS_FOREIGN, which stops the start.
 */
export interface Keyring {
  currentId: string;
  /** The key with this id; throws KEY_STORE_UNAVAILABLE while the keyring is locked. */
  key(id: string): Buffer | undefined;
  ids(): string[];
  /** Where the keys live ('env' or the wrapped key file), never the key. */
  source: string;
  file: string;
  /** Opens the keys through the store when they are still locked; a no-op once open. */
  unlock(): Promise<void>;
  /** Adds a new current key (wrapped and written before it is used). */
  add(newKey?: Buffer): Promise<void>;
  /** Keeps only the current key, once nothing is sealed with the old ones. */
  retire(): Promise<void>;
}

export const keyIdOf = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 12);

function parseKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32)
    throw new CardgateError('DATA_KEY_INVALID', `${where}: a data key must be 32 bytes in base64`);
  return key;
}

export interface KeyringOptions {
  dataDir: string;
  /** A clear key file of an older station, migrated into the store (default `<dataDir>/keys/data.key`). */
  keyFile?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** The key store whose key-encryption key wraps the data keys (default: the file store in `<dataDir>/keys`). */
  store?: KeyStore | undefined;
  /** Told once when a clear key file was wrapped and removed. */
  onMigrated?: (file: string, keys: number) => void;
}

/** Where older stations kept the data key in clear. */
export const defaultKeyFile = (dataDir: string): string => join(dataDir, 'keys', 'data.key');

async function readLegacyKeys(file: string): Promise<Buffer[]> {
  const buf = await readFileIfExists(file);
  if (!buf) return [];
  if (((await stat(file)).mode & 0o077) !== 0)
    throw new CardgateError('DATA_KEY_INSECURE', `${file} must be readable by its owner only (chmod 600)`);
  return buf
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => parseKey(l, `${file}:${i + 1}`));
}

const foreign = (
  file: string,
  recorded: WrappedKeys['store'],
  store: KeyStore,
  cause?: unknown,
): CardgateError =>
  new CardgateError(
    'DATA_KEYS_FOREIGN',
    `the data keys in ${file} were wrapped by ${recorded.kind} key store ${recorded.location}; ${store.location} cannot open them (a data directory from another station?)`,
    {
      details: { wrappedBy: recorded, store: store.location },
      ...(cause === undefined ? {} : { cause }),
    },
  );

class StoreKeyring implements Keyring {
  #keys: Buffer[] | null = null;
  #unlocking: Promise<void> | null = null;
  readonly #kek = KEY_LABELS.dataKek;
  readonly file: string;
  readonly source: string;
  constructor(
    readonly o: Required<Pick<KeyringOptions, 'dataDir' | 'env'>> & KeyringOptions & { store: KeyStore },
    readonly envKey: Buffer | null,
    private recordedIds: string[],
  ) {
    this.file = wrappedKeysPath(o.dataDir);
    this.source = envKey ? 'env' : this.file;
  }

  get currentId(): string {
    if (this.envKey) return keyIdOf(this.envKey);
    if (this.#keys) return keyIdOf(this.#keys[this.#keys.length - 1]!);
    const last = this.recordedIds[this.recordedIds.length - 1];
    if (last) return last;
    throw this.#locked();
  }

  #locked(): CardgateError {
    return new CardgateError(
      'KEY_STORE_UNAVAILABLE',
      'the data keys are locked: the key store is unavailable',
      {
        details: { reason: 'keys-locked', fix: 'make the key store available (see /ready)' },
      },
    );
  }

  #all(): Buffer[] {
    if (!this.#keys) throw this.#locked();
    const keys = this.#keys.filter((k) => !this.envKey?.equals(k));
    return this.envKey ? [...keys, this.envKey] : keys;
  }

  key(id: string): Buffer | undefined {
    return this.#all().find((k) => keyIdOf(k) === id);
  }

  ids(): string[] {
    return this.#keys ? this.#all().map(keyIdOf) : [...this.recordedIds];
  }

  unlock(): Promise<void> {
    if (this.#keys) return Promise.resolve();
    this.#unlocking ??= this.#open().finally(() => (this.#unlocking = null));
    return this.#unlocking;
  }

  async #open(): Promise<void> {
    const { store } = this.o;
    const recorded = await readWrappedKeys(this.file);
    const legacyFile = this.o.keyFile ?? defaultKeyFile(this.o.dataDir);
    const legacy = await readLegacyKeys(legacyFile);
    let keys: Buffer[] = [];
    if (recorded) {
      if (recorded.kek !== this.#kek || !(await store.has(this.#kek)))
        throw foreign(this.file, recorded.store, store);
      for (const k of recorded.keys) {
        try {
          keys.push(Buffer.from(await store.unwrap(this.#kek, Buffer.from(k.wrapped, 'base64'))));
        } catch (e) {
          if (isCardgateError(e) && e.code === 'KEY_UNWRAP_FAILED')
            throw foreign(this.file, recorded.store, store, e);
          throw e;
        }
      }
    }
    const known = new Set(keys.map(keyIdOf));
    const migrated = legacy.filter((k) => !known.has(keyIdOf(k)));
    keys = [...keys, ...migrated];
    if (keys.length === 0 && !this.envKey) keys = [randomBytes(32)];
    if (keys.length > 0 && (migrated.length > 0 || !recorded)) await this.#write(keys);
    if (legacy.length > 0) {
      // Wrapped and written durably first; only then is the clear copy removed.
      await unlink(legacyFile);
      await fsyncDir(join(legacyFile, '..'));
      this.o.onMigrated?.(legacyFile, legacy.length);
    }
    this.#keys = keys;
    this.recordedIds = keys.map(keyIdOf);
  }

  async #write(keys: Buffer[]): Promise<void> {
    const { store } = this.o;
    if (!(await store.has(this.#kek))) await store.createWrappingKey(this.#kek);
    const wrapped = [];
    for (const k of keys)
      wrapped.push({
        id: keyIdOf(k),
        wrapped: Buffer.from(await store.wrap(this.#kek, k)).toString('base64'),
      });
    await writeWrappedKeys(this.file, {
      version: 1,
      kek: this.#kek,
      store: { kind: store.kind, location: store.location },
      keys: wrapped,
    });
  }

  async add(newKey: Buffer = randomBytes(32)): Promise<void> {
    if (this.envKey)
      throw new CardgateError(
        'DATA_KEY_FROM_ENV',
        'the data key comes from CARDGATE_DATA_KEY: rotate it there',
      );
    await this.unlock();
    const keys = [...this.#keys!, newKey];
    await this.#write(keys);
    this.#keys = keys;
  }

  async retire(): Promise<void> {
    if (this.envKey) return;
    await this.unlock();
    const current = this.#keys![this.#keys!.length - 1]!;
    await this.#write([current]);
    this.#keys = [current];
  }
}

/**
 * The keyring, opened through the store when it answers, locked (and opened later by `unlock`)
 * when it is unavailable; any other failure (foreign or corrupt key file, bad environment key)
 * is thrown.
 */
export async function loadKeyring(opts: KeyringOptions): Promise<Keyring> {
  const env = opts.env ?? process.env;
  const envKey = env.CARDGATE_DATA_KEY ? parseKey(env.CARDGATE_DATA_KEY, 'CARDGATE_DATA_KEY') : null;
  const store = opts.store ?? new FileKeyStore(join(opts.dataDir, 'keys'));
  const recorded = await readWrappedKeys(wrappedKeysPath(opts.dataDir));
  const ring = new StoreKeyring({ ...opts, env, store }, envKey, recorded?.keys.map((k) => k.id) ?? []);
  try {
    await ring.unlock();
  } catch (e) {
    if (!isCardgateError(e) || e.code !== 'KEY_STORE_UNAVAILABLE') throw e;
  }
  return ring;
}

/**
 * Refuses (DATA_KEYS_FOREIGN) a data directory whose data keys were wrapped by a key the store
 * does not hold: a directory copied from another station. Checked at start, before anything else
 * reads the directory.
 */
export async function checkDataKeysOwner(dataDir: string, store: KeyStore): Promise<void> {
  const file = wrappedKeysPath(dataDir);
  const recorded = await readWrappedKeys(file);
  if (recorded && (recorded.kek !== KEY_LABELS.dataKek || !(await store.has(recorded.kek))))
    throw foreign(file, recorded.store, store);
}

/** Adds a new current key (old ones stay for decryption until retired). */
export async function addKey(ring: Keyring, newKey?: Buffer): Promise<Keyring> {
  await ring.add(newKey);
  return ring;
}

/** Keeps only the current key, once nothing is sealed with the old ones. */
export async function retireOldKeys(ring: Keyring): Promise<Keyring> {
  await ring.retire();
  return ring;
}
