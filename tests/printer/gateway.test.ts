import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { EventBus, type GatewayEvents } from '../../gateway/core/events.js';
import { DeviceRegistry } from '../../gateway/core/registry.js';
import type { AuditEntryInput, AuditSink } from '../../gateway/core/audit-sink.js';
import { attachPrinter, type PrinterAttachment } from '../../gateway/devices/printer.js';
import { printerRoutes } from '../../gateway/api/routes/printer.js';
import { startPrinterEmulator, type PrinterEmulator } from '../../drivers/printer/emulator/index.js';
import { createPrinter } from '../../drivers/printer/factory.js';
import type { EvolisPrinter } from '../../drivers/printer/evolis/driver.js';
import { buildPluginTestApp } from '../helpers/api.js';
import { waitFor } from '../helpers/processes.js';

const logger = { info: () => undefined, warn: () => undefined };

describe('printer in the gateway: registry, station events, technician routes', () => {
  let emu: PrinterEmulator;
  let printer: EvolisPrinter;
  let attachment: PrinterAttachment;
  let registry: DeviceRegistry;
  let app: FastifyInstance;
  const events: GatewayEvents['station:event'][] = [];
  const audit: AuditEntryInput[] = [];
  const sink: AuditSink = { append: async (e) => void audit.push(e) };
  let jobRunning = false;

  beforeEach(async () => {
    events.length = 0;
    audit.length = 0;
    jobRunning = false;
    emu = await startPrinterEmulator({ tcpPort: 0, panelMs: 0, feederCards: 4 });
    const bus = new EventBus();
    bus.on('station:event', (e) => events.push(e));
    registry = new DeviceRegistry(bus, { now: () => Date.now() });
    printer = createPrinter(emu.url, { id: 'printer-1', commandTimeoutMs: 2000, pollIntervalMs: 100 });
    attachment = attachPrinter(printer, { registry, bus, logger, emulated: true });
    await printer.connect();
    app = await buildPluginTestApp(printerRoutes, {
      printers: (id: string) => (id === 'printer-1' ? attachment : undefined),
      audit: sink,
      jobRunning: () => jobRunning,
    });
  });
  afterEach(async () => {
    await app?.close();
    attachment?.detach();
    await printer?.close();
    await emu?.close();
  });

  it('registers the printer and keeps its state from polls: online, then fault on cover open, online again', async () => {
    await waitFor(() => registry.get('printer-1')?.info.ribbon, { what: 'first poll' });
    const d = registry.get('printer-1')!;
    expect(d).toMatchObject({ class: 'printer', driver: 'evolis', emulated: true, state: 'online' });
    expect(d.info.identity).toMatchObject({ vendor: 'Evolis', serial: emu.model.serial });
    emu.control.inject('cover-open');
    await waitFor(() => registry.get('printer-1')?.state === 'fault', { what: 'fault state' });
    expect(registry.get('printer-1')!.lastErrorCode).toBe('COVER_OPEN');
    await waitFor(() => events.find((e) => e.code === 'PRINTER_COVER_OPEN'), { what: 'station event' });
    emu.control.clear({ cover: true });
    await waitFor(() => registry.get('printer-1')?.state === 'online', { what: 'back online' });
    await waitFor(() => events.find((e) => e.code === 'PRINTER_READY'), { what: 'ready event' });
    // One event per change, not one per poll.
    expect(events.filter((e) => e.code === 'PRINTER_COVER_OPEN')).toHaveLength(1);
  });

  it('goes offline when the printer disappears', async () => {
    await waitFor(() => registry.get('printer-1')?.state === 'online', { what: 'online' });
    await emu.close();
    await waitFor(() => registry.get('printer-1')?.state === 'offline', { what: 'offline' });
    expect(registry.get('printer-1')!.lastErrorCode).toBe('DISCONNECTED');
  });

  it('GET status answers technicians with identity and live status; operators get 403', async () => {
    const r = await app.inject({
      url: '/api/v1/printers/printer-1/status',
      headers: { 'x-test-role': 'technician' },
    });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { identity: { model: string }; status: { ready: boolean } };
    expect(body.identity.model).toBe(emu.model.model);
    expect(body.status.ready).toBe(true);
    const op = await app.inject({
      url: '/api/v1/printers/printer-1/status',
      headers: { 'x-test-role': 'operator' },
    });
    expect(op.statusCode).toBe(403);
    const none = await app.inject({
      url: '/api/v1/printers/nope/status',
      headers: { 'x-test-role': 'technician' },
    });
    expect(none.statusCode).toBe(404);
  });

  it('actions run on the printer and are audited; a failing one answers 503 with the fault code', async () => {
    const before = emu.model.counters.cards;
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/printers/printer-1/actions/test-card',
      headers: { 'x-test-role': 'technician' },
    });
    expect(r.statusCode).toBe(200);
    expect(emu.model.counters.cards).toBe(before + 1);
    expect(audit.at(-1)).toMatchObject({
      actor: 'test-technician',
      action: 'printer.action',
      outcome: 'ok',
      details: { action: 'test-card' },
    });
    emu.control.inject('cover-open');
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/printers/printer-1/actions/clean',
      headers: { 'x-test-role': 'technician' },
    });
    expect(bad.statusCode).toBe(503);
    expect(bad.json()).toMatchObject({ code: 'PRINTER_COVER_OPEN' });
    expect(audit.at(-1)).toMatchObject({
      outcome: 'failed',
      details: { action: 'clean', code: 'COVER_OPEN' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/printers/printer-1/actions/explode',
      headers: { 'x-test-role': 'technician' },
    });
    expect(unknown.statusCode).toBe(400);
  });

  const consoleCall = (command: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/printers/printer-1/raw',
      headers: { 'x-test-role': 'technician' },
      payload: { command },
    });

  it('raw console answers read commands and audits command and reply; malformed lines are 400', async () => {
    const r = await consoleCall('Rfv');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ reply: emu.model.firmware });
    expect(audit.at(-1)).toMatchObject({
      action: 'printer.raw',
      target: 'printer-1',
      outcome: 'ok',
      details: { command: 'Rfv', reply: emu.model.firmware },
    });
    expect((await consoleCall('Rco;l')).json()).toEqual({ reply: '200' });
    for (const command of ['', 'Db;k;2;\r\x1bSe', 'x'.repeat(200)]) {
      expect((await consoleCall(command)).statusCode).toBe(400);
    }
  });

  it('the console does not move cards: movement, printing, parameter and firmware commands are refused (403) and audited, the printer never sees them', async () => {
    const feeder = emu.model.feederCards;
    const refused = [
      'St',
      'Ss',
      'Se',
      'Sis',
      'Ser',
      'Si',
      'Seb',
      'Scp',
      'Pc;k;=;10',
      'Psc;!;#;$',
      'Db;k;2;AAAA',
      'Pmi;F',
      'Pem;1',
      'Zzz',
    ];
    for (const command of refused) {
      audit.length = 0;
      const r = await consoleCall(command);
      expect(r.statusCode, command).toBe(403);
      expect(r.json(), command).toMatchObject({ code: 'CONSOLE_COMMAND_REFUSED' });
      expect(audit, command).toEqual([
        expect.objectContaining({
          action: 'printer.raw',
          outcome: 'denied',
          details: expect.objectContaining({ command, code: 'CONSOLE_COMMAND_REFUSED' }),
        }),
      ]);
    }
    expect(emu.model.commandLog.filter((c) => !c.startsWith('R'))).toEqual([]);
    expect(emu.model.feederCards).toBe(feeder);
    // The printer still answers afterwards (no command left it waiting).
    expect((await consoleCall('Rfv')).json()).toEqual({ reply: emu.model.firmware });
  });

  it('every console command is refused while a job runs (409), audited; accepted again once it ends', async () => {
    jobRunning = true;
    audit.length = 0;
    const r = await consoleCall('Rfv');
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'CONSOLE_PRINTER_BUSY' });
    expect(audit).toEqual([
      expect.objectContaining({ outcome: 'denied', details: expect.objectContaining({ command: 'Rfv' }) }),
    ]);
    jobRunning = false;
    // The driver itself refuses while it holds a job's card (here: at the contact station).
    await printer.moveToContactStation();
    const held = await consoleCall('Rfv');
    expect(held.statusCode).toBe(409);
    expect(audit.at(-1)).toMatchObject({ outcome: 'denied', details: { code: 'CONSOLE_PRINTER_BUSY' } });
    await printer.eject();
    expect((await consoleCall('Rfv')).statusCode).toBe(200);
  });

  it('faults list what happened with explanation and fix', async () => {
    emu.control.inject('feeder-empty');
    await expect(
      printer.print({
        jobId: 'g1',
        ribbon: 'k',
        image: { front: (await import('./helpers/card-images.js')).testCardSide() },
      }),
    ).rejects.toMatchObject({ code: 'FEEDER_EMPTY' });
    const r = await app.inject({
      url: '/api/v1/printers/printer-1/faults',
      headers: { 'x-test-role': 'technician' },
    });
    expect(r.statusCode).toBe(200);
    const { items: faults } = r.json() as {
      items: { code: string; explanation: string; fix: string; at: string }[];
    };
    const f = faults.find((x) => x.code === 'FEEDER_EMPTY');
    expect(f?.fix).toMatch(/Load blank cards/);
    expect(f?.explanation.length).toBeGreaterThan(10);
    expect(Number.isNaN(Date.parse(f!.at))).toBe(false);
  });
});
