import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserStore } from '../../gateway/users/store.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'cardgate-users-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('UserStore', () => {
  it('keeps scrypt hashes only, in a 0600 file that survives reopening', async () => {
    const dir = tmp();
    const store = await UserStore.open(dir);
    expect(store.needsInitialAdmin).toBe(true);
    const once = await store.createInitialAdmin();
    await store.add({ name: 'ana.pop', role: 'operator', password: 'correct horse battery' });
    const text = readFileSync(join(dir, 'users.json'), 'utf8');
    expect(statSync(join(dir, 'users.json')).mode & 0o777).toBe(0o600);
    expect(text).not.toContain('correct horse battery');
    expect(text).not.toContain(once);
    expect(text).toMatch(/"passwordHash": "scrypt\$16384\$8\$1\$/);

    const reopened = await UserStore.open(dir);
    expect(reopened.needsInitialAdmin).toBe(false);
    expect(reopened.list().map((u) => [u.name, u.role, u.mustChangePassword])).toEqual([
      ['admin', 'admin', true],
      ['ana.pop', 'operator', false],
    ]);
    expect(await reopened.verify('ana.pop', 'correct horse battery')).not.toBeNull();
    expect(await reopened.verify('ana.pop', 'correct horse batterY')).toBeNull();
    expect(await reopened.verify('nobody', 'correct horse battery')).toBeNull();
  });

  it('refuses bad names, short passwords, duplicates and removing the last admin', async () => {
    const store = await UserStore.open(tmp());
    await store.createInitialAdmin();
    await expect(
      store.add({ name: 'Ana Pop', role: 'operator', password: 'long-enough-1' }),
    ).rejects.toMatchObject({
      code: 'USER_NAME_INVALID',
      status: 400,
    });
    await expect(store.add({ name: 'ana', role: 'operator', password: 'short' })).rejects.toMatchObject({
      code: 'PASSWORD_TOO_SHORT',
    });
    await store.add({ name: 'ana', role: 'operator', password: 'long-enough-1' });
    await expect(store.add({ name: 'ana', role: 'admin', password: 'long-enough-2' })).rejects.toMatchObject({
      code: 'USER_EXISTS',
      status: 409,
    });
    await expect(store.remove('admin')).rejects.toMatchObject({ code: 'LAST_ADMIN' });
    // A failed change leaves the store as it was.
    expect(store.list()).toHaveLength(2);
    await store.remove('ana');
    expect(store.list().map((u) => u.name)).toEqual(['admin']);
  });

  it('sees accounts another process added (cardgate user add next to a running station)', async () => {
    const dir = tmp();
    const station = await UserStore.open(dir);
    await station.createInitialAdmin();
    const cli = await UserStore.open(dir);
    await cli.add({ name: 'tech', role: 'technician', password: 'technician-pass' });
    expect(await station.verify('tech', 'technician-pass')).not.toBeNull();
    // And the station's own next change keeps it.
    await station.add({ name: 'op', role: 'operator', password: 'operator-pass-1' });
    expect((await UserStore.open(dir)).list().map((u) => u.name)).toEqual(['admin', 'tech', 'op']);
  });

  it('names a damaged accounts file instead of starting with no accounts', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'users.json'), '{"version":1,"users":[{"name":"x"}]}');
    await expect(UserStore.open(dir)).rejects.toMatchObject({ code: 'USERS_FILE_CORRUPT' });
    writeFileSync(join(dir, 'users.json'), '{not json');
    await expect(UserStore.open(dir)).rejects.toMatchObject({ code: 'USERS_FILE_CORRUPT' });
  });
});
