import { createHash, randomBytes } from 'node:crypto';
import { chmod, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileIfExists, writeFileDurable } from '../storage/durable-file.js';
import { CardgateError } from '../core/errors.js';

/**
 * The AES-256 keys for personal data at rest. The key file holds one base64 key a line, the
 * newest last (the one new blobs are sealed with); older lines stay until a rotation has
 * re-encrypted everything. CARDGATE_DATA_KEY (base64, 32 bytes), when set, is the current key and
 * the file only supplies older ones. A key's id is derived from the key, so each blob names it.
 */
export interface Keyring {
  currentId: string;
  key(id: string): Buffer | undefined;
  ids(): string[];
  /** Where the keys live ('env' or the file path), never the key. */
  source: string;
  file: string;
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
  keyFile?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

export const defaultKeyFile = (dataDir: string): string => join(dataDir, 'keys', 'data.key');

async function readKeyFile(file: string): Promise<Buffer[]> {
  const buf = await readFileIfExists(file);
  if (!buf) return [];
  const st = await stat(file);
  if ((st.mode & 0o077) !== 0) {
    throw new CardgateError('DATA_KEY_INSECURE', `${file} must be readable by its owner only (chmod 600)`);
  }
  return buf
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => parseKey(l, `${file}:${i + 1}`));
}

async function writeKeyFile(file: string, keys: Buffer[]): Promise<void> {
  await writeFileDurable(file, keys.map((k) => k.toString('base64')).join('\n') + '\n', 0o600);
  await chmod(file, 0o600);
}

/** Loads the keyring; generates the key file (mode 0600) at first start when no key exists anywhere. */
export async function loadKeyring(opts: KeyringOptions): Promise<Keyring> {
  const file = opts.keyFile ?? defaultKeyFile(opts.dataDir);
  const env = opts.env ?? process.env;
  let keys = await readKeyFile(file);
  let source = file;
  const envKey = env.CARDGATE_DATA_KEY;
  if (envKey) {
    keys = [
      ...keys.filter((k) => !k.equals(parseKey(envKey, 'CARDGATE_DATA_KEY'))),
      parseKey(envKey, 'CARDGATE_DATA_KEY'),
    ];
    source = 'env';
  } else if (keys.length === 0) {
    keys = [randomBytes(32)];
    await writeKeyFile(file, keys);
  }
  return makeKeyring(keys, source, file);
}

function makeKeyring(keys: Buffer[], source: string, file: string): Keyring {
  const byId = new Map(keys.map((k) => [keyIdOf(k), k]));
  return {
    currentId: keyIdOf(keys[keys.length - 1]!),
    key: (id) => byId.get(id),
    ids: () => [...byId.keys()],
    source,
    file,
  };
}

/** Adds a new current key to the key file (old ones stay for decryption until retired). */
export async function addKey(ring: Keyring, newKey: Buffer = randomBytes(32)): Promise<Keyring> {
  if (ring.source === 'env') {
    throw new CardgateError(
      'DATA_KEY_FROM_ENV',
      'the data key comes from CARDGATE_DATA_KEY: rotate it there',
    );
  }
  const keys = [...ring.ids().map((id) => ring.key(id)!), newKey];
  await writeKeyFile(ring.file, keys);
  return makeKeyring(keys, ring.file, ring.file);
}

/** Keeps only the current key in the file, once nothing is sealed with the old ones. */
export async function retireOldKeys(ring: Keyring): Promise<Keyring> {
  if (ring.source === 'env') return ring;
  const current = ring.key(ring.currentId)!;
  await writeKeyFile(ring.file, [current]);
  return makeKeyring([current], ring.file, ring.file);
}
