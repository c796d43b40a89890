/**
 * Several print lines for tests and the bench: each the printer emulator over TCP with the real
 * Evolis driver in front of it, and the encoder emulator bound to the line's reader. A blank the
 * printer moves to the contact station becomes the card in that line's reader (as the hardware
 * does); printing, rejecting or ejecting takes it out. One issuance service runs all lines.
 */
import { Value } from 'typebox/value';
import type { Static } from 'typebox';
import {
  startPrinterEmulator,
  type PrinterEmulator,
  type PrintTiming,
} from '../../drivers/printer/emulator/index.js';
import { createPrinter } from '../../drivers/printer/factory.js';
import type { CardPrinter } from '../../drivers/printer/interface.js';
import { EmulatorEncoder } from '../../drivers/encoder/emulator/emulator-encoder.js';
import { VirtualCard } from '../../drivers/encoder/emulator/virtual-card.js';
import { IssuanceSection } from '../../gateway/config/sections/issuance.js';
import { EventBus } from '../../gateway/core/events.js';
import { systemClock } from '../../gateway/core/clock.js';
import { openAuditLog, type AuditLog } from '../../gateway/audit/audit-log.js';
import { createIssuanceService, type IssuanceService } from '../../gateway/issuance/service.js';
import type { LineDevices } from '../../gateway/issuance/line-types.js';
import { chaosProduceCard } from '../issuance/chaos-card.js';
import { silentLogger } from '../issuance/fakes.js';
import { createEphemeralChipSigner } from '../../drivers/encoder/ephemeral-signer.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import type { Logger } from 'pino';

export interface RigLine {
  id: string;
  reader: string;
  emulator: PrinterEmulator;
  printer: CardPrinter;
  encoder: EmulatorEncoder;
}

export interface LinesRig {
  dataDir: string;
  bus: EventBus;
  audit: AuditLog;
  service: IssuanceService;
  lines: RigLine[];
  line(id: string): RigLine;
  close(): Promise<void>;
}

/** One line's devices; `timing` gives the emulators a real card's time (scaled). */
export async function startRigLine(
  n: number,
  opts: { feederCards: number; timing?: PrintTiming; apduMs?: number },
): Promise<RigLine> {
  const reader = `SN-00${n}`;
  const emulator = await startPrinterEmulator({
    tcpPort: 0,
    panelMs: 0,
    feederCards: opts.feederCards,
    serial: `EMU000000${n}`,
    // A duplex YMCKO card takes ten panels: enough ribbon for the longest run.
    ribbonPanels: 20_000,
    ...(opts.timing ? { timing: opts.timing } : {}),
  });
  const printer = createPrinter(emulator.url, {
    id: `line-${n}-printer`,
    commandTimeoutMs: 10_000,
    pollIntervalMs: 60_000,
  });
  const encoder = new EmulatorEncoder({
    id: `line-${n}-encoder`,
    exchangeTimeoutMs: 5000,
    cardPresent: false,
    readerName: `cardgate emulated reader ${reader}`,
    ...(opts.apduMs ? { latencyMs: opts.apduMs } : {}),
  });
  const feed = printer.moveToContactStation.bind(printer);
  printer.moveToContactStation = async () => {
    await feed();
    encoder.control.insertCard(new VirtualCard());
  };
  for (const op of ['print', 'reject', 'eject'] as const) {
    const orig = printer[op].bind(printer) as (...a: unknown[]) => Promise<void>;
    (printer as unknown as Record<string, unknown>)[op] = async (...a: unknown[]) => {
      await orig(...a);
      encoder.control.removeCard();
    };
  }
  await printer.connect();
  await encoder.start();
  return { id: `line-${n}`, reader, emulator, printer, encoder };
}

export async function makeLinesRig(opts: {
  lines: number;
  feederCards?: number;
  dataDir?: string;
  issuance?: Record<string, unknown>;
  timing?: PrintTiming;
  apduMs?: number;
  logger?: Logger;
  cardTypes?: Record<string, string[]>;
}): Promise<LinesRig> {
  const dataDir = opts.dataDir ?? makeTempDir('cardgate-lines-');
  const feederCards = opts.feederCards ?? 500;
  const lines: RigLine[] = [];
  for (let i = 1; i <= opts.lines; i++)
    lines.push(
      await startRigLine(i, {
        feederCards,
        ...(opts.timing ? { timing: opts.timing } : {}),
        ...(opts.apduMs ? { apduMs: opts.apduMs } : {}),
      }),
    );
  const bus = new EventBus();
  const audit = await openAuditLog(dataDir);
  const issuance = Value.Default(
    IssuanceSection,
    structuredClone({ numberBlocks: [{ prefix: 'T', first: 1, last: 99_999, width: 7 }], ...opts.issuance }),
  ) as Static<typeof IssuanceSection>;
  const devices: LineDevices[] = lines.map((l, i) => ({
    id: l.id,
    name: `Line ${i + 1}`,
    printer: l.printer,
    encoder: l.encoder,
    reader: l.reader,
    cardTypes: opts.cardTypes?.[l.id],
  }));
  const service = await createIssuanceService({
    config: { issuance },
    dataDir,
    bus,
    clock: systemClock,
    lines: devices,
    produceCard: chaosProduceCard,
    signer: await createEphemeralChipSigner(),
    audit,
    logger: opts.logger ?? silentLogger(),
    options: {
      cardWaitMs: 5000,
      retentionIntervalMs: 0,
      env: {},
      emulatedFeeder: Object.fromEntries(lines.map((l) => [l.id, feederCards])),
    },
  });
  await service.recover();
  return {
    dataDir,
    bus,
    audit,
    service,
    lines,
    line: (id) => lines.find((l) => l.id === id)!,
    close: async () => {
      await service.close();
      await audit.close();
      for (const l of lines) {
        await l.printer.close();
        await l.encoder.stop();
        await l.emulator.close();
      }
    },
  };
}
