import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildPluginTestApp } from '../helpers/api.js';
import { boardRoutes } from '../../gateway/api/routes/board.js';
import { attachBoard, type BoardAttachment } from '../../gateway/devices/board.js';
import { createStationBoard } from '../../firmware-bridge/station-board.js';
import { EventBus } from '../../gateway/core/events.js';
import { DeviceRegistry } from '../../gateway/core/registry.js';
import { systemClock } from '../../gateway/core/clock.js';

const config = {
  enabled: true,
  port: '/nonexistent/tty',
  temperatureWarnC: 35,
  humidityWarnPercent: 80,
  lockOnDoorOpen: false,
  buzzerMinIntervalSeconds: 60,
};

describe('board API routes (board unplugged)', () => {
  let app: FastifyInstance;
  let noBoard: FastifyInstance;
  let attachment: BoardAttachment;
  const bus = new EventBus();
  const registry = new DeviceRegistry(bus, systemClock);
  const board = createStationBoard({ port: '/nonexistent/tty', reconnectIntervalMs: 60_000 });

  beforeAll(async () => {
    attachment = attachBoard(board, { registry, bus, config, logger: { info: () => {}, warn: () => {} } });
    await board.start(); // the port does not exist: the station goes on without its board
    app = await buildPluginTestApp(boardRoutes, { board: attachment });
    noBoard = await buildPluginTestApp(boardRoutes, { board: null });
  });
  afterAll(async () => {
    attachment.detach();
    await board.stop();
    await app.close();
    await noBoard.close();
  });

  it('reports the board offline with the light the station wants', async () => {
    expect(registry.get('board')).toMatchObject({ state: 'offline', lastErrorCode: 'BOARD_OFFLINE' });
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/board',
      headers: { 'x-test-role': 'technician' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      connected: false,
      light: 'amber', // the offline board is itself a warning
      state: 'warning',
      readings: { doorOpen: null, hopperLow: null, temperatureC: null, humidityPercent: null },
      // Why the light is amber, so the technician page can say it.
      reasons: { faults: [], needsOperator: [], warnings: ['board:BOARD_OFFLINE'], busy: [], lock: null },
    });
  });

  it('refuses the light test while the board is away, and operators', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/board/light-test',
      headers: { 'x-test-role': 'technician' },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'BOARD_OFFLINE' });
    const op = await app.inject({
      method: 'GET',
      url: '/api/v1/board',
      headers: { 'x-test-role': 'operator' },
    });
    expect(op.statusCode).toBe(403);
  });

  it('answers 404 on a station without a board', async () => {
    const res = await noBoard.inject({
      method: 'GET',
      url: '/api/v1/board',
      headers: { 'x-test-role': 'admin' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'BOARD_NOT_CONFIGURED' });
  });
});
