import { describe, expect, it } from 'vitest';
import { telemetryRoutes } from '../../gateway/api/routes/telemetry.js';
import { buildPluginTestApp } from '../helpers/api.js';
import { telemetryDeps } from './fixtures.js';

describe('GET /api/v1/telemetry', () => {
  it('shows technicians the link state and outbox depth, refuses operators', async () => {
    // Not started: the broker is unreachable, as on a station whose link is down.
    const { telemetry } = telemetryDeps({ mqtt: { url: 'mqtt://127.0.0.1:1' } });
    const app = await buildPluginTestApp(telemetryRoutes, { telemetry });
    const ok = await app.inject({ url: '/api/v1/telemetry', headers: { 'x-test-role': 'technician' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      connected: false,
      broker: 'mqtt://127.0.0.1:1',
      outboxDepth: 0,
      lastError: null,
    });
    const op = await app.inject({ url: '/api/v1/telemetry', headers: { 'x-test-role': 'operator' } });
    expect(op.statusCode).toBe(403);
    const anon = await app.inject({ url: '/api/v1/telemetry' });
    expect(anon.statusCode).toBe(401);
    await app.close();
  });
});
