import { afterEach, describe, expect, it } from 'vitest';
import { allocatedNumbers } from '../../gateway/issuance/numbers.js';
import type { JobRecord } from '../../gateway/issuance/job.js';
import type { LineHistoryEntry } from '../../gateway/issuance/line-types.js';
import { facePhoto } from '../issuance/fakes.js';
import { person } from '../issuance/service-helpers.js';
import { makeLinesRig, type LinesRig } from './lines-rig.js';

const rigs: LinesRig[] = [];
/** Cards in the jam run (the issue asks for 300; LINES_RUN lowers it for a quick local check). */
const RUN = Number(process.env.LINES_RUN ?? 300);
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close();
});

async function queueCards(rig: LinesRig, n: number, actor = 'op'): Promise<string[]> {
  const photo = facePhoto();
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push((await rig.service.create({ kind: 'new', person: person(), photoJpeg: photo }, actor)).id);
  return ids;
}

/** Resolves once `n` jobs reached done (counted from the bus, not by polling). */
function doneCount(rig: LinesRig): { at: (n: number) => Promise<void>; count: () => number } {
  let done = 0;
  const waiters: Array<{ n: number; r: () => void }> = [];
  rig.bus.on('issuance:job', (e) => {
    if (e.status !== 'done') return;
    done++;
    for (const w of waiters.splice(0))
      if (done >= w.n) w.r();
      else waiters.push(w);
  });
  return {
    count: () => done,
    at: (n) => (done >= n ? Promise.resolve() : new Promise((r) => waiters.push({ n, r }))),
  };
}

const lineState = (rig: LinesRig, line: string, state: string): Promise<void> =>
  new Promise((resolve) => {
    const off = rig.bus.on('issuance:line', (e) => {
      if (e.line === line && e.state === state) {
        off();
        resolve();
      }
    });
  });

/** An available line never went idle while a job it could take was waiting. */
function idleWhileWaiting(history: LineHistoryEntry[]): LineHistoryEntry[] {
  return history.filter((h) => h.event === 'idle' && h.available && (h.waiting ?? 0) > 0);
}

function accountFor(jobs: JobRecord[]): void {
  const numbers = jobs.map((j) => j.documentNumber);
  expect(new Set(numbers).size).toBe(jobs.length);
  const unfinished = jobs.filter((j) => j.status !== 'done' || j.numberFate !== 'issued');
  expect(unfinished.map((j) => ({ id: j.id, status: j.status, error: j.error, history: j.history }))).toEqual(
    [],
  );
}

