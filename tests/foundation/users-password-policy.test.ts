import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkNewPassword, MIN_PASSWORD_LENGTH } from '../../gateway/users/password-policy.js';
import { UserStore } from '../../gateway/users/store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const codeOf = async (password: string): Promise<string> => {
  try {
    await checkNewPassword(password);
    return 'ok';
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('new passwords', () => {
  it('refuse the two found on the appliance, aaaaaaaaaa and 1234567890', async () => {
    expect(await codeOf('aaaaaaaaaa')).toBe('PASSWORD_TOO_SHORT');
    expect(await codeOf('1234567890')).toBe('PASSWORD_TOO_SHORT');
  });

  it(`need ${MIN_PASSWORD_LENGTH} characters, counted as characters a person types`, async () => {
    expect(MIN_PASSWORD_LENGTH).toBeGreaterThanOrEqual(12);
    expect(await codeOf('Tr0ub4dor&3')).toBe('PASSWORD_TOO_SHORT');
    // 11 letters of two bytes each in UTF-16 are still 11 characters.
    expect(await codeOf('ăîșțâăîșțâă')).toBe('PASSWORD_TOO_SHORT');
  });

  it('refuse runs and repetitions however long', async () => {
    for (const p of [
      'aaaaaaaaaaaa',
      '123456789012',
      'abcdefghijklmnop',
      '987654321098',
      'abcabcabcabcabc',
      '1212121212121212',
      'passwordpassword',
    ]) {
      expect(await codeOf(p), p).toBe('PASSWORD_TOO_SIMPLE');
    }
  });

  it('refuse common passwords, also with digits or symbols added around them', async () => {
    for (const p of [
      'qwertyuiop1234',
      'Password1234',
      'password123!!',
      '2026monkey2026',
      'Qwertyuiop12',
      '!!trustno1!!',
    ]) {
      expect(await codeOf(p), p).toBe('PASSWORD_TOO_COMMON');
    }
  });

  it('accept passphrases and random strings', async () => {
    for (const p of [
      'correct horse battery',
      'a-long-passphrase-1',
      'ceapa rosie pe masa',
      'Xk4-pq9v-LmT2',
      'munte-vale-râu-2026',
    ]) {
      expect(await codeOf(p), p).toBe('ok');
    }
  });

  it('hold for every way a password is set: new account, change, the command line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cardgate-pw-'));
    dirs.push(dir);
    const store = await UserStore.open(dir);
    await store.createInitialAdmin();
    await expect(store.add({ name: 'ana', role: 'operator', password: '1234567890' })).rejects.toMatchObject({
      code: 'PASSWORD_TOO_SHORT',
      status: 400,
    });
    await store.add({ name: 'ana', role: 'operator', password: 'a-long-passphrase-1' });
    await expect(store.setPassword('ana', 'password123456')).rejects.toMatchObject({
      code: 'PASSWORD_TOO_COMMON',
      status: 400,
    });
    expect(await store.verify('ana', 'a-long-passphrase-1')).not.toBeNull();
  });
});
