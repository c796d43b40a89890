/**
 * A gateway process with only telemetry, for tests that must kill it (last will) or restart it.
 * argv[2]: JSON {config, station, dataDir}. Prints `connected <bootId>` once the broker took it.
 */
import { EventBus } from '../../gateway/core/events.js';
import { DeviceRegistry } from '../../gateway/core/registry.js';
import { systemClock } from '../../gateway/core/clock.js';
import { createTelemetry, type TelemetryDeps } from '../../gateway/telemetry/index.js';

const args = JSON.parse(process.argv[2] ?? '{}') as Pick<TelemetryDeps, 'config' | 'station' | 'dataDir'>;
const bus = new EventBus();
const registry = new DeviceRegistry(bus, systemClock);
registry.register({ id: 'printer-1', class: 'printer', driver: 'evolis', transport: 'tcp', emulated: true });
const telemetry = createTelemetry({
  ...args,
  bus,
  registry,
  clock: systemClock,
  counters: () => ({
    totals: { issued: 0, spoiled: 0, voided: 0, byKind: {} },
    today: { date: '2026-11-28', issued: 0, spoiled: 0, voided: 0 },
    stock: { loaded: 0, inFeeder: 0, good: 0, spoiled: 0 },
    numbers: { remaining: 0 },
  }),
  commands: { lock() {}, unlock() {}, assignNumberBlock() {}, diagnostics: () => ({}) },
  logger: { info() {}, warn() {}, error() {}, debug() {} },
});
await telemetry.start();
const timer = setInterval(() => {
  if (telemetry.status().connected) {
    clearInterval(timer);
    process.stdout.write(`connected ${telemetry.status().bootId}\n`);
  }
}, 20);
process.on('SIGTERM', () => void telemetry.stop().then(() => process.exit(0)));