describe('three print lines share one queue', () => {
  it('one line jams, its cover is opened, then it is repaired, during 300 cards: each card once, the spoiled blank on that line, no line idle while jobs wait', async () => {
    const rig = await makeLinesRig({ lines: 3, feederCards: 400 });
    rigs.push(rig);
    const done = doneCount(rig);
    // The whole run is queued first (lines held back), so the fault comes with jobs waiting.
    for (const l of rig.lines) await rig.service.setLineService(l.id, false, 'tech', 'loading');
    const ids = await queueCards(rig, RUN);
    for (const l of rig.lines) await rig.service.setLineService(l.id, true, 'tech');

    await done.at(40);
    // The next card line 2 prints jams on its magenta panel.
    const l2 = rig.line('line-2');
    const faulted = lineState(rig, 'line-2', 'fault');
    // Where the history stands at the jam: an earlier pause of line 2 (say its printer link dropped
    // and came back on a loaded machine) would not be the fault.
    const jamFrom = rig.service.lineHistory().length;
    l2.emulator.control.inject({ fault: 'jam', panel: 'm' });
    await faulted;
    const atFault = done.count();
    l2.emulator.control.inject({ fault: 'cover-open' });
    // While line 2 is down, the others go on; then the technician clears the jam and closes it.
    await done.at(atFault + Math.round(RUN / 5));
    await expect(rig.service.resumeLine('line-2', 'tech')).rejects.toMatchObject({
      code: 'PRINTER_NOT_READY',
    });
    l2.emulator.control.clear();
    const back = await rig.service.resumeLine('line-2', 'tech');
    expect(back.state === 'idle' || back.state === 'busy').toBe(true);
    await rig.service.idle();

    const jobs = await Promise.all(ids.map((id) => rig.service.get(id)));
    accountFor(jobs);
    expect(allocatedNumbers(rig.service.numberBlocks())).toHaveLength(RUN);

    // The jammed card: counted spoiled on line 2 once, its job finished on another line.
    const moved = jobs.filter((j) => j.history.some((h) => h.note === 'moved from line-2'));
    expect(moved).toHaveLength(1);
    expect(moved[0]!.line).not.toBe('line-2');
    expect(moved[0]!.attempts).toBe(2);
    const rec = await rig.service.reconciliation('today');
    expect(rec.balanced).toBe(true);
    expect(rec.good).toBe(RUN);
    expect(rec.spoiledByReason).toEqual({ 'print:CARD_JAM': 1 });
    expect(rec.byLine?.['line-2']?.spoiled).toBe(1);
    expect(rec.byLine?.['line-1']?.spoiled ?? 0).toBe(0);
    expect(rec.byLine?.['line-3']?.spoiled ?? 0).toBe(0);
    const stock = rig.service.stock();
    expect(stock.identityHolds).toBe(true);
    // The printers agree: 300 cards came out printed, one was jammed (and taken out uncounted).
    const printed = rig.lines.reduce((n, l) => n + l.emulator.model.counters.cards, 0);
    expect(printed).toBe(RUN);
    expect(l2.emulator.model.counters.jammed).toBe(1);
    // The lines' own books agree with what each printer did.
    for (const l of rig.lines) expect(stock.lines![l.id]!.good).toBe(l.emulator.model.counters.cards);

    // Fairness from the recorded history: no available line idled while a job waited for it,
    // and line 2 took no job between its fault and its return.
    const history = rig.service.lineHistory();
    expect(idleWhileWaiting(history)).toEqual([]);
    const fault = history.findIndex(
      (h, i) => i >= jamFrom && h.line === 'line-2' && h.event === 'idle' && !h.available,
    );
    const backAt = history.findIndex((h) => h.line === 'line-2' && h.event === 'back');
    expect(fault).toBeGreaterThan(-1);
    expect(backAt).toBeGreaterThan(fault);
    const line2 = history.slice(jamFrom, backAt + 1).filter((h) => h.line === 'line-2');
    expect(
      history.slice(fault, backAt).filter((h) => h.line === 'line-2' && h.event === 'take'),
      `line 2 from the jam to its return: ${JSON.stringify(line2)}`,
    ).toEqual([]);
    // Every line made cards.
    for (const l of rig.lines) expect(jobs.filter((j) => j.line === l.id).length).toBeGreaterThan(RUN / 30);
  }, 600_000);

  it('a line back from a fault is recorded back before it takes its next job, even while the audit write is slow', async () => {
    // The audit entry of the line's return takes 1.5 s: meanwhile line 1 finishes cards, and each
    // finished card lets the scheduler look for work for the other lines.
    const rig = await makeLinesRig({ lines: 2, feederCards: 60, slowLineAuditMs: 1500 });
    rigs.push(rig);
    const done = doneCount(rig);
    await queueCards(rig, 24);
    await done.at(3);
    const l2 = rig.line('line-2');
    const faulted = lineState(rig, 'line-2', 'fault');
    l2.emulator.control.inject({ fault: 'jam', panel: 'm' });
    await faulted;
    l2.emulator.control.clear();
    await rig.service.resumeLine('line-2', 'tech');
    await rig.service.idle();
    const line2 = rig.service.lineHistory().filter((h) => h.line === 'line-2');
    const fault = line2.findIndex((h) => h.event === 'idle' && !h.available);
    const back = line2.findIndex((h) => h.event === 'back');
    expect(fault).toBeGreaterThan(-1);
    expect(back, JSON.stringify(line2)).toBe(fault + 1);
    // It did work again after its return.
    expect(line2.slice(back).some((h) => h.event === 'take')).toBe(true);
  }, 300_000);

  it("a line's encoder reader unplugged: the line is offline naming the reader, its jobs go to the others", async () => {
    const rig = await makeLinesRig({ lines: 3, feederCards: 100 });
    rigs.push(rig);
    const done = doneCount(rig);
    for (const l of rig.lines) await rig.service.setLineService(l.id, false, 'tech', 'loading');
    const ids = await queueCards(rig, 30);
    for (const l of rig.lines) await rig.service.setLineService(l.id, true, 'tech');
    await done.at(5);
    const offline = lineState(rig, 'line-3', 'offline');
    rig.line('line-3').encoder.control.unplugReader();
    await offline;
    const view = rig.service.line('line-3');
    expect(view.state).toBe('offline');
    expect(view.reason).toMatchObject({ code: 'LINE_READER_MISSING' });
    expect(view.reason!.message).toContain('SN-003');
    await rig.service.idle();

    const jobs = await Promise.all(ids.map((id) => rig.service.get(id)));
    accountFor(jobs);
    const history = rig.service.lineHistory();
    const off = history.findIndex((h) => h.line === 'line-3' && h.event === 'offline');
    expect(history.slice(off).filter((h) => h.line === 'line-3' && h.event === 'take')).toEqual([]);
    expect(idleWhileWaiting(history)).toEqual([]);
    expect((await rig.service.reconciliation('today')).balanced).toBe(true);

    // Plugged back: the line comes online and takes work again.
    rig.line('line-3').encoder.control.plugReader();
    // A card it was writing when the reader went is spoiled on it: then a technician brings it back.
    if (rig.service.line('line-3').state === 'fault') {
      expect(rig.service.line('line-3').reason?.code).toMatch(/^ENCODER_/);
      await rig.service.resumeLine('line-3', 'tech');
    }
    expect(rig.service.line('line-3').state).toBe('idle');
    const more = await queueCards(rig, 6);
    await rig.service.idle();
    const after = await Promise.all(more.map((id) => rig.service.get(id)));
    accountFor(after);
  }, 300_000);

  it('a job pinned to a line waits for that line; a card type goes only to lines holding it; a line out of service takes none', async () => {
    const rig = await makeLinesRig({
      lines: 3,
      feederCards: 50,
      cardTypes: { 'line-3': ['standard', 'visa'] },
    });
    rigs.push(rig);
    await rig.service.setLineService('line-1', false, 'tech', 'cleaning');
    const photo = facePhoto();
    const pinned = await rig.service.create(
      { kind: 'new', person: person(), photoJpeg: photo, line: 'line-1' },
      'tech',
    );
    const visa = await rig.service.create(
      { kind: 'new', person: person(), photoJpeg: photo, cardType: 'visa' },
      'op',
    );
    const plain = await queueCards(rig, 4);
    await rig.service.idle();
    expect((await rig.service.get(pinned.id)).status).toBe('queued');
    expect(rig.service.line('line-1').state).toBe('out-of-service');
    expect((await rig.service.get(visa.id)).line).toBe('line-3');
    for (const id of plain) expect((await rig.service.get(id)).line).not.toBe('line-1');
    await expect(
      rig.service.create({ kind: 'new', person: person(), photoJpeg: photo, line: 'line-9' }, 'tech'),
    ).rejects.toMatchObject({ code: 'LINE_NOT_FOUND' });
    await rig.service.setLineService('line-1', true, 'tech');
    await rig.service.idle();
    const p = await rig.service.get(pinned.id);
    expect(p.status).toBe('done');
    expect(p.line).toBe('line-1');
  }, 120_000);
});
