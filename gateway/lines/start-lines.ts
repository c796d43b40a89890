import type { StationContext } from '../station.js';
import type { PrinterAttachment } from '../devices/printer.js';
import type { CardEncoder } from '../../drivers/encoder/interface.js';
import type { LineDevices } from '../issuance/line-types.js';
import { encoderEmulated, printerEmulated } from '../config/emulators.js';

export interface StartedLine extends LineDevices {
  attachment: PrinterAttachment;
  emulatedPrinter: boolean;
}

/**
 * The configured print lines' devices, started: each line's printer (the shared `printer`
 * section with the line's address and ribbon) and its encoder bound to the line's reader (name
 * or USB serial). The technician routes are registered once for all of them.
 */
export async function startLines(ctx: StationContext): Promise<StartedLine[]> {
  const { startPrinter } = await import('../devices/printer.js');
  const { startEncoder } = await import('../devices/encoder.js');
  const out: StartedLine[] = [];
  for (const [i, l] of ctx.config.lines.entries()) {
    const pcfg = {
      ...ctx.config.printer,
      ...(l.printer.url !== undefined ? { url: l.printer.url } : {}),
      ...(l.printer.emulated !== undefined ? { emulated: l.printer.emulated } : {}),
      ...(l.printer.ribbon !== undefined ? { ribbon: l.printer.ribbon } : {}),
    };
    if (l.printer.url !== undefined && l.printer.emulated === undefined) delete pcfg.emulated;
    const emulatedPrinter = printerEmulated(pcfg);
    const attachment = await startPrinter(ctx, {
      emulated: emulatedPrinter,
      id: `${l.id}-printer`,
      cfg: pcfg,
      routes: false,
    });
    const reader = l.encoder.reader ?? l.encoder.serial;
    const encoder: CardEncoder = await startEncoder(ctx, {
      emulated: l.encoder.emulated ?? encoderEmulated(ctx.config.encoder),
      id: `${l.id}-encoder`,
      ...(reader ? { reader } : {}),
      routes: false,
    });
    out.push({
      id: l.id,
      name: l.name ?? `Line ${i + 1}`,
      printer: attachment.printer,
      encoder,
      reader,
      cardTypes: l.cardTypes,
      attachment,
      emulatedPrinter,
    });
  }
  const { printerRoutes } = await import('../api/routes/printer.js');
  await ctx.api.register(printerRoutes, {
    prefix: ctx.apiPrefix,
    printers: (pid: string) => out.find((l) => l.printer.id === pid)?.attachment,
    audit: ctx.audit,
  });
  const { encoderRoutes } = await import('../api/routes/encoder.js');
  await ctx.api.register(encoderRoutes, {
    prefix: ctx.apiPrefix,
    encoders: new Map(out.map((l) => [l.encoder.id, l.encoder])),
  });
  return out;
}
