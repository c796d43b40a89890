import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot, runCli, startCli, waitFor } from '../helpers/processes.js';
import { requireSystem } from '../helpers/system.js';

/**
 * What `npm start` and the systemd unit run: bin/cardgate.js on the build (the one-file bundle
 * and its code cache), not the TypeScript sources the other tests use.
 */
const built = existsSync(join(projectRoot, 'dist', 'cardgate.cjs'));
const dir = mkdtempSync(join(tmpdir(), 'cardgate-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => runCli(args, { cli: 'build' });

const suite = built ? describe : requireSystem() ? describe : describe.skip;
const name = built
  ? 'the shipped build (bin/cardgate.js → dist/cardgate.cjs)'
  : 'the shipped build [skipped: not built; run npm run build]';

suite(name, () => {
  it('is there (CI builds before testing)', () => {
    expect(built, 'dist/cardgate.cjs missing: npm run build').toBe(true);
  });

  it('starts the whole embedded station, answers health and ready, guards the API, and stops with 0 on SIGTERM', async () => {
    const station = startCli(
      ['start', '--data-dir', join(dir, 'var'), '--port', '0', '--http', '--host', '127.0.0.1'],
      {
        cli: 'build',
        env: {
          CARDGATE_CODE_CACHE_REPORT: '1',
          CARDGATE_LOG__LEVEL: 'warn',
          CARDGATE_MQTT__EMBEDDED_PORT: '0',
        },
      },
    );
    try {
      const [, url] = await station.waitForOutput(/cardgate: listening on (\S+)\n/, 30_000);
      // Node >= 22.1 keeps compiled code itself; on Node 20 the build wrote a code cache this Node
      // accepts (a rejected one means a slow start).
      if (typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function')
        expect(station.output()).toMatch(/cardgate: compile cache (enabled|already_enabled) /);
      else expect(station.output()).toContain('cardgate: code cache accepted');
      expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
      await waitFor(async () => (await fetch(`${url}/api/v1/ready`)).status === 200, {
        timeoutMs: 15_000,
        what: 'ready 200',
      });
      expect((await fetch(`${url}/api/v1/devices`)).status).toBe(401);
      // Paths computed from module locations still find their files inside the bundle.
      const spec = (await (await fetch(`${url}/api/docs/json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(spec.paths)).toContain('/api/v1/issuances');
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script');
      expect((await fetch(`${url}/api/docs`, { redirect: 'follow' })).status).toBe(200);
    } finally {
      expect(await station.stop('SIGTERM')).toBe(0);
    }
  }, 60_000);

  it('renders a card and verifies its seal (canvas, fonts, template and zxing load from the bundle)', async () => {
    const fixtures = join(projectRoot, 'tests', 'fixtures');
    const out = join(dir, 'card');
    const dataDir = join(dir, 'render-data');
    const render = await run([
      'render',
      '--person',
      join(fixtures, 'persons', 'romanian-diacritics.json'),
      '--photo',
      join(fixtures, 'face.jpg'),
      '--out',
      out,
      '--data-dir',
      dataDir,
    ]);
    expect(render.stderr).toBe('');
    expect(render.code).toBe(0);
    expect((JSON.parse(render.stdout) as { mrz: string[] }).mrz).toHaveLength(3);
    const verify = await run([
      'seal',
      'verify',
      '--image',
      join(out, 'back.png'),
      '--cert',
      join(dataDir, 'pki', 'document-signer.crt'),
    ]);
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ valid: true });
  }, 60_000);

  it('exits 2 for a bad config file and for a bad option value, naming what is wrong', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"api": {"port": "eighty"}}');
    const check = await run(['config', 'check', bad]);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('/api/port');
    const flag = await run(['start', '--port', 'eighty']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("'eighty' is invalid");
  });
});
