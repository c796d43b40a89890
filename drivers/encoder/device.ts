import { EventEmitter } from 'node:events';
import { HealthState, type Device, type DeviceEvents } from '../device/contract.js';
import type { CardEncoder, EncoderState } from './interface.js';

/**
 * A chip encoder as a station device: its state events become the one `health` event (no PC/SC
 * stack: offline ENCODER_PCSC_UNAVAILABLE; no reader: degraded ENCODER_NO_READER).
 */
export function encoderDevice(encoder: CardEncoder): Device {
  const emitter = new EventEmitter<DeviceEvents>();
  const health = new HealthState(emitter);
  const onState = (s: EncoderState): void => {
    if (!s.available) health.set('offline', 'ENCODER_PCSC_UNAVAILABLE', s.reason ?? null);
    else if (s.readers.length === 0 || s.reason)
      health.set('degraded', 'ENCODER_NO_READER', s.reason ?? null);
    else health.set('online');
  };
  return Object.assign(emitter, {
    id: encoder.id,
    kind: 'encoder' as const,
    transport: encoder.emulated ? 'emulator' : 'pcsc',
    emulated: encoder.emulated,
    async start() {
      encoder.on('state', onState);
      await encoder.start();
      onState(encoder.state());
    },
    async stop() {
      encoder.off('state', onState);
      await encoder.stop();
      health.set('offline', null, 'stopped');
    },
    health: () => health.current,
  });
}
