import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/processes.js';
import { verifyCommand } from '../../gateway/telemetry/command-token.js';
import { embeddedBroker, recorder, telemetryDeps, tempDir } from './fixtures.js';

describe('cardgate command keygen / sign', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('makes an HQ key and a signed lock that the enrolled station runs', async () => {
    const dir = tempDir();
    const gen = await runCli(['command', 'keygen', '--out', dir, '--kid', 'hq-2026']);
    expect(gen.code).toBe(0);
    const privPath = join(dir, 'hq-command-key.jwk');
    expect(statSync(privPath).mode & 0o777).toBe(0o600);
    const publicJwks = JSON.parse(readFileSync(join(dir, 'hq-command-keys.json'), 'utf8')) as {
      keys: Record<string, unknown>[];
    };
    expect(publicJwks.keys[0]).toMatchObject({ kid: 'hq-2026', kty: 'OKP', crv: 'Ed25519' });
    expect(publicJwks.keys[0]!.d).toBeUndefined();
    // A second keygen into the same folder does not overwrite an enrolled key.
    expect((await runCli(['command', 'keygen', '--out', dir])).code).not.toBe(0);

    const sign = await runCli([
      'command',
      'sign',
      ...['--key', privPath, '--site', 'dev-site', '--station', 'station-1'],
      ...['--command', 'lock-station', '--args', '{"reason":"audit visit"}', '--request-id', 'cli-1'],
    ]);
    expect(sign.code).toBe(0);
    const token = sign.stdout.trim();
    const verdict = await verifyCommand('lock-station', Buffer.from(token), {
      keys: publicJwks,
      audience: 'dev-site/station-1',
      now: Date.now(),
    });
    expect(verdict).toMatchObject({ ok: true, body: { v: 1, requestId: 'cli-1', reason: 'audit visit' } });

    // Enrolled at a station, it locks it.
    const { broker, station, hq } = await embeddedBroker();
    cleanup.push(() => broker.close());
    const t = telemetryDeps({ mqtt: { url: broker.url, ...station, commandKeys: publicJwks as never } });
    const rec = await recorder(broker.url, { protocolVersion: 4, ...hq });
    cleanup.push(() => rec.close());
    await t.telemetry.start();
    cleanup.push(() => t.telemetry.stop());
    await rec.waitFor('birth');
    rec.client.publish('cardgate/dev-site/station-1/cmd/lock-station', token, { qos: 1 });
    await rec.waitFor('reply/lock-station', (p) => p.requestId === 'cli-1' && p.ok === true);
    expect(t.locks).toEqual(['audit visit']);
  });

  it('refuses a command name off the allow-list, bad --args and a public key with exit code 2', async () => {
    const dir = tempDir();
    await runCli(['command', 'keygen', '--out', dir]);
    const base = ['command', 'sign', '--site', 's', '--station', 'x'];
    const priv = join(dir, 'hq-command-key.jwk');
    const unknown = await runCli([...base, '--key', priv, '--command', 'format-disk']);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('not a station command')]);
    const badArgs = await runCli([...base, '--key', priv, '--command', 'lock-station', '--args', '[1]']);
    expect([badArgs.code, badArgs.stderr]).toEqual([
      2,
      expect.stringContaining('--args must be a JSON object'),
    ]);
    const pub = await runCli([
      ...base,
      ...['--key', join(dir, 'hq-command-keys.json'), '--command', 'rebirth'],
    ]);
    expect([pub.code, pub.stderr]).toEqual([2, expect.stringContaining('holds no private key')]);
  });
});
