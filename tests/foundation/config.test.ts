import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, validateConfig } from '../../gateway/config/load.js';
import { renderConfigDocs } from '../../gateway/config/docs.js';
import { redactConfig } from '../../gateway/config/redact.js';
import { ConfigError } from '../../gateway/core/errors.js';
import { projectRoot } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'cardgate-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('fills every default from the schema when nothing is given', async () => {
    const { config, file: f } = await loadConfig({ env: {}, cwd: dir });
    expect(f).toBeNull();
    expect(config.api).toMatchObject({
      port: 8443,
      http: false,
      host: '0.0.0.0',
      loginRateLimit: { max: 5 },
    });
    expect(config.dataDir).toBe(join(dir, 'var'));
    expect(config.mqtt.url).toBe('embedded');
  });

  it('layers file, CARDGATE_* environment and flags, coercing types per schema', async () => {
    const f = file(
      'layers/station.yaml',
      ['api:', '  port: 9100', '  host: 127.0.0.1', 'log:', '  level: warn', 'station:', '  site: cluj'].join(
        '\n',
      ),
    );
    const { config } = await loadConfig({
      file: f,
      cwd: dir,
      env: {
        CARDGATE_API__PORT: '9000',
        CARDGATE_API__HTTP: 'true',
        CARDGATE_API__LOGIN_RATE_LIMIT__MAX: '3',
        CARDGATE_LOG__PRETTY: 'false',
        CARDGATE_ISSUANCE__NUMBER_BLOCKS: '[{"prefix":"CJ","first":1,"last":50}]',
        // Process switches share the prefix but are not configuration.
        CARDGATE_REQUIRE_SYSTEM: '1',
        CARDGATE_FROM_SOURCE: '1',
      },
      flags: { port: 9443, broker: 'mqtts://hq.example:8883', station: 'desk-2' },
    });
    expect(config.api.port).toBe(9443);
    expect(config.api.host).toBe('127.0.0.1');
    expect(config.api.http).toBe(true);
    expect(config.api.loginRateLimit.max).toBe(3);
    expect(config.log).toEqual({ level: 'warn', pretty: false });
    expect(config.issuance.numberBlocks).toEqual([{ prefix: 'CJ', first: 1, last: 50, width: 7 }]);
    expect(config.mqtt.url).toBe('mqtts://hq.example:8883');
    expect(config.station).toMatchObject({ site: 'cluj', id: 'desk-2' });
  });

  it('resolves relative paths from a file against its folder, others against cwd', async () => {
    const f = file(
      'paths/conf/station.json',
      JSON.stringify({ dataDir: '../data', api: { tls: { certFile: 'tls/c.pem', keyFile: '/etc/k.pem' } } }),
    );
    const { config } = await loadConfig({ file: f, cwd: dir, env: {} });
    expect(config.dataDir).toBe(join(dir, 'paths', 'data'));
    expect(config.api.tls.certFile).toBe(join(dir, 'paths', 'conf', 'tls', 'c.pem'));
    expect(config.api.tls.keyFile).toBe('/etc/k.pem');
    const flagged = await loadConfig({ file: f, cwd: dir, env: {}, flags: { dataDir: 'here' } });
    expect(flagged.config.dataDir).toBe(join(dir, 'here'));
  });

  it('names the key path and the reason for a wrong type, an unknown key and a bad value', async () => {
    expect(errorOf(() => validateConfig({ api: { port: 'eighty' } })).message).toBe(
      'config /api/port: must be integer',
    );
    expect(errorOf(() => validateConfig({ api: { prot: 80 } })).message).toBe(
      'config /api/prot: unknown key',
    );
    expect(errorOf(() => validateConfig({ extra: true })).path).toBe('/extra');
    expect(errorOf(() => validateConfig({ api: { port: 70000 } })).message).toBe(
      'config /api/port: must be <= 65535',
    );
    expect(errorOf(() => validateConfig({ log: { level: 'loud' } })).message).toMatch(
      /^config \/log\/level: must be one of "fatal", "error"/,
    );
    expect(errorOf(() => validateConfig({ cameras: [{ id: 'Front Door', kind: 'http' }] })).path).toBe(
      '/cameras/0/id',
    );
    await expect(loadConfig({ env: { CARDGATE_API__PORTT: '1' } })).rejects.toThrow(
      'config /api/portt: unknown key (from CARDGATE_API__PORTT)',
    );
    await expect(loadConfig({ env: { CARDGATE_API__PORT: 'eighty' } })).rejects.toThrow(
      'config /api/port: must be integer',
    );
    await expect(loadConfig({ file: file('broken.json', '{"api": '), env: {} })).rejects.toThrow(
      /cannot parse .*broken\.json/,
    );
    await expect(loadConfig({ file: file('station.toml', 'x=1'), env: {} })).rejects.toThrow(
      /unknown format \.toml/,
    );
    await expect(loadConfig({ file: join(dir, 'missing.json'), env: {} })).rejects.toThrow(
      /cannot read .*ENOENT/,
    );
  });

  it('redacts secrets for printing', () => {
    const config = validateConfig({
      mqtt: { username: 'station-7', password: 'mqtt-pass-123' },
      cameras: [
        { id: 'desk', kind: 'http', url: 'http://cam/snap', username: 'cam', password: 'cam-pass-456' },
      ],
    });
    const shown = JSON.stringify(redactConfig(config));
    expect(shown).not.toContain('mqtt-pass-123');
    expect(shown).not.toContain('cam-pass-456');
    expect(shown).toContain('"username":"station-7"');
    expect(redactConfig(config)).toMatchObject({
      mqtt: { password: '[redacted]' },
      cameras: [{ password: '[redacted]' }],
    });
    // The original is untouched.
    expect(config.mqtt.password).toBe('mqtt-pass-123');
  });

  it('docs/configuration.md is generated from the current schema (run: npx tsx scripts/gen-config-docs.ts)', () => {
    const onDisk = readFileSync(join(projectRoot, 'docs', 'configuration.md'), 'utf8');
    expect(onDisk).toBe(renderConfigDocs());
    for (const key of [
      'api.port',
      'api.loginRateLimit.max',
      'mqtt.password',
      'issuance.numberBlocks[].prefix',
    ]) {
      expect(onDisk).toContain(`\`${key}\``);
    }
  });
});
