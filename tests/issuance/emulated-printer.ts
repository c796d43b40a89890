import { startPrinterEmulator, type PrinterEmulator } from '../../drivers/printer/emulator/index.js';
import { createPrinter } from '../../drivers/printer/factory.js';
import type { CardPrinter } from '../../drivers/printer/interface.js';

export interface EmulatedPrinter {
  printer: CardPrinter;
  emulator: PrinterEmulator;
  close(): Promise<void>;
}

/**
 * The printer emulator over TCP with the real Evolis driver in front of it. Each blank the printer
 * moves to the contact station is made the card in the encoder's reader by `insertBlank`, as the
 * hardware does (an emulated card, or a fresh vicc card on the real PC/SC stack).
 */
export async function startEmulatedPrinter(opts: {
  feederCards: number;
  ribbon?: string;
  insertBlank: () => unknown;
}): Promise<EmulatedPrinter> {
  const ribbon = opts.ribbon ? { ribbon: opts.ribbon } : {};
  const emulator = await startPrinterEmulator({
    tcpPort: 0,
    panelMs: 0,
    feederCards: opts.feederCards,
    ...ribbon,
  });
  const printer = createPrinter(emulator.url, {
    id: 'printer-1',
    commandTimeoutMs: 10_000,
    pollIntervalMs: 60_000,
    ...ribbon,
  });
  const feed = printer.moveToContactStation.bind(printer);
  printer.moveToContactStation = async () => {
    await feed();
    await opts.insertBlank();
  };
  await printer.connect();
  return {
    printer,
    emulator,
    close: async () => {
      await printer.close();
      await emulator.close();
    },
  };
}
