import { EventEmitter } from 'node:events';
import { HealthState, type Device, type DeviceEvents } from '../device/contract.js';
import type { Camera, CameraHealth } from './interface.js';

/**
 * A camera as a station device: it has no link to open (start only listens), stop closes it,
 * and its frame health becomes the one `health` event (CAMERA_<error> while no frames come).
 */
export function cameraDevice(camera: Camera, opts: { transport: string; emulated: boolean }): Device {
  const emitter = new EventEmitter<DeviceEvents>();
  const health = new HealthState(emitter);
  const onHealth = (h: CameraHealth): void => {
    if (h.online) health.set('online');
    else
      health.set('offline', h.lastError ? `CAMERA_${h.lastError.code}` : null, h.lastError?.message ?? null);
  };
  return Object.assign(emitter, {
    id: camera.id,
    kind: 'camera' as const,
    transport: opts.transport,
    emulated: opts.emulated,
    async start() {
      camera.on('health', onHealth);
    },
    async stop() {
      camera.off('health', onHealth);
      await camera.close();
      health.set('offline', null, 'stopped');
    },
    health: () => health.current,
  });
}
