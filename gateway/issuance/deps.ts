import type { Logger } from 'pino';
import type { CardImage, CardPrinter } from '../../drivers/printer/interface.js';
import type { CardEncoder, ChipSigner } from '../../drivers/encoder/interface.js';
import type { Config } from '../config/schema.js';
import type { EventBus } from '../core/events.js';
import type { Clock } from '../core/clock.js';
import type { AuditSink } from '../core/audit-sink.js';
import type { PersonRecord } from '../document/person.js';
import type { IntakeGate } from './intake.js';
import type { LineDevices } from './line-types.js';
import type { KeyStore } from '../keys/key-store.js';
import type { JobRecord } from './job.js';

/** What the document renderer gives back for one card (the parts the workflow uses). */
export interface ProducedCard {
  image: CardImage;
  chip: { dg1: Uint8Array; dg2: Uint8Array; documentData: Uint8Array };
  mrz?: string[];
  /** The seal's bytes as printed (the hand-off record carries them). */
  seal?: Uint8Array;
}

export type ProduceCard<S extends ChipSigner = ChipSigner> = (
  input: { person: PersonRecord; photoJpeg: Uint8Array },
  opts: { signer: S },
) => Promise<ProducedCard> | ProducedCard;

export interface IssuanceDeps<S extends ChipSigner = ChipSigner> {
  config: Pick<Config, 'issuance'> & Partial<Pick<Config, 'security'>>;
  dataDir: string;
  bus: EventBus;
  clock: Clock;
  /** One printer and encoder make one line (`line-1`); give `lines` instead for several. */
  printer?: CardPrinter;
  encoder?: CardEncoder;
  /** The print lines, each a printer with its encoder and stock; one shared queue feeds them. */
  lines?: LineDevices[];
  produceCard: ProduceCard<S>;
  /** The document signer: signs the seal (through produceCard) and the chip's security object. */
  signer: S;
  audit: AuditSink;
  logger: Logger;
  /** The key store whose key wraps the data keys (default: the file store in `<dataDir>/keys`). */
  keyStore?: KeyStore;
  /** Injected check before a job is admitted (the applicant's confirmation); none by default. */
  intakeGate?: IntakeGate;
  /** Jobs whose personal data retention must keep (the hand-off to HQ not acknowledged yet). */
  personalDataHold?: (job: JobRecord) => boolean;
  /** Tuning, mostly for tests. */
  options?: {
    cardWaitMs?: number;
    checkpointEvery?: number;
    /** How often retention runs (ms); 0 turns the timer off. */
    retentionIntervalMs?: number;
    env?: NodeJS.ProcessEnv;
    /**
     * The printer is the emulator, started with this many blanks: at start the books record the
     * blanks they do not know of yet, so the recorded stock mirrors the emulated feeder. With
     * several lines, per line id.
     */
    emulatedFeeder?: number | Record<string, number>;
  };
}
