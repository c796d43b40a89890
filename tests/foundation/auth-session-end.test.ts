import { afterEach, describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../gateway/api/server.js';
import { issuanceRoutes } from '../../gateway/api/routes/issuances.js';
import { makeRig, type Rig } from '../issuance/service-helpers.js';
import { buildTestApi, login, type TestApi } from './api-app.js';

let t: TestApi | undefined;
let rig: Rig | undefined;
const open: OpenStream[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) s.abort();
  await t?.close();
  await rig?.close();
  t = undefined;
  rig = undefined;
});

/** The station API with the real event stream (/api/v1/events), listening on loopback. */
async function start(): Promise<{ url: string; admin: string }> {
  rig = await makeRig();
  const r = rig;
  t = await buildTestApi({}, async (app) => {
    await app.register(issuanceRoutes, { prefix: API_PREFIX, issuance: r.service, bus: r.bus });
  });
  const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const cookie = await login(t.app, 'admin', t.adminPassword);
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/session/password',
    headers: { cookie },
    payload: { current: t.adminPassword, next: 'a-new-admin-passphrase' },
  });
  return { url, admin: cookie };
}

interface OpenStream {
  /** Resolves with everything received when the server ends the stream. */
  ended: Promise<string>;
  /** Resolves once the first event (the station snapshot) arrived. */
  opened: Promise<void>;
  abort: () => void;
}

function openEvents(url: string, headers: Record<string, string>): OpenStream {
  const ctl = new AbortController();
  let text = '';
  let markOpen!: () => void;
  const opened = new Promise<void>((r) => (markOpen = r));
  const ended = (async () => {
    const res = await fetch(`${url}/api/v1/events`, { headers, signal: ctl.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text;
      text += Buffer.from(value).toString();
      if (text.includes('event: station')) markOpen();
    }
  })();
  ended.catch(() => markOpen());
  const stream = { ended, opened, abort: () => ctl.abort() };
  open.push(stream);
  return stream;
}

async function addUser(name: string, role: string): Promise<string> {
  await t!.users.add({ name, role: role as 'operator', password: `${name}-long-passphrase` });
  return login(t!.app, name, `${name}-long-passphrase`);
}

async function tokenFor(name: string, admin: string): Promise<string> {
  const r = await t!.app.inject({
    method: 'POST',
    url: `/api/v1/users/${name}/tokens`,
    headers: { cookie: admin },
    payload: { label: 'script' },
  });
  expect(r.statusCode).toBe(201);
  return (r.json() as { token: string }).token;
}

const works = async (headers: Record<string, string>) =>
  (await t!.app.inject({ url: '/api/v1/station', headers })).statusCode;

describe('sessions end everywhere', () => {
  it('logout ends the event streams opened with that session at once, not those of another desk', async () => {
    const { url } = await start();
    const ana = await addUser('ana', 'operator');
    const anaOtherDesk = await login(t!.app, 'ana', 'ana-long-passphrase');
    const here = openEvents(url, { cookie: ana });
    const there = openEvents(url, { cookie: anaOtherDesk });
    await Promise.all([here.opened, there.opened]);
    await t!.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie: ana } });
    expect(await here.ended).toMatch(/event: session-ended\ndata: \{"reason":"logout"\}/);
    expect(await works({ cookie: ana })).toBe(401);
    expect(await works({ cookie: anaOtherDesk })).toBe(200);
  });

  it('a password change ends the other sessions, every stream and every API token', async () => {
    const { url, admin } = await start();
    const ana = await addUser('ana', 'operator');
    const other = await login(t!.app, 'ana', 'ana-long-passphrase');
    const token = await tokenFor('ana', admin);
    const streams = [
      openEvents(url, { cookie: other }),
      openEvents(url, { authorization: `Bearer ${token}` }),
    ];
    await Promise.all(streams.map((s) => s.opened));
    const changed = await t!.app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      headers: { cookie: ana },
      payload: { current: 'ana-long-passphrase', next: 'ana-second-passphrase' },
    });
    expect(changed.statusCode).toBe(200);
    for (const s of streams) expect(await s.ended).toMatch(/"reason":"password-changed"/);
    expect(await works({ cookie: other })).toBe(401);
    expect(await works({ authorization: `Bearer ${token}` })).toBe(401);
    expect(await works({ cookie: ana })).toBe(200);
  });

  it('an admin reset ends the sessions, streams and tokens of that account', async () => {
    const { url, admin } = await start();
    const ana = await addUser('ana', 'operator');
    const token = await tokenFor('ana', admin);
    const stream = openEvents(url, { cookie: ana });
    await stream.opened;
    const reset = await t!.app.inject({
      method: 'POST',
      url: '/api/v1/users/ana/password',
      headers: { cookie: admin },
      payload: { password: 'a-one-time-passphrase' },
    });
    expect(reset.statusCode).toBe(204);
    expect(await stream.ended).toMatch(/"reason":"password-reset"/);
    expect(await works({ cookie: ana })).toBe(401);
    expect(await works({ authorization: `Bearer ${token}` })).toBe(401);
    expect(t!.users.list().find((u) => u.name === 'ana')!.tokens).toEqual([]);
  });

  it('a role change ends the sessions, streams and tokens of that account', async () => {
    const { url, admin } = await start();
    const tom = await addUser('tom', 'technician');
    const token = await tokenFor('tom', admin);
    const stream = openEvents(url, { authorization: `Bearer ${token}` });
    await stream.opened;
    const changed = await t!.app.inject({
      method: 'PUT',
      url: '/api/v1/users/tom/role',
      headers: { cookie: admin },
      payload: { role: 'operator' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'tom', role: 'operator', tokens: [] });
    expect(await stream.ended).toMatch(/"reason":"role-changed"/);
    expect(await works({ cookie: tom })).toBe(401);
    expect(await works({ authorization: `Bearer ${token}` })).toBe(401);
    const again = await login(t!.app, 'tom', 'tom-long-passphrase');
    expect(
      (await t!.app.inject({ url: '/api/v1/session', headers: { cookie: again } })).json(),
    ).toMatchObject({
      user: { role: 'operator' },
    });
  });

  it('removing an account ends its streams at once', async () => {
    const { url, admin } = await start();
    const ana = await addUser('ana', 'operator');
    const stream = openEvents(url, { cookie: ana });
    await stream.opened;
    const removed = await t!.app.inject({
      method: 'DELETE',
      url: '/api/v1/users/ana',
      headers: { cookie: admin },
    });
    expect(removed.statusCode).toBe(204);
    expect(await stream.ended).toMatch(/"reason":"user-removed"/);
    expect(await works({ cookie: ana })).toBe(401);
  });

  it('the last admin cannot be demoted', async () => {
    const { admin } = await start();
    const r = await t!.app.inject({
      method: 'PUT',
      url: '/api/v1/users/admin/role',
      headers: { cookie: admin },
      payload: { role: 'operator' },
    });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('LAST_ADMIN');
  });
});
