import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../../gateway/config/load.js';
import { Station } from '../../gateway/station.js';
import { startPrinter, type PrinterAttachment } from '../../gateway/devices/printer.js';
import { waitFor } from '../helpers/processes.js';
import { testCardSide } from './helpers/card-images.js';

const quiet = () =>
  pino(
    { level: 'warn' },
    new Writable({
      write(_c, _e, cb) {
        cb();
      },
    }),
  );

describe('the station printer (embedded emulator for `npm start`)', () => {
  let station: Station | null = null;
  let dir = '';
  afterEach(async () => {
    await station?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('starts the emulator, registers the printer online, prints (private output, purged on demand), and stops cleanly', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cardgate-printer-station-'));
    const config = validateConfig({
      dataDir: dir,
      api: { host: '127.0.0.1', port: 0 },
      mqtt: { embeddedPort: 0 },
      printer: { emulated: true, pollIntervalMs: 250, emulator: { panelMs: 0, feederCards: 3 } },
    });
    let printer: PrinterAttachment | null = null;
    station = new Station({
      config,
      compose: async (ctx) => {
        printer = await startPrinter(ctx, { emulated: true });
      },
      logger: quiet(),
      print: () => undefined,
    });
    await station.start();
    await waitFor(() => station!.registry.get('printer-1')?.state === 'online', { what: 'printer online' });
    const d = station.registry.get('printer-1')!;
    expect(d).toMatchObject({ class: 'printer', driver: 'evolis', emulated: true });
    const p = printer!;
    await p.printer.print({ jobId: 's1', image: { front: testCardSide('STATION') } });
    // The card went through the emulator the station started: its record says ejected.
    const out = join(dir, 'printer-emulator');
    await waitFor(() => readdirSync(out).some((f) => f.endsWith('.json')), { what: 'job record' });
    const record = JSON.parse(readFileSync(join(out, 'job-0001.json'), 'utf8')) as { result: string };
    expect(record.result).toBe('ejected');
    expect((await p.printer.status()).counters.cards).toBe(1);
    // Card images are personal data: private folder and files.
    expect(statSync(out).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(out)) expect(statSync(join(out, f)).mode & 0o777, f).toBe(0o600);
    // The technician routes: status, actions, console, faults.
    expect(
      station
        .api!.routeAccess.filter((r) => r.url.startsWith('/api/v1/printers') && r.method !== 'HEAD')
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
    ).toEqual([
      'GET /api/v1/printers/:id/faults',
      'GET /api/v1/printers/:id/status',
      'POST /api/v1/printers/:id/actions/:action',
      'POST /api/v1/printers/:id/raw',
    ]);
    // The retention hook removes the card images.
    expect(await p.purgeOutputs!(new Date(Date.now() + 1000))).toBe(2);
    expect(readdirSync(out)).toEqual([]);
    // Stopping closes the driver and the emulator: the driver refuses, the port is closed.
    const port = Number(new URL(p.printer.transport).port);
    await station.stop();
    station = null;
    await expect(p.printer.status()).rejects.toMatchObject({ code: 'DISCONNECTED' });
    const refused = await new Promise<string>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve('connected');
      });
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
