import { generateKeyPairSync, verify } from 'node:crypto';
import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { FileKeyStore } from '../../gateway/keys/file-key-store.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const data = Buffer.from('signing input');
const verifies = (pub: Parameters<typeof verify>[2], sig: Uint8Array) =>
  verify('sha256', data, { key: pub as never, dsaEncoding: 'ieee-p1363' }, sig);

it('signs with the key file as it is now: a replaced, loosened or removed file is noticed at the next signature', async () => {
  const dir = makeTempDir('cardgate-filekeys-');
  const store = new FileKeyStore(dir);
  const first = await store.createSigningKey('station-identity');
  expect(verifies(first, await store.sign('station-identity', data))).toBe(true);
  expect(verifies(first, await store.sign('station-identity', data))).toBe(true);

  // Another key put in the file's place (written beside it and renamed over it, as a re-key
  // does): the store signs with the new one.
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const file = join(dir, 'station-identity.pem');
  writeFileSync(`${file}.new`, other.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  renameSync(`${file}.new`, file);
  const sig = await store.sign('station-identity', data);
  expect(verifies(other.publicKey, sig)).toBe(true);
  expect(verifies(first, sig)).toBe(false);

  chmodSync(file, 0o644);
  await expect(store.sign('station-identity', data)).rejects.toMatchObject({ code: 'KEY_FILE_INSECURE' });
  chmodSync(file, 0o600);
  await store.destroy('station-identity');
  await expect(store.sign('station-identity', data)).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' });
});
