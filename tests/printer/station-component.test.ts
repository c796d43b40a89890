import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
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

  it('starts the emulator, registers the printer online, prints, and stops cleanly', async () => {
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
    await printer!.printer.print({ jobId: 's1', image: { front: testCardSide('STATION') } });
    await waitFor(() => readdirSync(join(dir, 'printer-emulator')).some((f) => f.endsWith('.json')), {
      what: 'job record',
    });
    expect(
      station.api!.routeAccess.filter((r) => r.url.startsWith('/api/v1/printers') && r.method !== 'HEAD')
        .length,
    ).toBe(4);
  });
});
