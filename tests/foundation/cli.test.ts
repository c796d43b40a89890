import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli, type RunningProcess } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'cardgate-cli-'));
const running: RunningProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('cardgate config', () => {
  it('check: exits 2 with one line naming the key path, 0 for a valid file (YAML)', async () => {
    const bad = await runCli(['config', 'check', write('bad.json', '{"api": {"port": "eighty"}}')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual(['cardgate: config /api/port: must be integer']);
    const good = await runCli([
      'config',
      'check',
      write('good.yaml', 'api:\n  port: 8443\nstation:\n  site: iasi\n'),
    ]);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
  }, 60_000);

  it('print: shows the effective configuration with secrets redacted', async () => {
    const f = write('secret.json', JSON.stringify({ mqtt: { username: 'st7', password: 'hunter2-mqtt' } }));
    const r = await runCli(['config', 'print', '--config', f], { env: { CARDGATE_API__PORT: '9001' } });
    expect(r.code).toBe(0);
    const shown = JSON.parse(r.stdout) as {
      api: { port: number };
      mqtt: { password: string; username: string };
    };
    expect(shown.api.port).toBe(9001);
    expect(shown.mqtt).toMatchObject({ username: 'st7', password: '[redacted]' });
    expect(r.stdout).not.toContain('hunter2-mqtt');
  }, 60_000);
});

describe('cardgate user and start', () => {
  it('adds an account before the first start; the station serves it, and SIGTERM ends it with 0 within 10 s', async () => {
    const dataDir = join(dir, 'station');
    const add = await runCli([
      'user',
      'add',
      '--data-dir',
      dataDir,
      '--name',
      'olga',
      '--role',
      'operator',
      '--password',
      'olga-password-1',
    ]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const dup = await runCli([
      'user',
      'add',
      '--data-dir',
      dataDir,
      '--name',
      'olga',
      '--role',
      'admin',
      '--password',
      'other-password-1',
    ]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('USER_EXISTS');

    const station = startCli(
      ['start', '--data-dir', dataDir, '--port', '0', '--http', '--host', '127.0.0.1'],
      {
        env: { CARDGATE_LOG__LEVEL: 'info', CARDGATE_MQTT__EMBEDDED_PORT: '0' },
      },
    );
    running.push(station);
    const [, url] = await station.waitForOutput(/cardgate: listening on (http:\/\/\S+)\n/, 20_000);
    const stdout = station.output();
    expect(stdout.match(/cardgate: listening on/g)).toHaveLength(1);
    // No admin existed yet: the first start made one and printed its one-time password once.
    expect(stdout.match(/cardgate: first start: admin password is \S+/g)).toHaveLength(1);
    expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
    const login = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'olga', password: 'olga-password-1' }),
    });
    expect(login.status).toBe(200);
    expect(await login.json()).toEqual({
      user: { name: 'olga', role: 'operator', mustChangePassword: false },
    });

    const t0 = Date.now();
    const code = await station.stop('SIGTERM');
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);

    const listed = await runCli(['user', 'list', '--data-dir', dataDir, '--json']);
    expect((JSON.parse(listed.stdout) as Array<{ name: string }>).map((u) => u.name).sort()).toEqual([
      'admin',
      'olga',
    ]);
  }, 90_000);

  it('refuses to start on an invalid configuration with exit code 2', async () => {
    const r = await runCli(['start', '--data-dir', join(dir, 'never'), '--http'], {
      env: { CARDGATE_API__PORT: 'eighty' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('cardgate: config /api/port: must be integer');
  }, 60_000);
});
