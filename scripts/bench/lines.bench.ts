/**
 * Print lines: cards per hour with 1, 2, 3 and 4 lines at the realistic device timing (a YMCKO
 * duplex card in the printer emulator, 40 ms per APDU in the encoder emulator), time-scaled by
 * LINES_BENCH_SCALE (default 0.05: twenty times faster, same ratios) and given back in real
 * hours; and the time from a line's fault to its job starting on another line.
 *
 * Each line is the printer emulator over TCP with the Evolis driver and the encoder emulator
 * (tests/lines/lines-rig.ts), all lines under one issuance service and one queue.
 */
import { rmSync } from 'node:fs';
import { scaledTiming } from '../../drivers/printer/emulator/index.js';
import { ENCODER_APDU_MS } from '../../drivers/encoder/emulator/timing.js';
import { makeLinesRig } from '../../tests/lines/lines-rig.js';
import { facePhoto } from '../../tests/issuance/fakes.js';
import { person } from '../../tests/issuance/service-helpers.js';
import { calibrationRow, median, type BenchRow } from './row.js';

const SCALE = Number(process.env.LINES_BENCH_SCALE ?? 0.05);
const CARDS_PER_LINE = Number(process.env.LINES_BENCH_CARDS ?? 8);

async function cardsPerHour(lines: number): Promise<number> {
  const rig = await makeLinesRig({
    lines,
    feederCards: 200,
    timing: scaledTiming(SCALE),
    apduMs: ENCODER_APDU_MS * SCALE,
  });
  try {
    const photo = facePhoto();
    const n = CARDS_PER_LINE * lines;
    const t0 = performance.now();
    for (let i = 0; i < n; i++)
      await rig.service.create({ kind: 'new', person: person(), photoJpeg: photo }, 'op');
    await rig.service.idle();
    const ms = performance.now() - t0;
    const done = (await rig.service.list({ status: 'done', pageSize: 1000 })).total;
    if (done !== n) throw new Error(`${done} of ${n} cards done`);
    // Real time = measured time / scale.
    return (n / (ms / SCALE)) * 3_600_000;
  } finally {
    await rig.close();
    rmSync(rig.dataDir, { recursive: true, force: true });
  }
}

/** Line 1 jams on its card while line 2 is idle: ms from the fault to line 2 taking the job. */
async function failoverMs(): Promise<number[]> {
  const rig = await makeLinesRig({
    lines: 2,
    feederCards: 50,
    timing: scaledTiming(SCALE),
    apduMs: ENCODER_APDU_MS * SCALE,
  });
  const samples: number[] = [];
  try {
    const photo = facePhoto();
    for (let r = 0; r < 5; r++) {
      await rig.service.setLineService('line-2', false, 'bench', 'held back');
      rig.line('line-1').emulator.control.inject({ fault: 'jam', panel: 'm' });
      let faultAt = 0;
      const taken = new Promise<number>((resolve) => {
        const off = rig.bus.on('issuance:line', (e) => {
          if (e.line === 'line-1' && e.state === 'busy' && !faultAt)
            // Line 1 has the job: line 2 comes back, idle with an empty queue, before the jam.
            void rig.service.setLineService('line-2', true, 'bench');

          // (Should the driver not report the fault as an event, the line's fault is the start.)
          if (e.line === 'line-1' && e.state === 'fault' && !faultAt) faultAt = performance.now();
          if (e.line === 'line-2' && e.state === 'busy' && faultAt) {
            off();
            resolve(performance.now() - faultAt);
          }
        });
      });
      // The clock starts when line 1's printer reports the jam (the driver's fault event).
      const offFault = () => rig.line('line-1').printer.off('fault', onFault);
      const onFault = (): void => {
        if (!faultAt) faultAt = performance.now();
      };
      rig.line('line-1').printer.on('fault', onFault);
      await rig.service.create({ kind: 'new', person: person(), photoJpeg: photo }, 'op');
      samples.push(await taken);
      offFault();
      await rig.service.idle();
      rig.line('line-1').emulator.control.clear();
      await rig.service.resumeLine('line-1', 'bench');
    }
  } finally {
    await rig.close();
    rmSync(rig.dataDir, { recursive: true, force: true });
  }
  return samples;
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [calibrationRow()];
  const rates: number[] = [];
  for (const n of [1, 2, 3, 4]) {
    const rate = await cardsPerHour(n);
    rates.push(rate);
    rows.push({
      name: `cards per hour with ${n} line${n > 1 ? 's' : ''} (realistic timing, scale ${SCALE}, ${CARDS_PER_LINE * n} cards)`,
      value: Math.round(rate),
      unit: 'cards/h',
      ...(n > 1 ? { note: `${(rate / rates[0]!).toFixed(2)}× one line` } : {}),
      ...(n === 4 ? { goal: '≥ 3.6× one line' } : {}),
    });
  }
  const fo = await failoverMs();
  rows.push({
    name: 'line fault to its job started on another line (median of 5, wall clock)',
    value: median(fo),
    unit: 'ms',
    goal: `< 1 s scaled (= < ${Math.round(1000 * SCALE)} ms at scale ${SCALE})`,
    note: `max ${Math.max(...fo).toFixed(1)} ms`,
  });
  return rows;
}
