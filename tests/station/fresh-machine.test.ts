import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithSystem } from '../helpers/system.js';
import { projectRoot, waitFor } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { requestPerson } from '../helpers/persons.js';

/**
 * A fresh clone on a machine with only Node.js and npm: in a private mount namespace the PC/SC
 * headers, socat, mosquitto, Chromium, ffmpeg and the system fonts are hidden (empty files and
 * folders mounted over them: hiding them from PATH would not hide headers from a native build).
 * `npm ci` must exit 0 (pcsclite's failing build is optional), `npm start` must bring up a station
 * whose every part is up, emulated ones saying so, and issue a card end to end.
 * npm ci uses the machine's npm cache (--prefer-offline) and the registry for what is not cached.
 */
const HIDDEN_DIRS = ['/usr/include/PCSC', '/usr/share/fonts', '/usr/local/share/fonts'];
const HIDDEN_FILES = [
  '/usr/bin/socat',
  '/usr/sbin/mosquitto',
  '/usr/bin/mosquitto',
  '/usr/bin/chromium',
  '/usr/bin/ffmpeg',
];

const SCRIPT = `set -u
mkdir -p "$SANDBOX/empty-dir" && : > "$SANDBOX/empty-file"
for d in ${HIDDEN_DIRS.join(' ')}; do [ -d "$d" ] && mount --bind "$SANDBOX/empty-dir" "$d"; done
for f in ${HIDDEN_FILES.join(' ')}; do [ -e "$f" ] && mount --bind "$SANDBOX/empty-file" "$f"; done
echo "hidden: PCSC headers $(ls /usr/include/PCSC 2>/dev/null | wc -l), fonts $(ls /usr/share/fonts 2>/dev/null | wc -l), socat $(command -v socat >/dev/null && socat -V >/dev/null 2>&1 && echo runs || echo gone)"
cd "$SANDBOX/clone"
start=$(date +%s%N)
npm ci --prefer-offline --no-audit --no-fund > "$SANDBOX/npm-ci.log" 2>&1
code=$?
echo "npm ci exit $code in $(( ($(date +%s%N) - start) / 1000000 )) ms"
[ $code -eq 0 ] || { tail -40 "$SANDBOX/npm-ci.log"; exit 1; }
echo "pcsclite installed: $([ -d node_modules/pcsclite ] && echo yes || echo no)"
node bin/cardgate.js user add --data-dir var --name ana --role operator --password a-long-passphrase-1 || exit 1
exec npm start -- --port 0
`;

describeWithSystem(
  ['mount-namespace'],
  'a fresh clone with only Node.js and npm (system packages hidden)',
  () => {
    const sandbox = makeTempDir('cardgate-fresh-');
    let child: ChildProcess;
    let out = '';
    let url: string;

    const output = (re: RegExp, timeoutMs: number, what: string) =>
      waitFor(() => out.match(re) ?? (child.exitCode !== null ? Promise.reject(new Error('exited')) : null), {
        timeoutMs,
        intervalMs: 200,
        what,
      }).catch((e: Error) => {
        throw new Error(`${e.message}\n--- output ---\n${out.slice(-4000)}`);
      });

    beforeAll(async () => {
      // The committed tree, as a new user would clone it.
      execFileSync('git', ['clone', '--quiet', '--no-hardlinks', projectRoot, join(sandbox, 'clone')]);
      writeFileSync(join(sandbox, 'run.sh'), SCRIPT);
      child = spawn('unshare', ['--mount', '--propagation', 'private', 'bash', join(sandbox, 'run.sh')], {
        env: {
          ...process.env,
          SANDBOX: sandbox,
          CARDGATE_LOG__LEVEL: 'warn',
          CARDGATE_MQTT__EMBEDDED_PORT: '0',
          CARDGATE_PRINTER__EMULATOR__PANELMS: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so teardown ends npm, the station and nothing else.
        detached: true,
      });
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      await output(/npm ci exit \d+ in \d+ ms/, 900_000, 'npm ci');
      url = (await output(/cardgate: listening on (\S+)\n/, 120_000, 'listening line'))[1]!;
    }, 1_100_000);

    afterAll(async () => {
      if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        process.kill(-child.pid, 'SIGTERM');
        const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(sandbox, { recursive: true, force: true });
    }, 30_000);

    it('hid the system packages, and npm ci exited 0 without the PC/SC headers', () => {
      expect(out).toMatch(/hidden: PCSC headers 0, fonts 0, socat gone/);
      expect(out).toMatch(/npm ci exit 0 in \d+ ms/);
      expect(out).toContain('pcsclite installed: no');
    });

    it('answers health, and /ready shows every part up, the emulated ones and the development key store saying so', async () => {
      expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
      const res = await fetch(`${url}/api/v1/ready`);
      const ready = (await res.json()) as {
        ready: boolean;
        parts: { name: string; kind: string; state: string; emulated: boolean; reason: string | null }[];
      };
      expect(res.status, JSON.stringify(ready)).toBe(200);
      // The development file store works but is said loudly (issue 17): degraded, with the reason.
      // A fresh station is not enrolled with HQ: its hand-off is down, and says why (issue 15).
      expect(ready.parts.filter((p) => p.state !== 'up').map((p) => p.name)).toEqual([
        'key-store',
        'handoff',
      ]);
      expect(ready.parts.find((p) => p.name === 'key-store')?.reason).toMatch(/^development file store/);
      expect(ready.parts.find((p) => p.name === 'handoff')?.reason).toMatch(/not enrolled with HQ/);
      const devices = ready.parts.filter((p) => p.kind === 'device');
      for (const name of ['printer-1', 'encoder-1', 'board'])
        expect(
          devices.find((d) => d.name === name),
          name,
        ).toMatchObject({ state: 'up', emulated: true });
      for (const d of devices.filter((x) => x.emulated)) expect(d.reason).toMatch(/^emulated /);
      expect(ready.parts.find((p) => p.name === 'card-fonts')).toMatchObject({ state: 'up', reason: null });
      expect(devices.find((d) => d.name === 'board')?.reason).toContain('over memory');
    });

    it('issues a card through the API to done, with the shipped fonts and no system packages', async () => {
      const login = await fetch(`${url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'ana', password: 'a-long-passphrase-1' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const person = requestPerson('romanian-diacritics');
      const photo = readFileSync(join(projectRoot, 'tests/fixtures/face.jpg')).toString('base64');
      const created = await fetch(`${url}/api/v1/issuances`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ kind: 'new', person, photo }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      const { id } = (await created.json()) as { id: string };
      let last = '';
      const done = await waitFor(
        async () => {
          const res = await fetch(`${url}/api/v1/issuances/${id}`, { headers: { cookie } });
          last = await res.text();
          const j = JSON.parse(last) as { status: string; documentNumber: string | null };
          if (j.status === 'failed' || j.status === 'needs-operator') throw new Error(`job stopped: ${last}`);
          return j.status === 'done' ? j : null;
        },
        { timeoutMs: 120_000, intervalMs: 250, what: 'job done' },
      ).catch((e: Error) => {
        throw new Error(`${e.message}; last seen ${last}\n--- output ---\n${out.slice(-4000)}`);
      });
      expect(done.documentNumber).toMatch(/^[A-Z]{2}\d{7}$/);
    }, 150_000);
  },
);
