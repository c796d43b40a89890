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
import { createEncoder } from '../../drivers/encoder/factory.js';
import type { CardEncoder } from '../../drivers/encoder/interface.js';
import type { PcscFactory } from '../../drivers/encoder/pcsc/types.js';
import type { PcscStack } from '../helpers/pcsc-stack.js';
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

/** A line whose encoder is a real PC/SC reader (pcscd + vpcd + vicc): each blank a new vicc card. */
export interface PcscRigLine {
  id: string;
  reader: string;
  emulator: PrinterEmulator;
  printer: CardPrinter;
  encoder: CardEncoder;
}

export interface LinesRig {
  dataDir: string;
  bus: EventBus;
  audit: AuditLog;
  service: IssuanceService;
  lines: RigLine[];
  /** The PC/SC line, last in the queue's list, when asked for. */
  pcscLine?: PcscRigLine;
  line(id: string): RigLine;
  close(): Promise<void>;
}

/** One line's devices; `timing` gives the emulators a real card's time (scaled). */
async function startLinePrinter(
  n: number,
  opts: { feederCards: number; timing?: PrintTiming },
): Promise<{ emulator: PrinterEmulator; printer: CardPrinter }> {
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
  return { emulator, printer };
}

/**
 * As the hardware does: the blank the printer moves to its contact station becomes the card in
 * the line's reader, and printing, rejecting or ejecting it takes it out.
 */
function wireContactStation(
  printer: CardPrinter,
  insert: () => Promise<void>,
  remove: () => Promise<void>,
): void {
  const feed = printer.moveToContactStation.bind(printer);
  printer.moveToContactStation = async () => {
    await feed();
    await insert();
  };
  for (const op of ['print', 'reject', 'eject'] as const) {
    const orig = printer[op].bind(printer) as (...a: unknown[]) => Promise<void>;
    (printer as unknown as Record<string, unknown>)[op] = async (...a: unknown[]) => {
      await orig(...a);
      await remove();
    };
  }
}

/** One line's devices; `timing` gives the emulators a real card's time (scaled). */
export async function startRigLine(
  n: number,
  opts: { feederCards: number; timing?: PrintTiming; apduMs?: number },
): Promise<RigLine> {
  const reader = `SN-00${n}`;
  const { emulator, printer } = await startLinePrinter(n, opts);
  const encoder = new EmulatorEncoder({
    id: `line-${n}-encoder`,
    exchangeTimeoutMs: 5000,
    cardPresent: false,
    readerName: `cardgate emulated reader ${reader}`,
    ...(opts.apduMs ? { latencyMs: opts.apduMs } : {}),
  });
  wireContactStation(
    printer,
    async () => {
      encoder.control.insertCard(new VirtualCard());
    },
    async () => encoder.control.removeCard(),
  );
  await printer.connect();
  await encoder.start();
  return { id: `line-${n}`, reader, emulator, printer, encoder };
}

/** A line with the printer emulator and the real PC/SC driver on pcscd's virtual reader. */
export async function startPcscRigLine(
  n: number,
  opts: { feederCards: number; timing?: PrintTiming; stack: PcscStack; factory: PcscFactory },
): Promise<PcscRigLine> {
  const { emulator, printer } = await startLinePrinter(n, opts);
  const encoder = createEncoder({
    driver: 'pcsc',
    pcsc: opts.factory,
    reader: opts.stack.reader,
    exchangeTimeoutMs: 5000,
    retryMs: 200,
  });
  wireContactStation(
    printer,
    () => opts.stack.insertCard(),
    () => opts.stack.killCard(),
  );
  await printer.connect();
  await encoder.start();
  return { id: `line-${n}`, reader: opts.stack.reader, emulator, printer, encoder };
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
  /** Adds one more line on real pcscd (its stack started by the caller). */
  pcsc?: { stack: PcscStack; factory: PcscFactory };
  /** Each line-service audit entry (a line back after a fault, in or out of service) this much later. */
  slowLineAuditMs?: number;
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
  const pcscLine = opts.pcsc
    ? await startPcscRigLine(opts.lines + 1, {
        feederCards,
        ...(opts.timing ? { timing: opts.timing } : {}),
        ...opts.pcsc,
      })
    : undefined;
  const bus = new EventBus();
  const audit = await openAuditLog(dataDir);
  const slow = opts.slowLineAuditMs;
  // A slow disk under the audit log, for the line-service entries only.
  const serviceAudit: AuditLog = slow
    ? new Proxy(audit, {
        get(target, key) {
          const v = Reflect.get(target, key, target) as unknown;
          if (key === 'append')
            return async (...args: Parameters<AuditLog['append']>) => {
              if (/^line\.(in|out-of)-service$/.test(args[0].action))
                await new Promise((r) => setTimeout(r, slow));
              return target.append(...args);
            };
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      })
    : audit;
  const issuance = Value.Default(
    IssuanceSection,
    structuredClone({ numberBlocks: [{ prefix: 'T', first: 1, last: 99_999, width: 7 }], ...opts.issuance }),
  ) as Static<typeof IssuanceSection>;
  const devices: LineDevices[] = [...lines, ...(pcscLine ? [pcscLine] : [])].map((l, i) => ({
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
    audit: serviceAudit,
    logger: opts.logger ?? silentLogger(),
    options: {
      cardWaitMs: 5000,
      retentionIntervalMs: 0,
      env: {},
      emulatedFeeder: Object.fromEntries(devices.map((l) => [l.id, feederCards])),
    },
  });
  await service.recover();
  return {
    dataDir,
    bus,
    audit,
    service,
    lines,
    ...(pcscLine ? { pcscLine } : {}),
    line: (id) => lines.find((l) => l.id === id)!,
    close: async () => {
      await service.close();
      await audit.close();
      for (const l of [...lines, ...(pcscLine ? [pcscLine] : [])]) {
        await l.printer.close();
        await l.encoder.stop();
        await l.emulator.close();
      }
    },
  };
}
