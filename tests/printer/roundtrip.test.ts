import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrinterEmulator, type PrinterEmulator } from '../../drivers/printer/emulator/index.js';
import { EvolisPrinter } from '../../drivers/printer/evolis/driver.js';
import {
  LEVELS,
  PANEL_NAMES,
  type Levels,
  type PanelName,
} from '../../drivers/printer/evolis/bitmap-codec.js';
import { TcpTransport } from '../../drivers/transport/tcp.js';
import { SerialTransport } from '../../drivers/transport/serial.js';
import type { ByteTransport } from '../../drivers/transport/types.js';
import { describeWithSystem } from '../helpers/system.js';
import { startPtyPair, type PtyPair } from '../helpers/pty-pair.js';
import { expectedPanel, syntheticSide } from './helpers/synthetic-side.js';

const side = syntheticSide();
const expected = new Map<string, Uint8Array>();
const expectedFor = (panel: PanelName, levels: Levels): Uint8Array => {
  const key = `${panel}/${levels}`;
  if (!expected.has(key)) expected.set(key, expectedPanel(panel, levels));
  return expected.get(key)!;
};

function firstDifference(a: Uint8Array, b: Uint8Array): string | null {
  for (let i = 0; i < a.length; i++)
    if (a[i] !== b[i]) return `line ${Math.floor(i / 648)} dot ${i % 648}: got ${a[i]}, expected ${b[i]}`;
  return a.length === b.length ? null : `length ${a.length} vs ${b.length}`;
}

/** For each level count and each encoding: one two-sided job with all five panels at that count. */
function roundTrips(
  name: string,
  setup: () => Promise<{ emu: PrinterEmulator; transport: () => ByteTransport }>,
) {
  describe(name, () => {
    let emu: PrinterEmulator;
    let transport: () => ByteTransport;
    beforeAll(async () => {
      ({ emu, transport } = await setup());
    });
    afterAll(async () => {
      await emu?.close();
    });

    for (const mode of ['plain', 'compressed'] as const) {
      for (const levels of LEVELS) {
        it(`y m c k o at ${levels} levels, ${mode}: the emulator decodes the dots the card holds`, async () => {
          const printer = new EvolisPrinter({
            id: 'rt',
            transport: transport(),
            commandTimeoutMs: 5000,
            // Generous: on a loaded machine a plain 7-bit panel through socat can take seconds.
            panelTimeoutMs: 60_000,
            pollIntervalMs: 0,
            encodeMode: mode,
            panelLevels: { y: levels, m: levels, c: levels, k: levels, o: levels },
          });
          await printer.connect();
          try {
            await printer.print({
              jobId: `rt-${levels}-${mode}`,
              ribbon: 'ymcko',
              image: { front: side, back: side },
            });
          } finally {
            await printer.close();
          }
          const job = emu.jobs().at(-1)!;
          expect(job.result).toBe('ejected');
          expect(job.sides.map((s) => s.side)).toEqual(['front', 'back']);
          for (const s of job.sides) {
            expect(s.panels.map((p) => p.panel)).toEqual([...PANEL_NAMES]);
            for (const p of s.panels) {
              expect(p.levels).toBe(levels);
              expect(p.compressed).toBe(mode === 'compressed');
              expect([p.width, p.height]).toEqual([648, 1016]);
              expect(
                firstDifference(p.values, expectedFor(p.panel as PanelName, levels)),
                `${s.side} ${p.panel}`,
              ).toBeNull();
            }
          }
        }, 120_000);
      }
    }
  });
}

roundTrips('round trip over TCP (loopback)', async () => {
  const emu = await startPrinterEmulator({ tcpPort: 0, panelMs: 0, feederCards: 100 });
  const port = Number(new URL(emu.url).port);
  return { emu, transport: () => new TcpTransport({ host: '127.0.0.1', port }) };
});

describeWithSystem(['socat'], 'round trip over a real pty pair (socat)', () => {
  let pty: PtyPair;
  beforeAll(async () => {
    pty = await startPtyPair();
  });
  afterAll(async () => {
    await pty?.close();
  });
  roundTrips('serial', async () => {
    const emu = await startPrinterEmulator({ serialPath: pty.b, panelMs: 0, feederCards: 100 });
    return {
      emu,
      transport: () =>
        new SerialTransport({
          path: pty.a,
          baudRate: 115200,
          parity: 'none',
          dataBits: 8,
          stopBits: 1,
          flow: 'none',
        }),
    };
  });
});
