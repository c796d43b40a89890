import type { Config } from './config/schema.js';
import type { StationComponent } from './station.js';
import { uiStationComponent } from './api/routes/ui.js';

/**
 * The composition hook: the parts `cardgate start` runs besides the core, in start order.
 * The integrator adds each area's component here (printer and its emulator, encoder, issuance,
 * telemetry and the embedded broker, station board, cameras, UI pages), each wrapping the
 * factories the areas export. Keep imports lazy inside `start()` so `cardgate --help` stays fast.
 */
export function defaultComponents(_config: Config): StationComponent[] {
  // The pages at `/` (appliance-ui/dist); static files only, so it may start first.
  return [uiStationComponent()];
}
