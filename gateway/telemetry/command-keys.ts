import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import Type from 'typebox';
import { Value } from 'typebox/value';
import { CardgateError } from '../core/errors.js';
import type { MqttConfig } from './types.js';

/** Where enrolment with headquarters (the registry) leaves HQ's public command keys. */
export const enrolledKeysPath = (dataDir: string): string => join(dataDir, 'hq', 'command-keys.json');

const PublicJwk = Type.Object(
  { kty: Type.String(), kid: Type.Optional(Type.String()), d: Type.Optional(Type.Never()) },
  { additionalProperties: true },
);
const Jwks = Type.Object({ keys: Type.Array(PublicJwk, { minItems: 1 }) }, { additionalProperties: true });

/**
 * HQ's trusted public command keys: inline in the config, from `mqtt.commandKeysFile`, or from
 * the enrolment file in the data directory. Undefined when none is enrolled (every command is
 * then refused). Read at every command, so a key enrolled or rotated while running counts at once.
 */
export async function loadCommandKeys(
  config: Pick<MqttConfig, 'commandKeys' | 'commandKeysFile'>,
  dataDir: string,
): Promise<JSONWebKeySet | undefined> {
  let set: unknown = config.commandKeys;
  let where = 'mqtt.commandKeys';
  if (!set) {
    where = config.commandKeysFile ?? enrolledKeysPath(dataDir);
    try {
      set = JSON.parse(await readFile(where, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !config.commandKeysFile) return undefined;
      throw new CardgateError('COMMAND_KEYS_INVALID', `cannot read HQ command keys from ${where}`, {
        cause: e,
      });
    }
  }
  if (!Value.Check(Jwks, set))
    throw new CardgateError(
      'COMMAND_KEYS_INVALID',
      `${where} is not a JWK set of public keys (a private key does not belong on a station)`,
    );
  return set as unknown as JSONWebKeySet;
}
