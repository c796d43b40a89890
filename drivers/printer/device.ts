import { EventEmitter } from 'node:events';
import { HealthState, type Device, type DeviceEvents } from '../device/contract.js';
import type { CardPrinter, PrinterFault, PrinterFaultCode, PrinterStatus } from './interface.js';

/** Faults a person must act on: the printer waits for someone (state `fault`). */
const OPERATOR_FAULTS: ReadonlySet<PrinterFaultCode> = new Set([
  'COVER_OPEN',
  'FEEDER_EMPTY',
  'RIBBON_ENDED',
  'RIBBON_MISSING',
  'CARD_JAM',
]);

/**
 * A card printer as a station device: start connects, stop closes, and status polls, faults and
 * link changes become the one `health` event (codes as in the error catalogue: PRINTER_<fault>).
 */
export function printerDevice(printer: CardPrinter, opts: { emulated: boolean }): Device {
  const emitter = new EventEmitter<DeviceEvents>();
  const health = new HealthState(emitter);
  const onStatus = (s: PrinterStatus): void => {
    if (s.ready) health.set('online');
    else if (s.fault)
      health.set(
        OPERATOR_FAULTS.has(s.fault) ? 'fault' : 'degraded',
        `PRINTER_${s.fault}`,
        `printer reports ${s.fault}`,
      );
    else health.set('degraded', null, 'printer not ready');
  };
  const onFault = (f: PrinterFault): void => {
    const state = f.code === 'DISCONNECTED' ? 'offline' : f.needsOperator ? 'fault' : 'degraded';
    health.set(state, f.catalogueCode, f.explanation || f.message);
  };
  const onConnection = (c: { connected: boolean; reason?: string }): void => {
    if (c.connected) health.set('online');
    else health.set('offline', 'PRINTER_DISCONNECTED', c.reason ?? 'link lost');
  };
  return Object.assign(emitter, {
    id: printer.id,
    kind: 'printer' as const,
    transport: printer.transport,
    emulated: opts.emulated,
    async start() {
      printer.on('status', onStatus);
      printer.on('fault', onFault);
      printer.on('connection', onConnection);
      await printer.connect();
    },
    async stop() {
      printer.off('status', onStatus);
      printer.off('fault', onFault);
      printer.off('connection', onConnection);
      await printer.close();
      health.set('offline', null, 'stopped');
    },
    health: () => health.current,
  });
}
