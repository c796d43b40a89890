/**
 * Printer bench: host time to turn one YMCKO card side into panel bytes, bytes on the wire plain
 * vs compressed for a typical card, and the time to stream a two-sided job to the emulator over
 * TCP. Card images are the test cards (gradients, a photo-like blob, k text) until the document
 * renderer's output is wired in.
 */
import { calibrationRow, median, type BenchRow } from './row.js';
import { encodeSide, panelsForRibbon } from '../../drivers/printer/evolis/panels.js';
import { frameBitmap } from '../../drivers/printer/evolis/framing.js';
import { startPrinterEmulator } from '../../drivers/printer/emulator/index.js';
import { EvolisPrinter } from '../../drivers/printer/evolis/driver.js';
import { TcpTransport } from '../../drivers/transport/tcp.js';
import { testCardSide } from '../../tests/printer/helpers/card-images.js';

function wireBytes(
  side: ReturnType<typeof testCardSide>,
  mode: 'plain' | 'auto',
  colourLevels: 32 | 64 | 128,
): number {
  let n = 0;
  for (const p of encodeSide(side, panelsForRibbon('ymcko', 'front'), { mode, colourLevels }))
    n += frameBitmap(p.panel, p.levels, p.data, p.compressed).length;
  return n;
}

export async function run(): Promise<BenchRow[]> {
  const front = testCardSide('BENCH CARD', 1);
  const back = testCardSide('BACK', 2);
  const rows: BenchRow[] = [];

  // Calibration: what a trivial byte loop costs on this (shared, loaded) machine right now.
  rows.push(calibrationRow());

  // Wall time on this shared 2-core machine includes waiting for other processes; CPU time of
  // this process is the host work itself. Both are recorded.
  for (const levels of [32, 64] as const) {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 60; i++) {
      const c = process.cpuUsage();
      const t = performance.now();
      for (const p of encodeSide(front, ['y', 'm', 'c', 'k', 'o'], { colourLevels: levels }))
        void p.data.length;
      const w = performance.now() - t;
      const d = process.cpuUsage(c);
      if (i >= 10) {
        wall.push(w);
        cpu.push((d.user + d.system) / 1000);
      }
    }
    const name = `encode one YMCKO side to panel bytes (colour ${levels} levels, auto plain/compressed)`;
    rows.push({ name: `${name}, CPU time median`, value: median(cpu), unit: 'ms', goal: '< 15 ms' });
    rows.push({ name: `${name}, wall time median`, value: median(wall), unit: 'ms', goal: '< 15 ms' });
    rows.push({ name: `${name}, wall time best`, value: Math.min(...wall), unit: 'ms' });
  }

  for (const levels of [32, 64, 128] as const) {
    const plain = wireBytes(front, 'plain', levels);
    const packed = wireBytes(front, 'auto', levels);
    rows.push({
      name: `bytes on the wire, YMCKO front, ${levels} levels, plain (Db)`,
      value: plain,
      unit: 'bytes',
    });
    rows.push({
      name: `bytes on the wire, YMCKO front, ${levels} levels, compressed (Dbc, per panel)`,
      value: packed,
      unit: 'bytes',
      note: `${((100 * packed) / plain).toFixed(1)} % of plain`,
    });
  }

  const emu = await startPrinterEmulator({ tcpPort: 0, panelMs: 0, feederCards: 1000 });
  try {
    const printer = new EvolisPrinter({
      id: 'bench',
      transport: new TcpTransport({ host: '127.0.0.1', port: Number(new URL(emu.url).port) }),
      commandTimeoutMs: 10_000,
      pollIntervalMs: 0,
    });
    await printer.connect();
    const samples: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t = performance.now();
      await printer.print({ jobId: `bench-${i}`, ribbon: 'ymcko', image: { front, back } });
      if (i >= 1) samples.push(performance.now() - t);
    }
    await printer.close();
    rows.push({
      name: 'stream a two-sided YMCKO job to the emulator over TCP (encode + send + emulator decode), median',
      value: median(samples),
      unit: 'ms',
    });
  } finally {
    await emu.close();
  }
  return rows;
}
