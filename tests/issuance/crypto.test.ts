import { describe, expect, it } from 'vitest';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadKeyring, defaultKeyFile, keyIdOf } from '../../gateway/crypto/keyring.js';
import { wrappedKeysPath } from '../../gateway/crypto/wrapped-keys.js';
import { PersonalStore } from '../../gateway/crypto/personal-store.js';
import { keyIdOfBlob, open, seal } from '../../gateway/crypto/seal.js';
import { tempDir } from './service-helpers.js';

describe('personal data at rest', () => {
  it('generates a data key at first start, stored only wrapped (0600), and refuses a file others can read', async () => {
    const dir = tempDir();
    const ring = await loadKeyring({ dataDir: dir, env: {} });
    const file = wrappedKeysPath(dir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = ring.key(ring.currentId)!;
    for (const f of readdirSync(join(dir, 'keys'))) {
      const bytes = readFileSync(join(dir, 'keys', f));
      expect(bytes.includes(key) || bytes.includes(Buffer.from(key.toString('base64')))).toBe(false);
    }
    expect((await loadKeyring({ dataDir: dir, env: {} })).currentId).toBe(ring.currentId);
    chmodSync(file, 0o644);
    await expect(loadKeyring({ dataDir: dir, env: {} })).rejects.toMatchObject({ code: 'DATA_KEY_INSECURE' });
  });

  it('wraps the clear key file of an older station, removes it, and still opens what it sealed', async () => {
    const dir = tempDir();
    const old = randomBytes(32);
    mkdirSync(join(dir, 'keys'), { recursive: true });
    writeFileSync(defaultKeyFile(dir), old.toString('base64') + '\n', { mode: 0o600 });
    const oldRing = await loadKeyring({
      dataDir: tempDir(),
      env: { CARDGATE_DATA_KEY: old.toString('base64') },
    });
    const blob = seal(oldRing, Buffer.from('Zzyzxova'), 'j:person');
    const migrated: string[] = [];
    const ring = await loadKeyring({ dataDir: dir, env: {}, onMigrated: (f) => migrated.push(f) });
    expect(migrated).toEqual([defaultKeyFile(dir)]);
    expect(existsSync(defaultKeyFile(dir))).toBe(false);
    expect(ring.currentId).toBe(keyIdOf(old));
    expect(open(ring, blob, 'j:person').toString()).toBe('Zzyzxova');
    expect(JSON.parse(readFileSync(wrappedKeysPath(dir), 'utf8')).keys).toHaveLength(1);
    const again = await loadKeyring({ dataDir: dir, env: {} });
    expect(open(again, blob, 'j:person').toString()).toBe('Zzyzxova');
  });

  it('takes the key from CARDGATE_DATA_KEY and names it in each blob; tampering and moving blobs fail', async () => {
    const key = randomBytes(32);
    const ring = await loadKeyring({
      dataDir: tempDir(),
      env: { CARDGATE_DATA_KEY: key.toString('base64') },
    });
    expect(ring.currentId).toBe(keyIdOf(key));
    const blob = seal(ring, Buffer.from('Zzyzxova'), '20261128-aaaaaaaaaa:person');
    expect(keyIdOfBlob(blob)).toBe(keyIdOf(key));
    expect(blob.includes(Buffer.from('Zzyzxova'))).toBe(false);
    expect(open(ring, blob, '20261128-aaaaaaaaaa:person').toString()).toBe('Zzyzxova');
    expect(() => open(ring, blob, '20261128-bbbbbbbbbb:person')).toThrow(
      expect.objectContaining({ code: 'SEALED_BLOB_TAMPERED' }),
    );
    const flipped = Buffer.from(blob);
    flipped[flipped.length - 1]! ^= 1;
    expect(() => open(ring, flipped, '20261128-aaaaaaaaaa:person')).toThrow(
      expect.objectContaining({ code: 'SEALED_BLOB_TAMPERED' }),
    );
    await expect(
      loadKeyring({ dataDir: tempDir(), env: { CARDGATE_DATA_KEY: 'c2hvcnQ=' } }),
    ).rejects.toMatchObject({ code: 'DATA_KEY_INVALID' });
  });

  it('rotation re-seals every blob with the new key and retires the old one', async () => {
    const dir = tempDir();
    const ring = await loadKeyring({ dataDir: dir, env: {} });
    const store = new PersonalStore(join(dir, 'personal'), ring);
    await store.putJson('20261128-aaaaaaaaaa', { surname: 'Zzyzxova' });
    await store.put('20261128-aaaaaaaaaa', 'photo', Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]));
    const before = ring.currentId;
    const r = await store.rotate();
    expect(r.resealed).toBe(2);
    expect(r.keyId).not.toBe(before);
    expect(JSON.parse(readFileSync(wrappedKeysPath(dir), 'utf8')).keys).toHaveLength(1);
    const reopened = new PersonalStore(join(dir, 'personal'), await loadKeyring({ dataDir: dir, env: {} }));
    expect(await reopened.getJson('20261128-aaaaaaaaaa')).toEqual({ surname: 'Zzyzxova' });
    expect(keyIdOfBlob(readFileSync(join(dir, 'personal', '20261128-aaaaaaaaaa.photo')))).toBe(r.keyId);
    writeFileSync(join(dir, 'personal', 'x.txt'), 'ignored');
    expect((await reopened.rotate()).resealed).toBe(2);
  });
});
