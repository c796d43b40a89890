import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../../gateway/config/load.js';
import { loggerOptions } from '../../gateway/log/logger.js';
import { Station } from '../../gateway/station.js';
import { stationOptions } from '../../gateway/composition.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A station whose log lines are kept (as parsed JSON) for the test to read. */
async function startStation(sections: Record<string, unknown>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cardgate-compose-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const lines: Array<{ msg: string; part?: string; reason?: string }> = [];
  const logger = pino(
    loggerOptions({ level: 'info' }),
    new Writable({
      write(chunk: Buffer, _e, cb) {
        for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l));
        cb();
      },
    }),
  );
  const config = validateConfig({
    dataDir,
    api: { host: '127.0.0.1', port: 0, http: true },
    mqtt: { enabled: false },
    board: { enabled: false },
    ...sections,
  });
  const station = new Station({ config, ...stationOptions(), logger, print: () => undefined });
  cleanups.push(() => station.stop());
  const { url } = await station.start();
  return { station, url, lines };
}

describe('the composition decides missing parts at start, once', () => {
  it('without an encoder: no issuance, said once with the reason, and no issuance routes', async () => {
    const { station, url, lines } = await startStation({
      encoder: { enabled: false },
      printer: { emulated: true, emulator: { panelMs: 0 } },
    });
    const said = (part: string) => lines.filter((l) => l.part === part && l.reason);
    expect(said('encoder').map((l) => l.msg)).toEqual(['encoder not started: encoder.enabled is false']);
    expect(said('issuance').map((l) => l.msg)).toEqual([
      'issuance not started: no encoder: cards cannot be issued',
    ]);
    expect([...station.skipped.keys()].sort()).toEqual(['board', 'encoder', 'handoff', 'issuance']);
    expect(station.parts).toEqual([
      'ui',
      'key-store',
      'printer',
      'document',
      'applicant',
      'cameras',
      'revocation',
      'queue',
      'info',
      'telemetry',
    ]);

    const ready = (await (await fetch(`${url}/api/v1/ready`)).json()) as {
      parts: Array<{ name: string; reason: string | null }>;
    };
    expect(ready.parts.find((p) => p.name === 'issuance')?.reason).toBe(
      'not started: no encoder: cards cannot be issued',
    );
    const post = await fetch(`${url}/api/v1/issuances`, { method: 'POST' });
    expect(post.status).toBe(404);
  });

  it('a whole emulated station starts every part in the composition order, and logs no deprecation', async () => {
    const { station, lines } = await startStation({ printer: { emulator: { panelMs: 0 } } });
    expect(station.parts).toEqual([
      'ui',
      'key-store',
      'printer',
      'encoder',
      'document',
      'applicant',
      'issuance',
      'cameras',
      'revocation',
      'queue',
      'info',
      'telemetry',
    ]);
    expect(lines.filter((l) => l.msg.includes('deprecated spelling'))).toEqual([]);
  });

  it('an old emulator spelling still works and is logged once as deprecated', async () => {
    const { station, lines } = await startStation({ printer: { url: 'emulator', emulator: { panelMs: 0 } } });
    expect(station.registry.get('printer-1')).toMatchObject({ emulated: true });
    expect(lines.filter((l) => l.msg.includes('deprecated spelling')).map((l) => l.msg)).toEqual([
      'config /printer/url: emulator: deprecated spelling, use /printer/emulated: true',
    ]);
  });
});
