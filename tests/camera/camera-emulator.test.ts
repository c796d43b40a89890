import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { describeWithSystem } from '../helpers/system.js';
import { projectRoot, startCli, waitFor } from '../helpers/processes.js';
import { startCameraEmulator, type CameraEmulator } from '../../drivers/camera/emulator/index.js';
import { createCamera, CameraError, type Camera, type CameraErrorCode } from '../../drivers/camera/index.js';
import { processPhoto } from '../../gateway/photo/index.js';

/**
 * The typed error a fault must give. No wall-clock limit: the code itself tells a prompt answer
 * from a hang (which would end as TIMEOUT). For a TIMEOUT, `beforeMs` is the fault's own delay:
 * the error must come before the slow answer would have, whatever the machine's speed.
 */
const expectCameraError = async (
  p: Promise<unknown>,
  code: CameraErrorCode,
  beforeMs?: number,
): Promise<void> => {
  const started = Date.now();
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  const took = Date.now() - started;
  expect(err).toBeInstanceOf(CameraError);
  expect((err as CameraError).code).toBe(code);
  if (beforeMs !== undefined) expect(took).toBeLessThan(beforeMs);
};

describeWithSystem(['ffmpeg'], 'HTTP camera driver against the ffmpeg-fed camera emulator', () => {
  let emu: CameraEmulator;
  const cameras: Camera[] = [];
  const camera = (entry: Partial<Parameters<typeof createCamera>[0]>): Camera => {
    const c = createCamera({ id: 'cam', kind: 'http', timeoutMs: 1500, ...entry });
    cameras.push(c);
    return c;
  };

  beforeAll(async () => {
    emu = await startCameraEmulator({ width: 640, height: 480, fps: 10 });
  });
  afterAll(async () => {
    for (const c of cameras) await c.close();
    await emu?.close();
  });

  it('captures a snapshot with its size and reports health', async () => {
    const cam = camera({ url: emu.snapshotUrl });
    expect(cam.health().online).toBe(false);
    const before = Date.now();
    const frame = await cam.capture();
    expect([frame.jpeg[0], frame.jpeg[1]]).toEqual([0xff, 0xd8]);
    expect({ w: frame.width, h: frame.height }).toEqual({ w: 640, h: 480 });
    const health = cam.health();
    expect(health).toMatchObject({ online: true, width: 640, height: 480, lastError: null });
    expect(health.lastFrameAt).toBeGreaterThanOrEqual(before);
  });

  it('captures from the MJPEG stream and sees new frames arrive', async () => {
    const cam = camera({ mjpegUrl: emu.mjpegUrl });
    const first = await cam.capture();
    expect(first.width).toBe(640);
    const later = await waitFor(
      async () => {
        const f = await cam.capture();
        return f.capturedAt > first.capturedAt ? f : null;
      },
      { timeoutMs: 5000, what: 'a newer stream frame' },
    );
    expect(Buffer.from(later.jpeg).equals(Buffer.from(first.jpeg))).toBe(false);
  });

  it('gives each fault its typed error within the time-out, and recovers when it ends', async () => {
    const snap = camera({ url: emu.snapshotUrl, timeoutMs: 800 });
    emu.setFault('slow', 5000);
    await expectCameraError(snap.capture(), 'TIMEOUT', 5000);
    emu.setFault('broken-jpeg');
    await expectCameraError(snap.capture(), 'BAD_IMAGE');
    emu.setFault('unauthorized');
    await expectCameraError(snap.capture(), 'UNAUTHORIZED');
    emu.setFault('disconnect');
    await expectCameraError(snap.capture(), 'DISCONNECTED');
    expect(snap.health()).toMatchObject({ online: false, lastError: { code: 'DISCONNECTED' } });
    emu.setFault('none');
    await expect(snap.capture()).resolves.toMatchObject({ width: 640 });
    expect(snap.health().online).toBe(true);
  });

  it('names the stream fault when an MJPEG capture times out, and reconnects afterwards', async () => {
    const cam = camera({ mjpegUrl: emu.mjpegUrl, timeoutMs: 1000 });
    await cam.capture();
    emu.setFault('disconnect');
    await waitFor(() => cam.health().lastError?.code === 'DISCONNECTED', { what: 'stream drop noticed' });
    await expectCameraError(cam.capture(), 'DISCONNECTED');
    emu.setFault('none');
    await waitFor(() => cam.capture().then(() => true), { timeoutMs: 8000, what: 'stream back' });
    emu.setFault('unauthorized');
    const auth = camera({ mjpegUrl: emu.mjpegUrl, timeoutMs: 1000 });
    await expectCameraError(auth.capture(), 'UNAUTHORIZED');
    emu.setFault('none');
  });

  it('reports a refused connection as DISCONNECTED and a missing V4L2 device as UNAVAILABLE', async () => {
    const dead = camera({ url: 'http://127.0.0.1:9/snapshot.jpg' });
    await expectCameraError(dead.capture(), 'DISCONNECTED');
    const usb = createCamera({ id: 'usb', kind: 'v4l2', url: '/dev/video9', timeoutMs: 3000 });
    await expectCameraError(usb.capture(), 'UNAVAILABLE');
    expect(usb.health().lastError?.code).toBe('UNAVAILABLE');
    await usb.close();
  });
});

