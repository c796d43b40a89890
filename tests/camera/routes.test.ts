import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describeWithSystem } from '../helpers/system.js';
import { buildPluginTestApp } from '../helpers/api.js';
import { projectRoot, waitFor } from '../helpers/processes.js';
import { startCameraEmulator, type CameraEmulator } from '../../drivers/camera/emulator/index.js';
import { createCamera, type Camera } from '../../drivers/camera/index.js';
import { cameraRoutes } from '../../gateway/api/routes/cameras.js';
import { jpegInfo } from '../../drivers/camera/jpeg-info.js';
import { EventBus, type GatewayEvents } from '../../gateway/core/events.js';
import { DeviceRegistry } from '../../gateway/core/registry.js';
import { systemClock } from '../../gateway/core/clock.js';
import { attachCamera } from '../../gateway/devices/camera.js';

describeWithSystem(['ffmpeg'], 'camera API routes and registry adapter', () => {
  let emu: CameraEmulator;
  let camera: Camera;
  let app: FastifyInstance;
  const bus = new EventBus();
  const registry = new DeviceRegistry(bus, systemClock);
  const events: GatewayEvents['station:event'][] = [];
  bus.on('station:event', (e) => events.push(e));

  beforeAll(async () => {
    emu = await startCameraEmulator({ picture: join(projectRoot, 'tests/fixtures/face.jpg'), fps: 5 });
    // A time-out well above a loaded machine's snapshot time, still far below the 5 s slow fault.
    camera = createCamera({ id: 'desk', kind: 'emulator', url: emu.snapshotUrl, timeoutMs: 2500 });
    attachCamera(camera, { registry, bus, logger: { info: () => {}, warn: () => {} }, emulated: true });
    app = await buildPluginTestApp(cameraRoutes, { cameras: new Map([[camera.id, camera]]) });
  });
  afterAll(async () => {
    await app?.close();
    await camera?.close();
    await emu?.close();
  });

  it('captures the card portrait with its checks for an operator', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/cameras/desk/capture',
      headers: { 'x-test-role': 'operator' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(jpegInfo(res.rawPayload)).toEqual({ width: 413, height: 531 });
    const checks = JSON.parse(String(res.headers['x-photo-checks'])) as { code: string; ok: boolean }[];
    expect(checks.map((c) => c.code).sort()).toEqual([
      'BLURRED',
      'NO_FACE',
      'OFF_CENTRE',
      'TOO_BRIGHT',
      'TOO_DARK',
      'TOO_SMALL',
    ]);
    expect(checks.every((c) => c.ok)).toBe(true);
    expect(registry.get('desk')).toMatchObject({ state: 'online', info: { width: 640, height: 480 } });
  });

  it('serves a capture over a real HTTP connection', async () => {
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${url}/api/v1/cameras/desk/capture`, {
      method: 'POST',
      headers: { 'x-test-role': 'operator' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-photo-ok')).toBe('true');
    expect(jpegInfo(new Uint8Array(await res.arrayBuffer()))).toEqual({ width: 413, height: 531 });
  });

  it('lists cameras with health for operators and technicians', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/cameras',
      headers: { 'x-test-role': 'technician' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      items: [{ id: 'desk', driver: 'http', health: { online: true, width: 640 } }],
    });
  });

  it('refuses captures to technicians and strangers, and unknown cameras', async () => {
    const tech = await app.inject({
      method: 'POST',
      url: '/api/v1/cameras/desk/capture',
      headers: { 'x-test-role': 'technician' },
    });
    expect(tech.statusCode).toBe(403);
    const anon = await app.inject({ method: 'GET', url: '/api/v1/cameras' });
    expect(anon.statusCode).toBe(401);
    const missing = await app.inject({
      method: 'POST',
      url: '/api/v1/cameras/nope/capture',
      headers: { 'x-test-role': 'operator' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'CAMERA_NOT_FOUND' });
  });

  it('answers a camera fault with its code, marks the camera offline and tells the bus', async () => {
    emu.setFault('slow', 5000);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/cameras/desk/capture',
      headers: { 'x-test-role': 'operator' },
    });
    expect(res.statusCode).toBe(504);
    expect(res.json()).toMatchObject({ code: 'CAMERA_TIMEOUT' });
    expect(registry.get('desk')).toMatchObject({ state: 'offline', lastErrorCode: 'TIMEOUT' });
    expect(events.find((e) => e.code === 'CAMERA_TIMEOUT')).toMatchObject({
      level: 'warning',
      source: 'desk',
    });
    emu.setFault('none');
  });
});

describeWithSystem(['ffmpeg'], 'cameras from the config as the station opens them', () => {
  it("starts an embedded emulator for kind 'emulator' and probes it online", async () => {
    const bus = new EventBus();
    const registry = new DeviceRegistry(bus, systemClock);
    const { openConfiguredCameras } = await import('../../gateway/devices/camera.js');
    const opened = await openConfiguredCameras([{ id: 'desk', kind: 'emulator', timeoutMs: 3000 }], {
      registry,
      bus,
      logger: { info: () => {}, warn: () => {} },
    });
    try {
      await waitFor(() => registry.get('desk')?.state === 'online', { what: 'camera probed online' });
      expect(registry.get('desk')).toMatchObject({
        emulated: true,
        transport: 'http',
        info: { width: 640, height: 480 },
      });
      expect(opened.cameras.get('desk')?.health().online).toBe(true);
    } finally {
      await opened.close();
    }
  });
});
