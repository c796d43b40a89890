import { Value } from 'typebox/value';
import type { Static } from 'typebox';
import { IssuanceSection } from '../../gateway/config/sections/issuance.js';
import { EventBus } from '../../gateway/core/events.js';
import { openAuditLog, type AuditLog } from '../../gateway/audit/audit-log.js';
import { createIssuanceService, type IssuanceService } from '../../gateway/issuance/service.js';
import type { Clock } from '../../gateway/core/clock.js';
import { FakeEncoder, FakePrinter, fakeProduceCard, fakeSigner, silentLogger } from './fakes.js';
import type { PersonRecord } from '../../gateway/document/person.js';
import type { JobRecord } from '../../gateway/issuance/job.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import type { CardEncoder, ChipSigner } from '../../drivers/encoder/interface.js';
import type { ProduceCard } from '../../gateway/issuance/deps.js';

export const tempDir = (): string => makeTempDir('cardgate-issuance-');

export const person = (over: Partial<PersonRecord> = {}): PersonRecord => ({
  surname: 'Zzyzxova',
  givenNames: 'Quintessa Marigold',
  sex: 'F',
  dateOfBirth: '1987-03-14',
  nationality: 'SYR',
  personalCode: '2870314123456',
  placeOfResidence: 'Centrul Regional Timisoara',
  ...over,
});

export interface Rig {
  dataDir: string;
  bus: EventBus;
  printer: FakePrinter;
  encoder: FakeEncoder;
  audit: AuditLog;
  service: IssuanceService;
  clock: Clock & { set(ms: number): void };
  close(): Promise<void>;
}

export async function makeRig(
  opts: {
    dataDir?: string;
    issuance?: Record<string, unknown>;
    printer?: FakePrinter;
    recover?: boolean;
    /** Retention's hold (the hand-off keeps unacknowledged personal data). */
    personalDataHold?: (job: JobRecord) => boolean;
    /**
     * A real chip path instead of the fakes: this encoder (e.g. the emulator with the ICAO LDS1
     * profile), renderer and document signer. `encoder` on the rig is then the unused fake.
     */
    chip?: { encoder: CardEncoder; produceCard: ProduceCard; signer: ChipSigner };
  } = {},
): Promise<Rig> {
  const dataDir = opts.dataDir ?? tempDir();
  let now = Date.parse('2026-11-28T10:00:00Z');
  const clock = { now: () => now, set: (ms: number) => (now = ms) };
  const bus = new EventBus();
  const printer = opts.printer ?? new FakePrinter();
  const encoder = new FakeEncoder(printer);
  const audit = await openAuditLog(dataDir, { clock });
  const issuance = Value.Default(IssuanceSection, structuredClone(opts.issuance ?? {})) as Static<
    typeof IssuanceSection
  >;
  const service = await createIssuanceService({
    config: { issuance },
    dataDir,
    bus,
    clock,
    printer,
    encoder: opts.chip?.encoder ?? encoder,
    produceCard: opts.chip?.produceCard ?? fakeProduceCard,
    signer: opts.chip?.signer ?? fakeSigner,
    audit,
    logger: silentLogger(),
    options: { cardWaitMs: 100, retentionIntervalMs: 0, env: {} },
    ...(opts.personalDataHold ? { personalDataHold: opts.personalDataHold } : {}),
  });
  if (opts.recover !== false) await service.recover();
  return {
    dataDir,
    bus,
    printer,
    encoder,
    audit,
    service,
    clock,
    close: async () => {
      await service.close();
      await audit.close();
    },
  };
}
