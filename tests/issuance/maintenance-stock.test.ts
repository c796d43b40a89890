import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../gateway/config/load.js';
import { loggerOptions } from '../../gateway/log/logger.js';
import type { AuditLog } from '../../gateway/audit/audit-log.js';
import { Station } from '../../gateway/station.js';
import { stationOptions } from '../../gateway/composition.js';
import { UserStore } from '../../gateway/users/store.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/**
 * A technician's test card takes a blank from the feeder: the whole station (composition, printer
 * routes, issuance books, the printer emulator) must book it, refuse it when the books hold no
 * blank, and keep the day's reconciliation agreeing with the printer's own card counter.
 */
const PASSWORD = 'a-long-passphrase-for-tests-1';
const FEEDER = 2;

describe('maintenance cards are booked like issued ones', () => {
  const dataDir = makeTempDir('cardgate-maint-');
  let station: Station<AuditLog>;
  let app: FastifyInstance;
  let cookie = '';

  beforeAll(async () => {
    const users = await UserStore.open(dataDir);
    await users.add({ name: 'tudor', role: 'technician', password: PASSWORD });
    const config = validateConfig({
      dataDir,
      api: { http: true, host: '127.0.0.1', port: 0 },
      mqtt: { embeddedPort: 0 },
      encoder: { emulated: true },
      printer: { emulator: { panelMs: 0, feederCards: FEEDER } },
    });
    const silent = new Writable({ write: (_c, _e, cb) => cb() });
    station = new Station({
      config,
      ...stationOptions(),
      logger: pino(loggerOptions({ level: 'warn' }), silent),
      print: () => {},
    });
    await station.start();
    app = station.api!;
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { name: 'tudor', password: PASSWORD },
    });
    expect(r.statusCode).toBe(200);
    cookie = String(r.headers['set-cookie']).split(';')[0]!;
  }, 60_000);

  afterAll(async () => {
    await station?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = async (url: string) => (await app.inject({ url, headers: { cookie } })).json();
  const testCard = () =>
    app.inject({ method: 'POST', url: '/api/v1/printers/printer-1/actions/test-card', headers: { cookie } });

  it('books each test card as a spoiled blank, and the printer agrees with the books', async () => {
    expect(await get('/api/v1/stock')).toMatchObject({ inFeeder: FEEDER, spoiled: 0 });
    const r = await testCard();
    expect(r.statusCode, r.body).toBe(200);
    expect(await get('/api/v1/stock')).toMatchObject({ inFeeder: FEEDER - 1, spoiled: 1 });
    const rec = await get('/api/v1/stock/reconciliation?date=today');
    expect(rec.printer).toMatchObject({ cards: 1, expectedCards: 1, agrees: true });
    expect(rec.balanced).toBe(true);
  });

  it('refuses a test card with 409 STOCK_EMPTY once the books hold no blank, and feeds nothing', async () => {
    expect((await testCard()).statusCode).toBe(200);
    expect(await get('/api/v1/stock')).toMatchObject({ inFeeder: 0, spoiled: FEEDER });
    const refused = await testCard();
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'STOCK_EMPTY' });
    // The printer counted exactly the two booked test cards: nothing was fed for the refused one.
    const rec = await get('/api/v1/stock/reconciliation?date=today');
    expect(rec.printer).toMatchObject({ cards: FEEDER, expectedCards: FEEDER, agrees: true });
  });
});
