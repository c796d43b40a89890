import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApi, type TestApi } from './api-app.js';

let t: TestApi | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const limits = (more: Record<string, number> = {}) => ({
  api: {
    http: true,
    port: 0,
    loginRateLimit: { max: 5, baseDelaySeconds: 1, maxDelaySeconds: 64, windowSeconds: 3600, ...more },
  },
});

function attempt(api: TestApi, password: string, ip: string, name = 'admin') {
  return api.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { name, password },
    remoteAddress: ip,
  });
}

/** How many attempts reached the password check (401) and how many were held back (429). */
function tally(replies: Array<{ statusCode: number }>) {
  const by = (s: number) => replies.filter((r) => r.statusCode === s).length;
  return { checked: by(401), held: by(429), other: replies.length - by(401) - by(429) };
}

describe('login rate limit', () => {
  it('counts an attempt before the password check: 60 parallel guesses from one address, 5 checked', async () => {
    t = await buildTestApi(limits());
    const replies = await Promise.all(
      Array.from({ length: 60 }, (_, i) => attempt(t!, `guess-${i}-wrong`, '10.0.0.5')),
    );
    expect(tally(replies)).toEqual({ checked: 5, held: 55, other: 0 });
    const held = replies.find((r) => r.statusCode === 429)!;
    expect(held.json().code).toBe('LOGIN_RATE_LIMITED');
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('rotating source addresses does not multiply the guesses on one account', async () => {
    t = await buildTestApi(limits());
    const ips = Array.from({ length: 8 }, (_, i) => `10.0.1.${i + 1}`);
    const replies = await Promise.all(
      ips.flatMap((ip) => Array.from({ length: 8 }, (_, i) => attempt(t!, `guess-${ip}-${i}`, ip))),
    );
    expect(tally(replies).checked).toBe(5);
    expect(tally(replies).other).toBe(0);
  });

  it('backs off exponentially (Retry-After 1, 2, 4, 8 s …) instead of a flat lockout', async () => {
    t = await buildTestApi(limits());
    for (let i = 0; i < 5; i++) expect((await attempt(t, `wrong-${i}`, '10.0.0.5')).statusCode).toBe(401);
    const waits: number[] = [];
    for (let round = 0; round < 5; round++) {
      const held = await attempt(t, 'wrong-again', '10.0.0.5');
      expect(held.statusCode).toBe(429);
      const wait = Number(held.headers['retry-after']);
      waits.push(wait);
      t.clock.advance(wait * 1000);
      expect((await attempt(t, `wrong-after-${round}`, '10.0.0.5')).statusCode).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16]);
  });

  it('caps the wait at maxDelaySeconds and forgets failures after a quiet window', async () => {
    t = await buildTestApi(limits({ maxDelaySeconds: 4, windowSeconds: 60 }));
    for (let i = 0; i < 5; i++) await attempt(t, `wrong-${i}`, '10.0.0.5');
    for (let round = 0; round < 6; round++) {
      const wait = Number((await attempt(t, 'held', '10.0.0.5')).headers['retry-after']);
      expect(wait).toBeLessThanOrEqual(4);
      t.clock.advance(wait * 1000);
      await attempt(t, `wrong-after-${round}`, '10.0.0.5');
    }
    t.clock.advance(61_000);
    expect((await attempt(t, t.adminPassword, '10.0.0.5')).statusCode).toBe(200);
  });

  it('a person who mistyped five times waits a second, not five minutes', async () => {
    t = await buildTestApi(limits());
    for (let i = 0; i < 5; i++) await attempt(t, `typo-${i}`, '10.0.0.5');
    const held = await attempt(t, t.adminPassword, '10.0.0.5');
    expect(held.statusCode).toBe(429);
    expect(Number(held.headers['retry-after'])).toBe(1);
    t.clock.advance(1000);
    expect((await attempt(t, t.adminPassword, '10.0.0.5')).statusCode).toBe(200);
  });

  it('a stranger guessing from elsewhere does not lock the person out of their own desk', async () => {
    t = await buildTestApi(limits());
    // The admin's desk is known: it logged in before.
    expect((await attempt(t, t.adminPassword, '10.0.0.5')).statusCode).toBe(200);
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt(t!, `guess-${i}`, `10.9.0.${i + 1}`)),
    );
    expect(tally(guesses).checked).toBe(5);
    // A further stranger is held back …
    expect((await attempt(t, 'one-more', '10.9.1.1')).statusCode).toBe(429);
    // … while the desk that logged in before is not.
    expect((await attempt(t, t.adminPassword, '10.0.0.5')).statusCode).toBe(200);
  });

  it('limits one address across accounts (password spraying)', async () => {
    t = await buildTestApi(limits({ addressMax: 10 }));
    const names = Array.from({ length: 30 }, (_, i) => `user${i}`);
    const replies = await Promise.all(names.map((n) => attempt(t!, 'Summer2026!x', '10.0.0.7', n)));
    expect(tally(replies).checked).toBe(10);
  });

  it('audits every attempt, held ones as denied, without the guesses', async () => {
    t = await buildTestApi(limits());
    await Promise.all(Array.from({ length: 8 }, (_, i) => attempt(t!, `guess-${i}`, '10.0.0.5')));
    const logins = t.audit.filter((e) => e.action === 'session.login');
    expect(logins.filter((e) => e.outcome === 'failed')).toHaveLength(5);
    expect(logins.filter((e) => e.outcome === 'denied')).toHaveLength(3);
    expect(JSON.stringify(t.audit)).not.toContain('guess-');
  });

  it('counts wrong current passwords on the change-password route the same way', async () => {
    t = await buildTestApi(limits());
    const ok = await attempt(t, t.adminPassword, '10.0.0.5');
    const cookie = String(ok.headers['set-cookie']).split(';')[0]!;
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t!.app.inject({
          method: 'POST',
          url: '/api/v1/session/password',
          headers: { cookie },
          remoteAddress: '10.0.0.5',
          payload: { current: `guess-${i}`, next: 'a-much-longer-passphrase' },
        }),
      ),
    );
    const codes = replies.map((r) => r.json().code as string);
    expect(codes.filter((c) => c === 'PASSWORD_WRONG')).toHaveLength(5);
    expect(codes.filter((c) => c === 'LOGIN_RATE_LIMITED')).toHaveLength(15);
  });
});
