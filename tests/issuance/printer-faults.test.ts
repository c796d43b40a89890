import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { Static } from 'typebox';
import { Value } from 'typebox/value';
import { startPrinterEmulator, type PrinterEmulator } from '../../drivers/printer/emulator/index.js';
import type { EmulatorFault } from '../../drivers/printer/emulator/faults.js';
import { createPrinter } from '../../drivers/printer/factory.js';
import type { CardPrinter } from '../../drivers/printer/interface.js';
import { EmulatorEncoder } from '../../drivers/encoder/emulator/emulator-encoder.js';
import { VirtualCard } from '../../drivers/encoder/emulator/virtual-card.js';
import { IssuanceSection } from '../../gateway/config/sections/issuance.js';
import { EventBus } from '../../gateway/core/events.js';
import { systemClock } from '../../gateway/core/clock.js';
import { openAuditLog, type AuditLog } from '../../gateway/audit/audit-log.js';
import { createIssuanceService, type IssuanceService } from '../../gateway/issuance/service.js';
import { projectRoot } from '../helpers/processes.js';
import { chaosProduceCard } from './chaos-card.js';
import { createEphemeralChipSigner } from '../../drivers/encoder/ephemeral-signer.js';
import { person, tempDir } from './service-helpers.js';

const BLANKS = 5;

interface Station {
  emu: PrinterEmulator;
  printer: CardPrinter;
  encoder: EmulatorEncoder;
  service: IssuanceService;
  audit: AuditLog;
  /** Chip writes the encoder accepted. */
  chipsWritten: () => number;
}

let open: Station | null = null;
afterEach(async () => {
  if (!open) return;
  await open.service.close();
  await open.audit.close();
  await open.printer.close();
  await open.emu.close();
  await open.encoder.stop();
  open = null;
});

/** The station against the real printer emulator (TCP, Evolis driver) and the encoder emulator. */
async function station(opts: { ribbonPanels?: number } = {}): Promise<Station> {
  const dataDir = tempDir();
  const emu = await startPrinterEmulator({
    tcpPort: 0,
    panelMs: 0,
    feederCards: BLANKS,
    ribbon: 'k',
    ...(opts.ribbonPanels !== undefined ? { ribbonPanels: opts.ribbonPanels } : {}),
  });
  const printer = createPrinter(emu.url, {
    id: 'printer-1',
    commandTimeoutMs: 5000,
    pollIntervalMs: 0,
    ribbon: 'k',
  });
  const encoder = new EmulatorEncoder({ exchangeTimeoutMs: 2000, cardPresent: false });
  // The physical link: a fed blank is the card in the reader; a card leaving the printer leaves it.
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
  let chips = 0;
  const personalize = encoder.personalize.bind(encoder);
  encoder.personalize = async (input) => {
    const r = await personalize(input);
    chips++;
    return r;
  };
  await encoder.start();
  await printer.connect();
  const audit = await openAuditLog(dataDir);
  const service = await createIssuanceService({
    config: { issuance: Value.Default(IssuanceSection, {}) as Static<typeof IssuanceSection> },
    dataDir,
    bus: new EventBus(),
    clock: systemClock,
    printer,
    encoder,
    produceCard: chaosProduceCard,
    signer: await createEphemeralChipSigner(),
    audit,
    logger: pino({ level: 'silent' }),
    options: { cardWaitMs: 2000, retentionIntervalMs: 0, env: {} },
  });
  await service.recover();
  await service.loadStock(BLANKS, 'tech');
  open = { emu, printer, encoder, service, audit, chipsWritten: () => chips };
  return open;
}

const photo = readFileSync(join(projectRoot, 'tests/fixtures/face.jpg'));

/** The printer's own counts and the station's books tell the same story. */
function expectAgreement(s: Station): void {
  const m = s.emu.model;
  const stock = s.service.stock();
  expect(stock.identityHolds).toBe(true);
  expect({ inFeeder: stock.inFeeder, good: stock.good, spoiled: stock.spoiled }).toEqual({
    inFeeder: m.feederCards,
    good: m.counters.cards,
    spoiled: m.counters.rejected + m.counters.jammed,
  });
}

