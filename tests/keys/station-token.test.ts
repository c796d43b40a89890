import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { validateConfig } from '../../gateway/config/load.js';
import { stationOptions } from '../../gateway/composition.js';
import { Station } from '../../gateway/station.js';
import { UserStore } from '../../gateway/users/store.js';
import { personalDataIn, type Person } from '../helpers/personal-data.js';
import { projectRoot } from '../helpers/processes.js';
import { startSoftHsm, type SoftHsm } from '../helpers/softhsm.js';
import { describeWithSystem } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { requestPerson } from '../helpers/persons.js';

const PASSWORD = 'a-long-passphrase-1';
const person = requestPerson('cyrillic');
const photo = readFileSync(join(projectRoot, 'tests/fixtures/face.jpg')).toString('base64');

const running: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  for (const s of running.splice(0).reverse()) await s.stop();
});

async function station(dataDir: string, security: Record<string, unknown>) {
  const users = await UserStore.open(dataDir);
  if (!users.get('ana')) await users.add({ name: 'ana', role: 'operator', password: PASSWORD });
  const config = validateConfig({
    dataDir,
    api: { host: '127.0.0.1', port: 0, http: true },
    mqtt: { enabled: false },
    board: { enabled: false },
    printer: { emulated: true, emulator: { panelMs: 0 } },
    encoder: { driver: 'emulator' },
    security,
  });
  const s = new Station({ config, ...stationOptions(), print: () => undefined });
  running.push(s);
  const history = new Map<string, { status: string; error: unknown }>();
  s.bus.on('issuance:job', (e) => history.set(e.jobId, { status: e.status, error: e.error }));
  const { url } = await s.start();
  const login = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'ana', password: PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const issue = () =>
    fetch(`${url}/api/v1/issuances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ kind: 'new', person, photo }),
    });
  const keyPart = async () => {
    const r = (await (await fetch(`${url}/api/v1/ready`)).json()) as {
      ready: boolean;
      parts: { name: string; state: string; reason: string | null }[];
    };
    return { ready: r.ready, part: r.parts.find((p) => p.name === 'key-store')! };
  };
  /** Resolves at the next station event with this code (the watch reports what it saw). */
  const event = (code: string) =>
    new Promise<{ message: string }>((resolve) => {
      const off = s.bus.on('station:event', (e) => {
        if (e.code === code) {
          off();
          resolve(e);
        }
      });
    });
  /** Resolves when the job reaches done (from the recorded history or a later event). */
  const jobDone = (id: string) =>
    new Promise<void>((resolve, reject) => {
      const check = (status: string | undefined, error?: unknown): boolean => {
        if (status === 'done') resolve();
        else if (status === 'failed' || status === 'needs-operator')
          reject(new Error(`job ${id} ${status}: ${JSON.stringify(error)}`));
        else return false;
        return true;
      };
      if (check(history.get(id)?.status, history.get(id)?.error)) return;
      const off = s.bus.on('issuance:job', (e) => {
        if (e.jobId === id && check(e.status, e.error)) off();
      });
    });
  return { s, url, issue, keyPart, event, jobDone };
}

describeWithSystem(['softhsm2'], 'a station whose keys are in a SoftHSM2 token', () => {
  let hsm: SoftHsm;
  beforeAll(() => {
    hsm = startSoftHsm();
  });

  it('issues with the token; a pulled token locks issuing with "signing token unavailable", putting it back unlocks it', async () => {
    const token = await hsm.addToken('desk-1');
    const dataDir = makeTempDir('cardgate-st-');
    const st = await station(dataDir, { keyStore: { ...token.config, checkSeconds: 1 } });
    expect(await st.keyPart()).toMatchObject({ ready: true, part: { state: 'up', reason: null } });
    const first = await st.issue();
    expect(first.status).toBe(201);
    await st.jobDone(((await first.json()) as { id: string }).id);

    const down = st.event('KEY_STORE_UNAVAILABLE');
    token.remove();
    expect((await down).message).toContain('signing token unavailable');
    const refused = await st.issue();
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: 'KEY_STORE_UNAVAILABLE' });
    const { ready, part } = await st.keyPart();
    expect(ready).toBe(false);
    expect(part.state).toBe('down');
    expect(part.reason).toMatch(/signing token unavailable .*Fix: /);

    const up = st.event('KEY_STORE_AVAILABLE');
    token.restore();
    await up;
    // The lock is lifted after the event: the next request is admitted.
    const again = await st.issue();
    expect(again.status).toBe(201);
    await st.jobDone(((await again.json()) as { id: string }).id);
    expect((await st.keyPart()).part.state).toBe('up');
  });

  it('starts with a wrong PIN, tells the technician how to fix it, and recovers when the PIN file is corrected', async () => {
    const token = await hsm.addToken('desk-2');
    writeFileSync(token.pinFile, 'not-the-pin\n', { mode: 0o600 });
    const st = await station(makeTempDir('cardgate-st-'), { keyStore: { ...token.config, checkSeconds: 1 } });
    const { part } = await st.keyPart();
    expect(part).toMatchObject({ state: 'down' });
    expect(part.reason).toContain('pin-rejected');
    expect(part.reason).toContain(token.pinFile);
    expect(part.reason).not.toContain('not-the-pin');
    expect((await st.issue()).status).toBe(503);
    const up = st.event('KEY_STORE_AVAILABLE');
    writeFileSync(token.pinFile, `${token.pin}\n`, { mode: 0o600 });
    await up;
    expect((await st.issue()).status).toBe(201);
  });

  it('a data directory copied to a station with another token fails to start with DATA_KEYS_FOREIGN, and holds no personal data in clear', async () => {
    const token = await hsm.addToken('desk-3');
    const dataDir = makeTempDir('cardgate-st-');
    const st = await station(dataDir, { keyStore: token.config });
    const created = await st.issue();
    await st.jobDone(((await created.json()) as { id: string }).id);
    await st.s.stop();
    // The data keys are wrapped by the token's key, not by a file beside them.
    expect(JSON.parse(readFileSync(join(dataDir, 'keys', 'data-keys.json'), 'utf8')).store.kind).toBe(
      'pkcs11',
    );
    expect(readdirSync(join(dataDir, 'keys'))).toEqual(['data-keys.json']);
    const copy = makeTempDir('cardgate-copied-');
    cpSync(dataDir, copy, { recursive: true });
    const p = { ...person, documentNumber: undefined } as unknown as Person;
    for (const f of readdirSync(copy, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()))
      expect(personalDataIn(readFileSync(join(f.parentPath, f.name), 'latin1'), p), f.name).toEqual([]);
    const other = await hsm.addToken('thief');
    await expect(station(copy, { keyStore: other.config })).rejects.toMatchObject({
      code: 'DATA_KEYS_FOREIGN',
    });
    await expect(station(copy, {})).rejects.toMatchObject({ code: 'DATA_KEYS_FOREIGN' });
  });
});

describeWithSystem([], 'security.requireToken with the development file store', () => {
  it('refuses to issue, with the reason on /ready', async () => {
    const st = await station(makeTempDir('cardgate-st-'), { requireToken: true });
    const refused = await st.issue();
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: 'KEY_STORE_TOKEN_REQUIRED' });
    const { ready, part } = await st.keyPart();
    expect(ready).toBe(false);
    expect(part.reason).toContain('requireToken');
  });
});