describeWithSystem(['ffmpeg'], 'camera authentication (basic and digest)', () => {
  const emus: CameraEmulator[] = [];
  afterAll(async () => {
    for (const e of emus) await e.close();
  });

  for (const scheme of ['basic', 'digest'] as const) {
    it(`answers a ${scheme} challenge and refuses wrong credentials`, async () => {
      const emu = await startCameraEmulator({
        auth: { scheme, username: 'cam', password: 's3cret' },
        fps: 5,
      });
      emus.push(emu);
      const good = createCamera({
        id: 'a',
        kind: 'http',
        url: emu.snapshotUrl,
        username: 'cam',
        password: 's3cret',
        timeoutMs: 2000,
      });
      await expect(good.capture()).resolves.toMatchObject({ width: 640 });
      // The challenge is remembered: later captures go straight through.
      await expect(good.capture()).resolves.toMatchObject({ width: 640 });
      const stream = createCamera({
        id: 's',
        kind: 'http',
        mjpegUrl: emu.mjpegUrl,
        username: 'cam',
        password: 's3cret',
        timeoutMs: 2000,
      });
      await expect(stream.capture()).resolves.toMatchObject({ width: 640 });
      const wrong = createCamera({
        id: 'b',
        kind: 'http',
        url: emu.snapshotUrl,
        username: 'cam',
        password: 'nope',
        timeoutMs: 2000,
      });
      await expectCameraError(wrong.capture(), 'UNAUTHORIZED', 2000);
      const none = createCamera({ id: 'c', kind: 'http', url: emu.snapshotUrl, timeoutMs: 2000 });
      await expectCameraError(none.capture(), 'UNAUTHORIZED', 2000);
      for (const c of [good, stream, wrong, none]) await c.close();
    });
  }
});

describeWithSystem(['ffmpeg'], 'cardgate camera-emulator fed with a portrait', () => {
  it('serves the given picture, and the photo checks pass it', async () => {
    const cli = startCli([
      'camera-emulator',
      '--port',
      '0',
      '--picture',
      join(projectRoot, 'tests/fixtures/face.jpg'),
    ]);
    try {
      const m = await cli.waitForOutput(/snapshot (http:\/\/127\.0\.0\.1:\d+\/snapshot\.jpg)/, 20_000);
      const cam = createCamera({ id: 'cli', kind: 'emulator', url: m[1], timeoutMs: 3000 });
      const frame = await cam.capture();
      expect(frame.width).toBe(640);
      const photo = await processPhoto(frame.jpeg);
      expect(photo.checks.filter((c) => !c.ok)).toEqual([]);
      await cam.close();
    } finally {
      await cli.stop();
    }
  });
});
