import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPrinterEmulator, type PrinterEmulator } from '../../drivers/printer/emulator/index.js';
import { EvolisPrinter } from '../../drivers/printer/evolis/driver.js';
import { PrinterFault, type PrinterFaultCode } from '../../drivers/printer/interface.js';
import { TcpTransport } from '../../drivers/transport/tcp.js';
import { waitFor } from '../helpers/processes.js';
import { testCardSide } from './helpers/card-images.js';

// Long enough that a loaded machine does not turn a normal reply into a time-out.
const TIMEOUT = 1500;
const front = testCardSide('FAULT TEST');
const back = testCardSide('BACK', 3);

async function expectFault(p: Promise<unknown>, code: PrinterFaultCode): Promise<PrinterFault> {
  const started = Date.now();
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, `expected ${code}`).toBeInstanceOf(PrinterFault);
  expect((e as PrinterFault).code).toBe(code);
  // Reaches the driver within the time-out (a panel's is 4 × the command's).
  expect(Date.now() - started).toBeLessThan(TIMEOUT * 4 + 1500);
  return e as PrinterFault;
}

for (const ackNack of [false, true]) {
  describe(`injected faults reach the driver as typed faults (${ackNack ? 'ACK/NACK' : 'OK/ERR'} replies)`, () => {
    let emu: PrinterEmulator;
    let printer: EvolisPrinter;
    const faults: PrinterFault[] = [];
    const job = (id: string) => ({ jobId: id, ribbon: 'ymcko', image: { front, back } });
    const card = () => emu.model.card;

    beforeEach(async () => {
      emu = await startPrinterEmulator({ tcpPort: 0, panelMs: 0, feederCards: 10, controlPort: 0 });
      printer = new EvolisPrinter({
        id: 'p1',
        transport: new TcpTransport({ host: '127.0.0.1', port: Number(new URL(emu.url).port) }),
        commandTimeoutMs: TIMEOUT,
        pollIntervalMs: 0,
        ackNack,
        reconnectMinMs: 50,
        reconnectMaxMs: 200,
      });
      faults.length = 0;
      printer.on('fault', (f) => faults.push(f));
      await printer.connect();
    });
    afterEach(async () => {
      await printer?.close();
      await emu?.close();
    });

    /** The driver is usable after the fault: the operator's fix, then a full card prints. */
    async function printsAfterwards(): Promise<void> {
      const before = emu.model.counters.cards;
      await printer.print(job('after'));
      expect(emu.model.counters.cards).toBe(before + 1);
      expect(card()).toBe('none');
    }

    it('cover open: COVER_OPEN, needs the operator, no card taken; prints once closed', async () => {
      emu.control.inject('cover-open');
      const f = await expectFault(printer.print(job('j')), 'COVER_OPEN');
      expect(f.needsOperator).toBe(true);
      expect(f.spoilsCard).toBe(false);
      expect(emu.model.feederCards).toBe(10);
      expect(faults.map((x) => x.code)).toContain('COVER_OPEN');
      const s = await printer.status();
      expect(s.coverOpen).toBe(true);
      expect(s.fault).toBe('COVER_OPEN');
      emu.control.clear({ cover: true });
      await printsAfterwards();
    });

    it('feeder empty: FEEDER_EMPTY, needs the operator; prints once cards are loaded', async () => {
      emu.control.inject('feeder-empty');
      const f = await expectFault(printer.print(job('j')), 'FEEDER_EMPTY');
      expect(f.needsOperator).toBe(true);
      expect(card()).toBe('none');
      expect((await printer.status()).feeder.empty).toBe(true);
      emu.control.clear({ feederCards: 5 });
      await printsAfterwards();
    });

    it('ribbon ended before the card: preflight refuses RIBBON_ENDED, no blank is fed', async () => {
      emu.control.inject('ribbon-ended');
      const f = await expectFault(printer.print(job('j')), 'RIBBON_ENDED');
      expect(f.needsOperator).toBe(true);
      expect(f.spoilsCard).toBe(false);
      expect(emu.model.feederCards).toBe(10);
      expect(emu.history.of('card')).toEqual([]);
      emu.control.clear({ ribbon: 'ymcko' });
      await printsAfterwards();
    });

    it('ribbon ends mid-card (front m panel): RIBBON_ENDED, the partly printed card goes to the reject box', async () => {
      emu.control.inject({ fault: 'ribbon-ended', when: { side: 'front', panel: 'm' } });
      const f = await expectFault(printer.print(job('j')), 'RIBBON_ENDED');
      expect(f.needsOperator).toBe(true);
      expect(f.spoilsCard).toBe(true);
      expect(emu.history.cardPlaces()).toEqual(['none', 'printing', 'none']);
      expect(emu.model.counters.rejected).toBe(1);
      expect(emu.jobs().at(-1)!.result).toBe('rejected');
      emu.control.clear({ ribbon: 'ymcko' });
      await printsAfterwards();
    });

    it('cover opened mid-card (front m panel): COVER_OPEN, spoiled; rejected once the cover closes', async () => {
      emu.control.inject({ fault: 'cover-open', when: { side: 'front', panel: 'm' } });
      const f = await expectFault(printer.print(job('j')), 'COVER_OPEN');
      expect(f.needsOperator).toBe(true);
      expect(f.spoilsCard).toBe(true);
      // The printer cannot move a card with its cover open: the card waits inside.
      expect(card()).toBe('printing');
      await expectFault(printer.print(job('too-early')), 'COVER_OPEN');
      expect(emu.model.feederCards).toBe(9);
      emu.control.clear({ cover: true });
      await printsAfterwards();
      expect(emu.model.counters.rejected).toBe(1);
      expect(emu.jobs().map((j) => j.result)).toEqual(['rejected', 'ejected']);
      expect(emu.model.feederCards).toBe(8);
    });

    it('jam at the m panel of the back: CARD_JAM, card spoiled and left for the operator to remove', async () => {
      emu.control.inject({ fault: 'jam', panel: 'm', side: 'back' });
      const f = await expectFault(printer.print(job('j')), 'CARD_JAM');
      expect(f.spoilsCard).toBe(true);
      expect(f.needsOperator).toBe(true);
      expect(card()).toBe('jammed');
      // The driver is usable: it still answers, and the printer says a card is stuck.
      expect((await printer.status()).cardInside).toBe(true);
      emu.control.clear({ jam: true });
      expect(emu.jobs().at(-1)!.result).toBe('jammed');
      await printsAfterwards();
    });

    it('need cleaning: NEED_CLEANING before any card moves; a cleaning cycle clears it', async () => {
      emu.control.inject('need-cleaning');
      await expectFault(printer.print(job('j')), 'NEED_CLEANING');
      expect(card()).toBe('none');
      expect((await printer.status()).needsCleaning).toBe(true);
      await printer.clean();
      await printsAfterwards();
    });

    it('garbage reply: PROTOCOL fault, not a crash; reads retry once and succeed', async () => {
      emu.control.inject({ fault: 'garbage', count: 1 });
      await expectFault(printer.raw('Rfv'), 'PROTOCOL');
      emu.control.inject({ fault: 'garbage', count: 1 });
      const s = await printer.status();
      expect(s.ribbon.type).toBe('ymcko');
      await printsAfterwards();
    });

    it('slow reply: TIMEOUT within the time-out; the late reply is not taken for the next one', async () => {
      emu.control.inject({ fault: 'slow', ms: TIMEOUT + 300, count: 1 });
      await expectFault(printer.raw('Rsn'), 'TIMEOUT');
      // The next command must get its own answer, not the late serial number.
      expect(await printer.raw('Rfv')).toBe(emu.model.firmware);
      await printsAfterwards();
    });

    it('slow reply during a panel: TIMEOUT, the card is rejected', async () => {
      // The reply to the front's first panel comes later than the panel time-out: the fault is
      // placed at that exact point by the emulator, not by watching the card go by.
      emu.control.inject({
        fault: 'slow',
        ms: TIMEOUT * 4 + 500,
        count: 1,
        when: { side: 'front', panel: 'y' },
      });
      const f = await expectFault(printer.print(job('j')), 'TIMEOUT');
      expect(f.spoilsCard).toBe(true);
      expect(emu.history.of('panel-started').map((p) => `${p.side}:${p.panel}`)).toEqual(['front:y']);
      // The driver rejects the card before it reports the fault; the emulator answers in order.
      expect(emu.history.cardPlaces()).toEqual(['none', 'printing', 'none']);
      expect(emu.model.counters.rejected).toBe(1);
      expect(emu.jobs().at(-1)!.result).toBe('rejected');
      await printsAfterwards();
    });

    it('disconnect mid-job: DISCONNECTED; the driver reconnects and rejects the spoiled card', async () => {
      emu.control.inject({ fault: 'disconnect', panel: 'c' });
      const connections: boolean[] = [];
      printer.on('connection', (c) => connections.push(c.connected));
      const f = await expectFault(printer.print(job('j')), 'DISCONNECTED');
      expect(f.spoilsCard).toBe(true);
      await waitFor(() => printer.connected, { timeoutMs: 5000, what: 'reconnect' });
      await emu.history.next((e) => e.type === 'job-finished' && e.result === 'rejected', {
        timeoutMs: 5000,
        what: 'card rejected after reconnect',
      });
      expect(card()).toBe('none');
      expect(emu.model.counters.rejected).toBe(1);
      expect(connections).toEqual([false, true]);
      await printsAfterwards();
    });
  });
}

