import type { StationComponent } from '../station.js';
import type { StationParts } from './parts.js';
import { printerStationComponent } from '../devices/printer-component.js';

export const PRINTER_ID = 'printer-1';

/**
 * The card printer (the configured one, or the embedded emulator over loopback TCP), handed to
 * the components that start after it through `parts`.
 */
export function printerComponent(parts: StationParts): StationComponent {
  const inner = printerStationComponent({ id: PRINTER_ID });
  return {
    name: inner.name,
    async start(ctx) {
      await inner.start(ctx);
      if (inner.attachment) parts.printer = inner.attachment;
      if (inner.emulatorControlUrl) {
        ctx.logger.info({ control: inner.emulatorControlUrl }, 'embedded printer emulator control endpoint');
      }
    },
    stop: () => inner.stop(),
    ready: () => inner.ready(),
  };
}
