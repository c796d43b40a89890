import type { CardEncoder } from '../../drivers/encoder/interface.js';
import type { PrinterAttachment } from '../devices/printer.js';
import type { IssuanceService } from '../issuance/service.js';
import type { StationContext } from '../station.js';
import type { DrillDevices } from './drills.js';

/**
 * Training drills: on a training station the admin schedules the emulators' faults at a card;
 * elsewhere the routes exist and refuse with TRAINING_ONLY (so a trainer's page says why).
 */
export async function startDrills(
  ctx: StationContext,
  deps: {
    printer?: PrinterAttachment | null;
    encoder?: CardEncoder | null;
    issuance: IssuanceService | null;
  },
): Promise<void> {
  const { drillRoutes } = await import('./drill-routes.js');
  if (!ctx.config.station.training || !deps.issuance) {
    await ctx.api.register(drillRoutes, { prefix: ctx.apiPrefix, book: null });
    return;
  }
  const issuance = deps.issuance;
  const devices: DrillDevices = {};
  if (deps.printer?.emulator) devices.printer = deps.printer.emulator;
  // The in-process encoder emulator's controls (drivers/encoder/emulator): a real reader has none.
  type EmulatorControls = { removeCardAfterUpdates?: (n: number) => void; insertCard?: () => unknown };
  const enc = deps.encoder as (CardEncoder & { control?: EmulatorControls }) | null;
  const control = enc?.emulated ? enc.control : undefined;
  if (control?.removeCardAfterUpdates && control.insertCard) {
    const { removeCardAfterUpdates: remove, insertCard: insert } = control;
    devices.encoder = { removeCardAfterUpdates: (n) => remove(n), insertCard: () => void insert() };
  }
  const { DrillBook } = await import('./drills.js');
  const { book, stop } = await DrillBook.open({
    dataDir: ctx.dataDir,
    bus: ctx.bus,
    devices,
    clock: ctx.clock,
    log: ctx.logger.child({ area: 'training' }),
    traineeOf: async (jobId) => (await issuance.get(jobId)).operator,
  });
  await ctx.api.register(drillRoutes, { prefix: ctx.apiPrefix, book });
  ctx.life.started({ name: 'drills', stop, ready: () => true });
}