async function issueOne(s: Station) {
  const job = await s.service.create({ kind: 'new', person: person(), photoJpeg: photo }, 'op');
  await s.service.idle();
  return job.id;
}

const before: Array<{
  name: string;
  fault: EmulatorFault;
  code: string;
  fix: Parameters<PrinterEmulator['control']['clear']>[0];
}> = [
  { name: 'cover open', fault: { fault: 'cover-open' }, code: 'COVER_OPEN', fix: { cover: true } },
  { name: 'ribbon ended', fault: { fault: 'ribbon-ended' }, code: 'RIBBON_ENDED', fix: { ribbon: 'k' } },
  {
    name: 'ribbon missing',
    fault: { fault: 'ribbon-missing' },
    code: 'RIBBON_MISSING',
    fix: { ribbon: 'k' },
  },
  { name: 'cleaning due', fault: { fault: 'need-cleaning' }, code: 'NEED_CLEANING', fix: { cleaning: true } },
  {
    name: 'feeder empty',
    fault: { fault: 'feeder-empty' },
    code: 'FEEDER_EMPTY',
    fix: { feederCards: BLANKS },
  },
];

describe('printer faults cost nothing twice (real printer emulator)', () => {
  for (const f of before) {
    it(`${f.name} before the card: no blank fed, resume answers 409 until fixed, then the card finishes`, async () => {
      const s = await station();
      s.emu.control.inject(f.fault);
      const id = await issueOne(s);
      const waiting = await s.service.get(id);
      expect(waiting).toMatchObject({ status: 'needs-operator', attempts: 0, card: null });
      expect(waiting.error).toMatchObject({ code: f.code, needsOperator: true });
      expect(waiting.actions).toMatchObject({ resume: true, cancel: true, reissue: false });
      expect(s.chipsWritten()).toBe(0);
      const feeder = s.emu.model.feederCards;

      const refused = await s.service.resume(id, 'op').catch((e: unknown) => e);
      expect(refused).toMatchObject({
        code: 'PRINTER_NOT_READY',
        status: 409,
        details: { fault: f.code, errors: [{ field: 'printer', code: `PRINTER_${f.code}` }] },
      });
      expect((refused as Error).message).toMatch(/\w.*\. \w/); // the explanation, then the fix
      expect(s.emu.model.feederCards).toBe(feeder);
      expect((await s.service.get(id)).status).toBe('needs-operator');

      s.emu.control.clear(f.fix);
      expect((await s.service.resume(id, 'op')).status).toBe('queued');
      await s.service.idle();
      expect(await s.service.get(id)).toMatchObject({
        status: 'done',
        attempts: 1,
        card: { where: 'output-hopper', spoiled: false },
      });
      expect(s.chipsWritten()).toBe(1);
      expectAgreement(s);
      expect(s.service.stock()).toMatchObject({ inFeeder: BLANKS - 1, good: 1, spoiled: 0 });
    }, 30_000);
  }

  it('cover opened during printing: the card waits in the printer, resume re-checks, then it goes to the reject box counted', async () => {
    const s = await station();
    let opened = false;
    s.printer.on('progress', (p) => {
      if (p.step === 'panel' && !opened) {
        opened = true;
        s.emu.control.inject('cover-open');
      }
    });
    const id = await issueOne(s);
    expect(await s.service.get(id)).toMatchObject({
      status: 'needs-operator',
      error: { code: 'COVER_OPEN' },
      card: { where: 'in-printer', spoiled: false },
    });
    expect(s.emu.model.counters).toMatchObject({ cards: 0, rejected: 0 });
    await expect(s.service.resume(id, 'op')).rejects.toMatchObject({
      code: 'PRINTER_NOT_READY',
      status: 409,
    });
    expect(s.emu.model.feederCards).toBe(BLANKS - 1);

    s.emu.control.clear({ cover: true });
    await s.service.resume(id, 'op');
    await s.service.idle();
    const done = await s.service.get(id);
    expect(done).toMatchObject({ status: 'done', attempts: 2 });
    expect(s.emu.model.counters).toMatchObject({ cards: 1, rejected: 1 });
    expectAgreement(s);
    const rec = await s.service.reconciliation('today');
    expect(rec.spoiledByReason).toEqual({ interrupted: 1 });
    expect(rec.printer).toMatchObject({ cards: 1, expectedCards: 1, agrees: true });
    expect(rec.balanced).toBe(true);
  }, 30_000);

  it('a jam: the card is spoiled, resume answers 409 until the card is removed, then a new blank finishes it', async () => {
    const s = await station();
    s.emu.control.inject({ fault: 'jam', panel: 'k', side: 'back' });
    const id = await issueOne(s);
    expect(await s.service.get(id)).toMatchObject({
      status: 'needs-operator',
      error: { code: 'CARD_JAM' },
      card: { where: 'in-printer' },
    });
    await expect(s.service.resume(id, 'op')).rejects.toMatchObject({
      code: 'PRINTER_NOT_READY',
      details: { fault: 'CARD_JAM' },
    });
    expect(s.emu.model.feederCards).toBe(BLANKS - 1);
    s.emu.control.clear({ jam: true });
    await s.service.resume(id, 'op');
    await s.service.idle();
    expect(await s.service.get(id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(s.emu.model.counters).toMatchObject({ cards: 1, jammed: 1 });
    expectAgreement(s);
  }, 30_000);

  it('the ribbon ends during printing: the printer rejects that card (counted), and no further blank is fed until the ribbon is changed', async () => {
    // One panel left: the pre-flight check sees a card's worth, the back side finds the end.
    const s = await station({ ribbonPanels: 1 });
    const id = await issueOne(s);
    expect(await s.service.get(id)).toMatchObject({
      status: 'needs-operator',
      error: { code: 'RIBBON_ENDED' },
      attempts: 1,
      card: { where: 'reject-box', spoiled: true, reason: 'print:RIBBON_ENDED' },
    });
    expect(s.emu.model.feederCards).toBe(BLANKS - 1);
    await expect(s.service.resume(id, 'op')).rejects.toMatchObject({
      code: 'PRINTER_NOT_READY',
      status: 409,
    });
    expect(s.emu.model.feederCards).toBe(BLANKS - 1);
    expectAgreement(s);
    s.emu.control.clear({ ribbon: 'k' });
    await s.service.resume(id, 'op');
    await s.service.idle();
    expect(await s.service.get(id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(s.emu.model.counters).toMatchObject({ cards: 1, rejected: 1 });
    expect(s.chipsWritten()).toBe(2);
    expectAgreement(s);
  }, 30_000);

  it('with no blanks recorded, issuing is refused before a number is spent', async () => {
    const s = await station();
    for (let i = 0; i < BLANKS; i++) await issueOne(s);
    expect(s.service.stock()).toMatchObject({ inFeeder: 0, good: BLANKS });
    const numbers = s.service.station().numbersRemaining;
    await expect(
      s.service.create({ kind: 'new', person: person(), photoJpeg: photo }, 'op'),
    ).rejects.toMatchObject({ code: 'STOCK_EMPTY', status: 409 });
    expect(s.service.station().numbersRemaining).toBe(numbers);
    expectAgreement(s);
    await expect(s.service.reconciliation('2026-13-45')).rejects.toMatchObject({
      code: 'DATE_INVALID',
      status: 400,
    });
    await expect(s.service.reconciliation('2026-02-29')).rejects.toMatchObject({ code: 'DATE_INVALID' });
  }, 60_000);

  it("reconciliation balances against the printer's own counter and says when it does not", async () => {
    const s = await station();
    await issueOne(s);
    expect(await s.service.reconciliation('today')).toMatchObject({
      balanced: true,
      printer: { cards: 1, expectedCards: 1, agrees: true },
    });
    // A card printed behind the station's back (the printer's own test card, straight to the driver).
    s.emu.control.clear({ feederCards: BLANKS });
    await s.printer.testCard();
    expect(await s.service.reconciliation('today')).toMatchObject({
      balanced: false,
      printer: { cards: 2, expectedCards: 1, agrees: false },
    });
  }, 60_000);
});
