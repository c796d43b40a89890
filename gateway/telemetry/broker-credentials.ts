import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';
import { CardgateError } from '../core/errors.js';
import { STREAMS, stationBase } from './contract/index.js';
import type { BrokerUser } from './embedded-broker.js';

const Account = Type.Object({
  username: Type.String({ minLength: 1 }),
  password: Type.String({ minLength: 16 }),
});
const CredentialsFile = Type.Object({ station: Account, hq: Account });
export type EmbeddedCredentials = Static<typeof CredentialsFile>;

/** Where the embedded broker's accounts live (0600): the station's own, and one for a local HQ. */
export const credentialsPath = (dataDir: string): string => join(dataDir, 'mqtt', 'embedded-broker.json');

/**
 * The embedded broker's accounts, made once per data directory with random passwords: the
 * station logs in with its own, a local fleet monitor or HQ tool with `hq`. Nobody else connects.
 */
export async function embeddedCredentials(dataDir: string): Promise<EmbeddedCredentials> {
  const path = credentialsPath(dataDir);
  const fresh: EmbeddedCredentials = {
    station: { username: 'station', password: randomBytes(24).toString('base64url') },
    hq: { username: 'hq', password: randomBytes(24).toString('base64url') },
  };
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    // `wx`: never overwrite credentials another start already made.
    await writeFile(path, JSON.stringify(fresh, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    return fresh;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  let stored: unknown;
  try {
    stored = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    stored = undefined;
  }
  if (!Value.Check(CredentialsFile, stored))
    throw new CardgateError(
      'BROKER_CREDENTIALS_INVALID',
      `${path} is not a valid credentials file; delete it to make new ones`,
    );
  return stored;
}

/**
 * The accounts with their topic rights (the same ACL as docs/telemetry.md gives for mosquitto):
 * the station publishes only its own streams and replies and reads only its own `cmd/`; `hq`
 * reads everything under the prefix and is the only one that may publish commands.
 */
export function embeddedUsers(
  creds: EmbeddedCredentials,
  station: { prefix: string; site: string; id: string },
): BrokerUser[] {
  const base = stationBase(station.prefix, station.site, station.id);
  return [
    {
      ...creds.station,
      publish: [...STREAMS.map((s) => `${base}/${s}`), `${base}/reply/+`],
      subscribe: [`${base}/cmd/+`],
    },
    { ...creds.hq, publish: [`${station.prefix}/+/+/cmd/+`], subscribe: [`${station.prefix}/#`] },
  ];
}
