import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPrinterEmulator, type PrinterEmulator } from '../../drivers/printer/emulator/index.js';
import type { EmulatorFault } from '../../drivers/printer/emulator/faults.js';
import { EvolisPrinter } from '../../drivers/printer/evolis/driver.js';
import { PrinterFault, type PrinterFaultCode } from '../../drivers/printer/interface.js';
import { TcpTransport } from '../../drivers/transport/tcp.js';
import { testCardSide } from './helpers/card-images.js';

const TIMEOUT = 1500;
const front = testCardSide('PREFLIGHT');

async function faultOf(p: Promise<unknown>): Promise<PrinterFault> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PrinterFault);
  return e as PrinterFault;
}

for (const ackNack of [false, true]) {
  describe(`pre-flight check: the printer can finish a card before a blank is fed (${ackNack ? 'ACK/NACK' : 'OK/ERR'})`, () => {
    let emu: PrinterEmulator;
    let printer: EvolisPrinter;

    beforeEach(async () => {
      emu = await startPrinterEmulator({ tcpPort: 0, panelMs: 0, feederCards: 5 });
      printer = new EvolisPrinter({
        id: 'pf',
        transport: new TcpTransport({ host: '127.0.0.1', port: Number(new URL(emu.url).port) }),
        commandTimeoutMs: TIMEOUT,
        pollIntervalMs: 0,
        ackNack,
      });
      await printer.connect();
    });
    afterEach(async () => {
      await printer?.close();
      await emu?.close();
    });

    it('resolves on a ready printer and moves nothing', async () => {
      await printer.preflight();
      expect(emu.history.of('card')).toEqual([]);
      expect(emu.model.feederCards).toBe(5);
    });

    const cases: {
      name: string;
      fault: EmulatorFault;
      code: PrinterFaultCode;
      fix: (e: PrinterEmulator) => void;
    }[] = [
      {
        name: 'cover open',
        fault: { fault: 'cover-open' },
        code: 'COVER_OPEN',
        fix: (e) => e.control.clear({ cover: true }),
      },
      {
        name: 'ribbon ended',
        fault: { fault: 'ribbon-ended' },
        code: 'RIBBON_ENDED',
        fix: (e) => e.control.clear({ ribbon: 'ymcko' }),
      },
      {
        name: 'ribbon missing',
        fault: { fault: 'ribbon-missing' },
        code: 'RIBBON_MISSING',
        fix: (e) => e.control.clear({ ribbon: 'ymcko' }),
      },
      {
        name: 'feeder empty',
        fault: { fault: 'feeder-empty' },
        code: 'FEEDER_EMPTY',
        fix: (e) => e.control.clear({ feederCards: 5 }),
      },
      {
        name: 'cleaning due',
        fault: { fault: 'need-cleaning' },
        code: 'NEED_CLEANING',
        fix: (e) => e.control.clear({ cleaning: true }),
      },
    ];
    for (const c of cases) {
      it(`${c.name}: ${c.code} with explanation and fix, needs the operator, no card moved; ready once fixed`, async () => {
        emu.control.inject(c.fault);
        const feeder = emu.model.feederCards;
        const f = await faultOf(printer.preflight());
        expect(f.code).toBe(c.code);
        expect(f.needsOperator).toBe(true);
        expect(f.spoilsCard).toBe(false);
        expect(f.explanation.length).toBeGreaterThan(10);
        expect(f.fix.length).toBeGreaterThan(10);
        // The status reads say the same thing (the emulator answers them truthfully in the fault).
        expect((await printer.status()).fault).toBe(c.code);
        // Neither the check nor a print or a feed takes a blank while the cause remains.
        expect((await faultOf(printer.print({ jobId: 'x', image: { front } }))).code).toBe(c.code);
        expect((await faultOf(printer.moveToContactStation())).code).toBe(c.code);
        expect(emu.history.of('card')).toEqual([]);
        expect(emu.model.feederCards).toBe(feeder);
        c.fix(emu);
        await printer.preflight();
        await printer.print({ jobId: 'ok', image: { front } });
        expect(emu.jobs().map((j) => j.result)).toEqual(['ejected']);
      });
    }

    it('a ribbon with panels left but not a whole card counts as ended', async () => {
      emu.control.clear({ ribbon: 'ymcko' });
      emu.model.ribbonPanelsLeft = 3; // one YMCKO card needs 5 panels
      expect((await faultOf(printer.preflight())).code).toBe('RIBBON_ENDED');
      expect(emu.history.of('card')).toEqual([]);
    });

    it('a jammed card: CARD_JAM from the status reads, nothing fed until it is removed', async () => {
      emu.control.inject({ fault: 'jam', panel: 'c' });
      expect((await faultOf(printer.print({ jobId: 'j', image: { front } }))).code).toBe('CARD_JAM');
      const feeder = emu.model.feederCards;
      const moves = emu.history.of('card').length;
      const f = await faultOf(printer.preflight());
      expect(f.code).toBe('CARD_JAM');
      expect(f.needsOperator).toBe(true);
      expect((await printer.status()).fault).toBe('CARD_JAM');
      expect(emu.history.of('card').length).toBe(moves);
      expect(emu.model.feederCards).toBe(feeder);
      emu.control.clear({ jam: true });
      await printer.preflight();
    });

    it('a card held at the contact station needs no feeder: the check passes with the feeder empty', async () => {
      await printer.moveToContactStation();
      emu.control.clear({ feederCards: 0 });
      await printer.preflight();
      await printer.print({ jobId: 'c', image: { front }, cardInside: true });
      expect(emu.jobs().at(-1)!.result).toBe('ejected');
    });

    it('an error reply while a card is inside leaves the driver usable', async () => {
      await printer.moveToContactStation();
      emu.control.inject('cover-open');
      // The printer refuses to move the card with the cover open.
      expect((await faultOf(printer.reject())).code).toBe('COVER_OPEN');
      expect(emu.model.card).toBe('contact');
      expect((await printer.status()).cardInside).toBe(true);
      expect((await faultOf(printer.preflight())).code).toBe('COVER_OPEN');
      emu.control.clear({ cover: true });
      await printer.preflight();
      await printer.print({ jobId: 'after', image: { front }, cardInside: true });
      expect(emu.history.cardPlaces()).toEqual(['none', 'contact', 'printing', 'none']);
      expect(emu.jobs().at(-1)!.result).toBe('ejected');
    });
  });
}
