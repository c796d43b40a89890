import { expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/hq-databases.js';
import { runCli, startCli } from '../helpers/processes.js';

const PW = 'correct horse battery staple';

async function login(url: string, name: string, password: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  return res.status;
}

forEachDatabase('cardgate hq (CLI)', (open) => {
  it('adds accounts to a stopped HQ and, on PostgreSQL, to a running one; serves them at once', async () => {
    const t = await open();
    // The CLI opens the database itself: the test's handle must not hold it.
    await t.db.close();
    const db = ['--data-dir', t.dataDir, '--db', t.url];
    const added = await runCli([
      'hq',
      'user',
      'add',
      ...db,
      '--name',
      'carla',
      '--role',
      'caseworker',
      '--password',
      PW,
    ]);
    expect(added.stderr).toBe('');
    expect(added.stdout).toBe('cardgate hq: user carla (caseworker) added\n');
    expect(added.code).toBe(0);
    const bad = await runCli([
      'hq',
      'user',
      'add',
      ...db,
      '--name',
      'bob',
      '--role',
      'operator',
      '--password',
      PW,
    ]);
    expect(bad.code).toBe(2);

    const hq = startCli(['hq', ...db, '--http', '--port', '0', '--host', '127.0.0.1'], {
      env: { CARDGATE_LOG_LEVEL: 'warn' },
    });
    try {
      const [, url] = await hq.waitForOutput(/cardgate hq: listening on (http:\/\/\S+)/, 120_000);
      expect(hq.output()).toMatch(/first start: admin password is \S+/);
      expect(await login(url!, 'carla', PW)).toBe(200);

      const whileRunning = await runCli([
        'hq',
        'user',
        'add',
        ...db,
        '--name',
        'vera',
        '--role',
        'verifier',
        '--password',
        PW,
      ]);
      if (open.kind === 'embedded') {
        // The embedded database belongs to the running HQ.
        expect(whileRunning.code).toBe(2);
        expect(whileRunning.stderr).toMatch(/DB_IN_USE/);
        expect(await login(url!, 'vera', PW)).toBe(401);
      } else {
        expect(whileRunning.code).toBe(0);
        expect(await login(url!, 'vera', PW)).toBe(200);
      }
      const list = await runCli(['hq', 'user', 'list', ...db, '--json'], {});
      if (open.kind === 'postgres') {
        expect((JSON.parse(list.stdout) as Array<{ name: string }>).map((u) => u.name)).toEqual([
          'admin',
          'carla',
          'vera',
        ]);
      }
    } finally {
      expect(await hq.stop('SIGTERM')).toBe(0);
    }
    // Stopped: the embedded database is free again.
    const after = await runCli(['hq', 'user', 'list', ...db]);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^carla\tcaseworker$/m);
  }, 240_000);
});
