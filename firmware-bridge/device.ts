import { EventEmitter } from 'node:events';
import { HealthState, type Device, type DeviceEvents } from '../drivers/device/contract.js';
import type { StationBoard } from './interface.js';

/** The station board as a station device: its link becomes the one `health` event (BOARD_OFFLINE). */
export function boardDevice(board: StationBoard, opts: { transport: string; emulated: boolean }): Device {
  const emitter = new EventEmitter<DeviceEvents>();
  const health = new HealthState(emitter);
  const onConnection = (c: { connected: boolean; reason?: string }): void => {
    if (c.connected) health.set('online');
    else health.set('offline', 'BOARD_OFFLINE', c.reason ?? 'not connected');
  };
  return Object.assign(emitter, {
    id: board.id,
    kind: 'board' as const,
    transport: opts.transport,
    emulated: opts.emulated,
    async start() {
      board.on('connection', onConnection);
      await board.start();
      if (board.connected()) health.set('online');
    },
    async stop() {
      board.off('connection', onConnection);
      await board.stop();
      health.set('offline', null, 'stopped');
    },
    health: () => health.current,
  });
}
