import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';
import { CardgateError } from '../core/errors.js';
import { readFileIfExists, writeFileDurable } from '../storage/durable-file.js';

/**
 * `<dataDir>/keys/data-keys.json`: the data keys, each wrapped by the key store's key-encryption
 * key (a token key for a production station), newest last. The key ids are in clear (a blob names
 * its key by id); the keys are not. The store's kind and location are recorded so a data directory
 * carried to another machine says whose keys it needs.
 */
export const WrappedKeysFile = Type.Object(
  {
    version: Type.Literal(1),
    kek: Type.String({ description: 'label of the wrapping key in the store' }),
    store: Type.Object({ kind: Type.String(), location: Type.String() }, { additionalProperties: false }),
    keys: Type.Array(
      Type.Object(
        { id: Type.String({ pattern: '^[0-9a-f]{12}$' }), wrapped: Type.String() },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type WrappedKeys = Static<typeof WrappedKeysFile>;

export const wrappedKeysPath = (dataDir: string): string => join(dataDir, 'keys', 'data-keys.json');

export async function readWrappedKeys(file: string): Promise<WrappedKeys | null> {
  const buf = await readFileIfExists(file);
  if (!buf) return null;
  if (((await stat(file)).mode & 0o077) !== 0)
    throw new CardgateError('DATA_KEY_INSECURE', `${file} must be readable by its owner only (chmod 600)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(buf.toString('utf8'));
  } catch (cause) {
    throw new CardgateError('DATA_KEYS_CORRUPT', `${file} is not JSON`, { cause });
  }
  if (!Value.Check(WrappedKeysFile, parsed)) {
    const first = [...Value.Errors(WrappedKeysFile, parsed)][0];
    throw new CardgateError(
      'DATA_KEYS_CORRUPT',
      `${file}: ${first?.instancePath ?? ''} ${first?.message ?? 'invalid'}`,
    );
  }
  return parsed;
}

export async function writeWrappedKeys(file: string, keys: WrappedKeys): Promise<void> {
  await writeFileDurable(file, JSON.stringify(keys, null, 2) + '\n', 0o600);
}
