import { expect, it } from 'vitest';
import { AccountStore } from '../../gateway/hq/accounts/account-store.js';
import { migrate } from '../../gateway/hq/db/migrator.js';
import { openDatabase } from '../../gateway/hq/db/database.js';
import { forEachDatabase } from '../helpers/hq-databases.js';
import { startTestHq } from '../helpers/hq.js';

const PW = 'correct horse battery staple';
const PW2 = 'another long passphrase here';

forEachDatabase('HQ accounts', (open) => {
  it('keeps accounts with scrypt hashes, the password policy, unique names and at least one admin', async () => {
    const { db } = await open();
    await migrate(db);
    const accounts = new AccountStore(db);
    const first = await accounts.createInitialAdmin();
    expect(first).toMatch(/^\S{20}$/);
    expect(await accounts.createInitialAdmin()).toBeNull();
    const view = await accounts.add({
      name: 'carla',
      role: 'caseworker',
      password: PW,
      permissions: ['protection'],
    });
    expect(view).toMatchObject({ name: 'carla', role: 'caseworker', permissions: ['protection'] });
    const [row] = await db.query<{ password_hash: string }>(
      "SELECT password_hash FROM accounts WHERE name = 'carla'",
    );
    expect(row!.password_hash).toMatch(/^scrypt\$/);
    expect(row!.password_hash).not.toContain(PW);

    expect((await accounts.verify('carla', PW))?.role).toBe('caseworker');
    expect(await accounts.verify('carla', PW2)).toBeNull();
    expect(await accounts.verify('nobody', PW)).toBeNull();
    await expect(accounts.add({ name: 'carla', role: 'verifier', password: PW })).rejects.toMatchObject({
      code: 'USER_EXISTS',
    });
    await expect(accounts.add({ name: 'vic', role: 'operator', password: PW })).rejects.toMatchObject({
      code: 'ROLE_INVALID',
    });
    await expect(
      accounts.add({ name: 'vic', role: 'verifier', password: PW, permissions: ['everything'] }),
    ).rejects.toMatchObject({ code: 'PERMISSION_INVALID' });
    await expect(accounts.add({ name: 'vic', role: 'verifier', password: 'short' })).rejects.toMatchObject({
      code: 'PASSWORD_TOO_SHORT',
    });
    await expect(accounts.add({ name: 'Vic!', role: 'verifier', password: PW })).rejects.toMatchObject({
      code: 'USER_NAME_INVALID',
    });
    await expect(accounts.remove('admin')).rejects.toMatchObject({ code: 'LAST_ADMIN' });
    await expect(accounts.setRole('admin', 'supervisor')).rejects.toMatchObject({ code: 'LAST_ADMIN' });

    // Tokens: found by their hash, gone with a new password or role.
    const { token } = await accounts.createToken('carla', 'scripts');
    expect((await accounts.tokenOwner(token))?.user.name).toBe('carla');
    expect(await db.query('SELECT 1 FROM account_tokens WHERE hash = $1', [token])).toEqual([]);
    await accounts.setPassword('carla', PW2);
    expect(await accounts.tokenOwner(token)).toBeNull();
    const second = await accounts.createToken('carla', 'scripts');
    await accounts.setRole('carla', 'verifier', []);
    expect(await accounts.tokenOwner(second.token)).toBeNull();
    expect((await accounts.get('carla'))?.permissions).toEqual([]);
  });

  it('logs in with cookie or token, enforces roles, rate-limits guesses and audits it all', async () => {
    const t = await open();
    const hq = await startTestHq(t);
    try {
      expect(hq.printed.at(-1)).toBe(`cardgate hq: listening on ${hq.url}`);
      const admin = await hq.login('admin', hq.adminPassword!);
      // A one-time password must be changed before anything else.
      expect((await hq.request('GET', '/api/v1/accounts', { cookie: admin })).status).toBe(403);
      const changed = await hq.request('POST', '/api/v1/session/password', {
        cookie: admin,
        body: { current: hq.adminPassword, next: PW },
      });
      expect(changed.status).toBe(200);
      const made = await hq.request('POST', '/api/v1/accounts', {
        cookie: admin,
        body: { name: 'vera', role: 'verifier', password: PW2 },
      });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ name: 'vera', role: 'verifier', mustChangePassword: true });

      const vera = await hq.login('vera', PW2);
      await hq.request('POST', '/api/v1/session/password', {
        cookie: vera,
        body: { current: PW2, next: PW },
      });
      const who = await hq.request('GET', '/api/v1/session', { cookie: vera });
      expect(who.body).toEqual({
        authenticated: true,
        user: { name: 'vera', role: 'verifier', mustChangePassword: false },
      });
      const denied = await hq.request('GET', '/api/v1/accounts', { cookie: vera });
      expect(denied.status).toBe(403);
      expect(denied.body.code).toBe('FORBIDDEN');
      expect((await hq.request('GET', '/api/v1/accounts')).status).toBe(401);

      const tok = await hq.request('POST', '/api/v1/accounts/vera/tokens', {
        cookie: admin,
        body: { label: 'ci' },
      });
      expect(tok.status).toBe(201);
      const viaToken = await hq.request('GET', '/api/v1/session', { token: tok.body.token });
      expect(viaToken.body.user.name).toBe('vera');

      // Guessing: after the free failures, 429 with Retry-After, even for the right password.
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await hq.request('POST', '/api/v1/session', {
          body: { name: 'vera', password: `wrong guess ${i}` },
        });
        statuses.push(r.status);
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses[5]).toBe(429);
      const right = await hq.request('POST', '/api/v1/session', { body: { name: 'vera', password: PW } });
      expect(right.status).toBe(429);
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);

      const logins = await hq.ctx.audit.read({ actionPrefix: 'session.login' });
      expect(logins.filter((e) => e.actor === 'vera').map((e) => e.outcome)).toEqual([
        'ok',
        'failed',
        'failed',
        'failed',
        'failed',
        'failed',
        'denied',
        'denied',
      ]);
      expect((await hq.ctx.audit.read({ actionPrefix: 'account.' })).map((e) => e.action)).toEqual([
        'account.add',
        'account.token.create',
      ]);
      expect(await hq.ctx.audit.verify()).toMatchObject({ valid: true });

      // Logging out ends the session in the database.
      expect((await hq.request('DELETE', '/api/v1/session', { cookie: admin })).status).toBe(204);
      expect((await hq.request('GET', '/api/v1/accounts', { cookie: admin })).status).toBe(401);
    } finally {
      await hq.stop();
    }
  });

  if (open.kind === 'postgres') {
    it('shares accounts and sessions between replicas on one database', async () => {
      const t = await open();
      const a = await startTestHq(t);
      const otherDb = await openDatabase(t.url, t.dataDir);
      const b = await startTestHq({ ...t, db: otherDb });
      try {
        expect(b.adminPassword).toBeUndefined();
        const cookie = await a.login('admin', a.adminPassword!);
        const seen = await b.request('GET', '/api/v1/session', { cookie });
        expect(seen.body).toMatchObject({ authenticated: true, user: { name: 'admin' } });
        await b.request('DELETE', '/api/v1/session', { cookie });
        expect((await a.request('GET', '/api/v1/session', { cookie })).body.authenticated).toBe(false);
      } finally {
        await a.stop();
        await b.stop();
        await otherDb.close();
      }
    });
  }
});
