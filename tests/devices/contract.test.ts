import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Device, DeviceHealth } from '../../drivers/device/contract.js';
import { startPrinterEmulator } from '../../drivers/printer/emulator/index.js';
import { createPrinter } from '../../drivers/printer/factory.js';
import { printerDevice } from '../../drivers/printer/device.js';
import { EmulatorEncoder } from '../../drivers/encoder/emulator/emulator-encoder.js';
import { encoderDevice } from '../../drivers/encoder/device.js';
import { startCameraEmulator } from '../../drivers/camera/emulator/index.js';
import { createCamera } from '../../drivers/camera/index.js';
import { cameraDevice } from '../../drivers/camera/device.js';
import { startEmulatedBoardLink } from '../../firmware-bridge/emulator/board-link.js';
import { createStationBoard } from '../../firmware-bridge/station-board.js';
import { boardDevice } from '../../firmware-bridge/device.js';
import { describeWithSystem } from '../helpers/system.js';
import { projectRoot } from '../helpers/processes.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Resolves with the first health event in `state` (events are recorded, nothing is polled). */
function healthIn(device: Device, state: DeviceHealth['state']): Promise<DeviceHealth> {
  return new Promise((resolve) => {
    const on = (h: DeviceHealth): void => {
      if (h.state !== state) return;
      device.off('health', on);
      resolve(h);
    };
    device.on('health', on);
  });
}

/** The same shape for every kind: what the registry, the pages and telemetry rely on. */
function expectContract(device: Device, kind: Device['kind'], h: DeviceHealth): void {
  expect(device.kind).toBe(kind);
  expect(typeof device.id).toBe('string');
  expect(typeof device.transport).toBe('string');
  expect(device.emulated).toBe(true);
  expect(Object.keys(h).sort()).toEqual(['at', 'code', 'message', 'state']);
  expect(h).toMatchObject({ state: 'online', code: null, message: null });
  expect(device.health()).toEqual(h);
}

async function stopsOffline(device: Device): Promise<void> {
  const off = healthIn(device, 'offline');
  await device.stop();
  expect((await off).state).toBe('offline');
}

describe('one device contract for every kind', () => {
  it('a printer: online when connected, fault with its catalogue code when the cover opens', async () => {
    const emu = await startPrinterEmulator({ tcpPort: 0, panelMs: 0, feederCards: 2 });
    cleanups.push(() => emu.close());
    const printer = createPrinter(emu.url, { id: 'p1', commandTimeoutMs: 2000, pollIntervalMs: 100 });
    const device = printerDevice(printer, { emulated: true });
    const online = healthIn(device, 'online');
    await device.start();
    expectContract(device, 'printer', await online);

    const fault = healthIn(device, 'fault');
    emu.control.inject('cover-open');
    expect(await fault).toMatchObject({ state: 'fault', code: 'PRINTER_COVER_OPEN' });
    await stopsOffline(device);
  });

  it('an encoder: online with a reader, offline after stop', async () => {
    const device = encoderDevice(new EmulatorEncoder({ id: 'e1', exchangeTimeoutMs: 1000 }));
    const online = healthIn(device, 'online');
    await device.start();
    expectContract(device, 'encoder', await online);
    await stopsOffline(device);
  });

  it('a station board on the in-process line: online after the Firmata handshake', async () => {
    const link = await startEmulatedBoardLink({ line: 'memory' });
    cleanups.push(() => link.close());
    const board = createStationBoard({
      id: 'b1',
      port: link.port,
      ...(link.serialPortFactory ? { serialPortFactory: link.serialPortFactory } : {}),
    });
    const device = boardDevice(board, { transport: 'memory', emulated: true });
    const online = healthIn(device, 'online');
    await device.start();
    expectContract(device, 'board', await online);
    await stopsOffline(device);
  });
});

describeWithSystem(['ffmpeg'], 'one device contract: cameras', () => {
  it('a camera: online at its first frame', async () => {
    const emu = await startCameraEmulator({ picture: join(projectRoot, 'tests/fixtures/face.jpg'), fps: 5 });
    cleanups.push(() => emu.close());
    const camera = createCamera({ id: 'c1', kind: 'http', url: emu.snapshotUrl, timeoutMs: 3000 });
    const device = cameraDevice(camera, { transport: 'http', emulated: true });
    const online = healthIn(device, 'online');
    await device.start();
    await camera.capture();
    expectContract(device, 'camera', await online);
    await stopsOffline(device);
  });
});
