import type { Config } from './config/schema.js';
import type { StationComponent, StationOptions } from './station.js';
import { uiStationComponent } from './api/routes/ui.js';
import type { StationParts } from './components/parts.js';
import { auditFactory } from './components/audit.js';
import { printerComponent } from './components/printer.js';
import { encoderComponent } from './components/encoder.js';
import { documentComponent } from './components/document.js';
import { issuanceComponent } from './components/issuance.js';
import { boardComponent } from './components/board.js';
import { camerasComponent } from './components/cameras.js';
import { telemetryComponent } from './components/telemetry.js';

/**
 * The composition of `cardgate start`: the parts besides the core, in start order (they stop in
 * reverse). Each component imports its area lazily inside `start()` so `cardgate --help` stays fast.
 */
export function defaultComponents(_config: Config, parts: StationParts = {}): StationComponent[] {
  return [
    uiStationComponent(),
    printerComponent(parts),
    encoderComponent(parts),
    documentComponent(parts),
    issuanceComponent(parts),
    boardComponent(parts),
    camerasComponent(),
    telemetryComponent(parts),
  ];
}

/** Station options for a whole station: hash-chained audit and every component, sharing one parts holder. */
export function stationOptions(
  config: Config,
  parts: StationParts = {},
): Pick<StationOptions, 'components' | 'audit'> {
  return { components: defaultComponents(config, parts), audit: auditFactory(parts) };
}