describe('emulator control endpoint and the driver around it', () => {
  let emu: PrinterEmulator;
  afterEach(async () => {
    await emu?.close();
  });

  it('POST /faults and /clear change what the printer does; bad bodies get 400 with a code', async () => {
    emu = await startPrinterEmulator({ tcpPort: 0, panelMs: 0, feederCards: 3, controlPort: 0 });
    const post = (path: string, body: unknown) =>
      fetch(`${emu.controlUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post('/faults', { fault: 'ribbon-missing' })).status).toBe(200);
    const printer = new EvolisPrinter({
      id: 'p2',
      transport: new TcpTransport({ host: '127.0.0.1', port: Number(new URL(emu.url).port) }),
      commandTimeoutMs: TIMEOUT,
      pollIntervalMs: 0,
    });
    await printer.connect();
    try {
      const s = await printer.status();
      expect(s.fault).toBe('RIBBON_MISSING');
      await expectFault(printer.print({ jobId: 'x', image: { front } }), 'RIBBON_MISSING');
      expect((await post('/clear', { ribbon: 'ymcko' })).status).toBe(200);
      expect((await printer.status()).ready).toBe(true);
      const bad = await post('/faults', { fault: 'meteor' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { code: string }).code).toBe('EMULATOR_FAULT_INVALID');
      expect((await fetch(`${emu.controlUrl}/faults`, { method: 'POST', body: '{nope' })).status).toBe(400);
      const state = (await (await fetch(`${emu.controlUrl}/state`)).json()) as { ribbon: { type: string } };
      expect(state.ribbon.type).toBe('ymcko');
    } finally {
      await printer.close();
    }
  });

  it('status polling while idle emits status; a dropped link is retried with doubling back-off up to the cap', async () => {
    emu = await startPrinterEmulator({ tcpPort: 0, panelMs: 0, feederCards: 3 });
    const port = Number(new URL(emu.url).port);
    /** The real TCP transport, recording when each connection attempt starts. */
    class RecordingTcp extends TcpTransport {
      readonly opens: number[] = [];
      override open(): Promise<void> {
        this.opens.push(performance.now());
        return super.open();
      }
    }
    const transport = new RecordingTcp({ host: '127.0.0.1', port });
    const delays: number[] = [];
    const printer = new EvolisPrinter({
      id: 'p3',
      transport,
      commandTimeoutMs: TIMEOUT,
      pollIntervalMs: 100,
      reconnectMinMs: 40,
      reconnectMaxMs: 160,
      scheduleReconnect: (fn, ms) => {
        delays.push(ms);
        return setTimeout(fn, ms);
      },
    });
    const statuses: boolean[] = [];
    printer.on('status', (s) => statuses.push(s.ready));
    let lostAt = 0;
    printer.on('connection', (c) => {
      if (!c.connected) lostAt = performance.now();
    });
    await printer.connect();
    try {
      await waitFor(() => statuses.length >= 2, { timeoutMs: 5000, what: 'two polls' });
      await emu.close();
      // Five attempts fail while the printer is away: 40, 80, 160, then capped at 160.
      await waitFor(() => delays.length >= 5, { timeoutMs: 10_000, what: 'five reconnect attempts' });
      expect(delays.slice(0, 5)).toEqual([40, 80, 160, 160, 160]);
      // Each attempt started no earlier than its delay after the previous one (or the loss).
      const starts = [lostAt, ...transport.opens.slice(1)];
      for (let i = 0; i < 4; i++) expect(starts[i + 1]! - starts[i]!).toBeGreaterThanOrEqual(delays[i]! - 1);
      emu = await startPrinterEmulator({ tcpPort: port, panelMs: 0, feederCards: 3 });
      await waitFor(() => printer.connected, { timeoutMs: 5000, what: 'reconnected' });
      const n = statuses.length;
      await waitFor(() => statuses.length > n, { timeoutMs: 5000, what: 'polling resumed' });
      // Once connected again the back-off starts over from the minimum.
      const before = delays.length;
      await emu.close();
      await waitFor(() => delays.length > before, { timeoutMs: 5000, what: 'retry after the second loss' });
      expect(delays[before]).toBe(40);
    } finally {
      await printer.close();
    }
  });
});

describe('job progress and cancelling', () => {
  let emu: PrinterEmulator;
  afterEach(async () => {
    await emu?.close();
  });

  it('reports every panel in order with bytes sent reaching the total; an abort rejects the card', async () => {
    emu = await startPrinterEmulator({ tcpPort: 0, panelMs: 30, feederCards: 5 });
    const printer = new EvolisPrinter({
      id: 'p4',
      transport: new TcpTransport({ host: '127.0.0.1', port: Number(new URL(emu.url).port) }),
      commandTimeoutMs: 2000,
      pollIntervalMs: 0,
    });
    await printer.connect();
    try {
      const progress: {
        step: string;
        side?: string;
        panel?: string;
        bytesSent: number;
        bytesTotal: number;
      }[] = [];
      printer.on('progress', (p) => progress.push(p));
      await printer.print({ jobId: 'pg', ribbon: 'ymckok', image: { front, back } });
      const panels = progress.filter((p) => p.step === 'panel').map((p) => `${p.side}:${p.panel}`);
      expect(panels).toEqual(['front:y', 'front:m', 'front:c', 'front:k', 'front:o', 'back:k']);
      const done = progress.at(-1)!;
      expect(done.step).toBe('done');
      expect(done.bytesSent).toBe(done.bytesTotal);
      expect(done.bytesSent).toBe(
        emu
          .jobs()
          .at(-1)!
          .wire.reduce((n, w) => n + w.bytes, 0),
      );
      for (let i = 1; i < progress.length; i++)
        expect(progress[i]!.bytesSent).toBeGreaterThanOrEqual(progress[i - 1]!.bytesSent);

      const ctrl = new AbortController();
      const off = (p: { step: string; panel?: string }) => {
        if (p.step === 'panel' && p.panel === 'm') ctrl.abort();
      };
      printer.on('progress', off);
      await expect(
        printer.print({ jobId: 'ab', ribbon: 'ymcko', image: { front } }, { signal: ctrl.signal }),
      ).rejects.toMatchObject({
        name: 'AbortError',
      });
      expect(emu.model.card).toBe('none');
      expect(emu.model.counters.rejected).toBe(1);
      expect(emu.jobs().at(-1)!.result).toBe('rejected');
    } finally {
      await printer.close();
    }
  });
});
