/**
 * One life of the station for the chaos test: the issuance service against the real printer
 * emulator (TCP) and the encoder emulator, with an "operator" that keeps creating jobs until the
 * target count exists and resumes jobs that wait for a person. The test SIGKILLs this process at
 * random moments and starts it again on the same data directory.
 *
 * argv: dataDir printerUrl target
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { Value } from 'typebox/value';
import type { Static } from 'typebox';
import { createPrinter } from '../../drivers/printer/factory.js';
import { EmulatorEncoder } from '../../drivers/encoder/emulator/emulator-encoder.js';
import { VirtualCard } from '../../drivers/encoder/emulator/virtual-card.js';
import { IssuanceSection } from '../../gateway/config/sections/issuance.js';
import { EventBus } from '../../gateway/core/events.js';
import { systemClock } from '../../gateway/core/clock.js';
import { openAuditLog } from '../../gateway/audit/audit-log.js';
import { createIssuanceService } from '../../gateway/issuance/service.js';
import { chaosProduceCard } from './chaos-card.js';
import { createPrivateKey, sign } from 'node:crypto';
import type { ChipSigner } from '../../drivers/encoder/interface.js';

const [dataDir, printerUrl, targetArg] = process.argv.slice(2);
const target = Number(targetArg);
const say = (line: string): void => void process.stdout.write(line + '\n');

const logger = pino({ level: process.env.CHAOS_LOG ?? 'silent' }, pino.destination(2));
/** One printer + encoder per URL (comma-separated): several URLs make several print lines. */
function line(url: string, n: number) {
  const printer = createPrinter(url, {
    id: n === 1 ? 'printer-1' : `line-${n}-printer`,
    commandTimeoutMs: 5000,
    pollIntervalMs: 60_000,
    ...(process.env.CHAOS_RIBBON ? { ribbon: process.env.CHAOS_RIBBON } : {}),
  });
  const encoder = new EmulatorEncoder({
    id: n === 1 ? 'encoder-1' : `line-${n}-encoder`,
    exchangeTimeoutMs: 2000,
    cardPresent: false,
  });
  // The physical link between the two emulators: a blank fed to the contact station is the card in the reader.
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
  return { id: `line-${n}`, name: `Line ${n}`, printer, encoder };
}
const lines = printerUrl!.split(',').map((u, i) => line(u, i + 1));
const { printer, encoder } = lines[0]!;
const timing: Record<string, number> = {};
if (process.env.CHAOS_TIMING) {
  for (const [obj, names] of [
    [printer, ['moveToContactStation', 'print', 'status']],
    [encoder, ['waitForCard', 'personalize']],
  ] as const) {
    for (const n of names) {
      const o = obj as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      const f = o[n]!.bind(obj);
      o[n] = async (...a: unknown[]) => {
        const t = performance.now();
        try {
          return await f(...a);
        } finally {
          timing[n] = (timing[n] ?? 0) + performance.now() - t;
        }
      };
    }
  }
}
for (const l of lines) {
  await l.printer.connect();
  await l.encoder.start();
}

/** The test's signer (key + certificate made once) keeps restarts fast; otherwise an ephemeral one. */
async function chipSigner(): Promise<ChipSigner> {
  const file = process.env.CHAOS_SIGNER;
  if (!file) return (await import('../../drivers/encoder/ephemeral-signer.js')).createEphemeralChipSigner();
  const { key, cert } = JSON.parse(readFileSync(file, 'utf8')) as { key: string; cert: string };
  const privateKey = createPrivateKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'pkcs8' });
  return {
    certificateDer: new Uint8Array(Buffer.from(cert, 'base64')),
    sign: async (data) =>
      new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
  };
}

const audit = await openAuditLog(dataDir!);
const bus = new EventBus();
const issuance = Value.Default(IssuanceSection, {
  maxCardAttempts: 3,
  numberBlocks: [{ prefix: 'CH', first: 1, last: 100000, width: 7 }],
}) as Static<typeof IssuanceSection>;
const service = await createIssuanceService({
  config: { issuance },
  dataDir: dataDir!,
  bus,
  clock: systemClock,
  ...(lines.length > 1 ? { lines } : { printer, encoder }),
  produceCard: chaosProduceCard,
  signer: await chipSigner(),
  audit,
  logger,
  options: { cardWaitMs: 2000, retentionIntervalMs: 0, checkpointEvery: 16, env: {} },
});
// The operator acts again as soon as a job finishes, instead of waiting for the whole queue.
let wake: (() => void) | null = null;
bus.on('issuance:job', (e) => {
  if (e.status !== 'queued' && e.status !== 'encoding' && e.status !== 'printing') wake?.();
});
const nextJobEvent = (): Promise<void> =>
  new Promise<void>((resolve) => {
    wake = resolve;
    void service.idle().then(resolve);
  });
const { resolved } = await service.recover();
for (const l of lines)
  if ((service.stock().lines?.[l.id]?.loaded ?? 0) === 0)
    await service.loadStock(5000, 'technician', lines.length > 1 ? l.id : undefined);
say(`ready resolved=${resolved.length}`);

const photo = readFileSync(join(import.meta.dirname, '../fixtures/face.jpg'));
let created = (await service.allJobs()).length;
for (;;) {
  const jobs = await service.allJobs();
  for (const j of jobs) {
    if (j.status !== 'needs-operator') continue;
    // While the printer still reports the cause, resume is refused (409) and nothing moves.
    await service.resume(j.id, 'operator').catch((e: unknown) => {
      if ((e as { code?: string }).code !== 'PRINTER_NOT_READY') throw e;
    });
  }
  // A line stopped by a fault is brought back once its printer can take a card again.
  if (lines.length > 1) {
    for (const l of service.lines())
      if (l.state === 'fault') await service.resumeLine(l.id, 'technician').catch(() => undefined);
  }
  const queued = jobs.filter((j) => j.status === 'queued').length;
  if (created < target && queued < 3) {
    await service.create(
      {
        kind: 'new',
        person: {
          surname: `Chaosname${created}`,
          givenNames: 'Lumina',
          sex: 'F',
          dateOfBirth: '1979-02-17',
          nationality: 'AFG',
          personalCode: '2790217000001',
          placeOfResidence: 'Centrul Chaosville',
        },
        photoJpeg: photo,
      },
      'operator',
    );
    created++;
    say(`created ${created}`);
    continue;
  }
  if (queued >= 3 || created >= target) await nextJobEvent();
  const after = await service.allJobs();
  if (created >= target && after.every((j) => j.status !== 'queued' && j.status !== 'needs-operator')) break;
}
await service.close();
await audit.close();
for (const l of lines) {
  await l.printer.close();
  await l.encoder.stop();
}
say(`chaos-done ${JSON.stringify(timing)}`);
