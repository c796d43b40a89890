/**
 * The ICAO LDS1 chip (issue 17): personalise + verify one card, APDUs and bytes per card, against
 * the same input as `npm run bench encoder` (TD1 MRZ, a 12 000-byte face, ~150 B document data),
 * so the figures compare with the proprietary iso7816-fs profile's 135 APDUs / 12 786 B.
 * - emulator: the in-process ISO 7816-4 card (LDS1 as a DF, no BAC);
 * - jmrtd: pcscd + vpcd + the virtual JMRTD applet (scripts/vicc/jmrtd_card.py): personalisation
 *   with the applet's commands, lock, read-back through BAC + secure messaging, passive
 *   authentication to the CSCA. A fresh applet for each card (the Python card restarted).
 */
import { loadavg } from 'node:os';
import { createEncoder } from '../../drivers/encoder/factory.js';
import type { CardEncoder, ChipPersonalization } from '../../drivers/encoder/interface.js';
import { loadPcsclite } from '../../drivers/encoder/pcsc/load.js';
import {
  createIcaoLds1Profile,
  type IcaoLds1Profile,
} from '../../drivers/encoder/profiles/icao-lds1/profile.js';
import { chipInput } from '../../tests/encoder/chip-input.js';
import { createCsca, issueDs, type TestDs } from '../../tests/encoder/lds1-pki.js';
import { startPcscStack, type PcscStack } from '../../tests/helpers/pcsc-stack.js';
import { missingComponents } from '../../tests/helpers/system.js';
import { median, type BenchRow } from './row.js';

interface CardRun {
  personalizeMs: number;
  verifyMs: number;
  apdus: number;
  bytesWritten: number;
  wireBytes: number;
}

/** APDU bytes both ways of the last personalize, when the transport counts them. */
type WireOf = () => number | undefined;

async function oneCard(
  writer: CardEncoder,
  reader: CardEncoder,
  input: ChipPersonalization,
  cscaDer: Uint8Array,
  wire: WireOf,
): Promise<CardRun> {
  const t0 = performance.now();
  const res = await writer.personalize(input);
  const t1 = performance.now();
  const wireBytes = wire() ?? NaN;
  const verified = await reader.verify(cscaDer);
  const t2 = performance.now();
  if (!verified.ok) throw new Error(`verify failed: ${verified.code ?? verified.failures.join(',')}`);
  return {
    personalizeMs: t1 - t0,
    verifyMs: t2 - t1,
    apdus: res.apdus,
    bytesWritten: res.bytesWritten,
    wireBytes,
  };
}

function rows(prefix: string, runs: CardRun[], note: string): BenchRow[] {
  const first = runs[0]!;
  return [
    {
      name: `${prefix}: personalize (write, lock, read back, hashes, SOD, chain), median of ${runs.length}`,
      value: median(runs.map((r) => r.personalizeMs)),
      unit: 'ms',
      note,
    },
    {
      name: `${prefix}: verify (read all, passive authentication)`,
      value: median(runs.map((r) => r.verifyMs)),
      unit: 'ms',
    },
    {
      name: `${prefix}: APDUs per card (personalize)`,
      value: first.apdus,
      unit: 'APDUs',
      goal: 'iso7816-fs: 135',
    },
    {
      name: `${prefix}: bytes written per card (LDS files)`,
      value: first.bytesWritten,
      unit: 'B',
      goal: 'iso7816-fs: 12 786',
    },
    ...(Number.isNaN(first.wireBytes)
      ? []
      : [
          {
            name: `${prefix}: APDU bytes on the wire per card (both ways)`,
            value: first.wireBytes,
            unit: 'B',
          },
        ]),
  ];
}

/** Counts every APDU the encoder's channel carries (the profile reports only personalize's own). */
function counting(): { profile: IcaoLds1Profile; wire: WireOf } {
  const inner = createIcaoLds1Profile();
  let last: number | undefined;
  const profile: IcaoLds1Profile = {
    ...inner,
    personalize: async (ch, input, progress, signal) => {
      const before = ch.stats.bytesSent + ch.stats.bytesReceived;
      const res = await inner.personalize(ch, input, progress, signal);
      last = ch.stats.bytesSent + ch.stats.bytesReceived - before;
      return res;
    },
  };
  return { profile, wire: () => last };
}

export async function run(): Promise<BenchRow[]> {
  const csca = await createCsca();
  const ds: TestDs = await issueDs(csca);
  const out: BenchRow[] = [
    { name: 'load average (1 min) at start', value: loadavg()[0]!, unit: '', note: 'shared 2-core machine' },
  ];

  const counted = counting();
  const emu = createEncoder({ driver: 'emulator', exchangeTimeoutMs: 3000, profile: counted.profile });
  await emu.start();
  const emuRuns: CardRun[] = [];
  for (let i = 0; i < 5; i++) {
    emuRuns.push(await oneCard(emu, emu, chipInput(ds, { jobId: `bench-${i}` }), csca.der, counted.wire));
    (emu as unknown as { control: { insertCard(): void } }).control.insertCard();
  }
  out.push(...rows('emulator', emuRuns, 'in-process ISO 7816-4 card, LDS1 as a DF, no BAC'));

  const missing = missingComponents(['pcscd', 'vicc']);
  if (missing.length > 0) {
    out.push({ name: 'jmrtd: skipped', value: NaN, unit: '', note: `${missing.join(', ')} missing` });
    return out;
  }
  const loaded = loadPcsclite();
  if (!loaded.ok) throw new Error(loaded.reason);
  let stack: PcscStack | undefined;
  const encoders: CardEncoder[] = [];
  try {
    stack = await startPcscStack({ card: 'jmrtd', lockWaitMs: 600_000 });
    const { profile, wire } = counting();
    const input = (i: number): ChipPersonalization => chipInput(ds, { jobId: `bench-jmrtd-${i}` });
    const mrz = Buffer.from(input(0).dg1).toString('latin1');
    const pcsc = (p: IcaoLds1Profile): CardEncoder => {
      const e = createEncoder({ driver: 'pcsc', exchangeTimeoutMs: 5000, pcsc: loaded.factory, profile: p });
      encoders.push(e);
      return e;
    };
    const writer = pcsc(profile);
    const reader = pcsc(createIcaoLds1Profile({ mrz }));
    for (const e of encoders) await e.start();
    const runs: CardRun[] = [];
    for (let i = 0; i < 2; i++) {
      if (i > 0) {
        await stack.killCard();
        await stack.insertCard();
      }
      await writer.waitForCard(15_000);
      await reader.waitForCard(15_000);
      runs.push(await oneCard(writer, reader, input(i), csca.der, wire));
    }
    out.push(...rows('jmrtd', runs, 'pcscd + vpcd + virtual JMRTD applet, BAC + secure messaging read-back'));
  } finally {
    for (const e of encoders) await e.stop();
    await stack?.stop();
  }
  return out;
}
