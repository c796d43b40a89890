import type { ProtectionDetails } from '../protection/protection-details.js';
import type { StationCounters } from '../core/events.js';
import type { PersonRecord } from '../document/person.js';
import type { CardArtefacts } from './card-artefacts.js';
import type { CreateJobInput } from './intake.js';
import type { JobRecord } from './job.js';
import type { JobStatus } from './job-status.js';
import type { LockSource } from './ledger.js';
import type { LineHistoryEntry, LineStage, LineView } from './line-types.js';
import type { NumberBlockInput, NumberBlockState } from './numbers.js';
import type { JobActions } from './state-machine.js';
import type { StockView } from './stock-book.js';
import type { Reconciliation } from './stock.js';

/** Where a job's card is, as the desk shows it ("line 2 encoding", "done: collect it from Line 2"). */
export interface JobWhere {
  stage: LineStage | JobStatus;
  line: string | null;
  lineName: string | null;
  printer: string | null;
}

export interface JobView extends JobRecord {
  person?: PersonRecord;
  /** What a person may do with the job now (derived from the state machine). */
  actions: JobActions;
  /** Where the card is now, for the desk: queued, on a line and at which step, or done (collect it there). */
  where: JobWhere;
}

export interface IssuanceService {
  create(input: CreateJobInput, actor: string): Promise<JobRecord>;
  get(id: string, opts?: { withPerson?: boolean }): Promise<JobView>;
  list(q: {
    date?: string;
    status?: JobStatus;
    /** Only this operator's jobs ("my jobs"), or this desk's. */
    operator?: string;
    desk?: string;
    page?: number;
    pageSize?: number;
    withPerson?: boolean;
  }): Promise<{ items: JobView[]; total: number; page: number; pageSize: number }>;
  cancel(id: string, actor: string): Promise<JobRecord>;
  void(id: string, reason: string, actor: string): Promise<JobRecord>;
  /** After a person fixed the printer (needs-operator), or to retry a retryable failure. */
  resume(id: string, actor: string): Promise<JobRecord>;
  lock(by: LockSource, reason: string, actor?: string): Promise<void>;
  unlock(by: LockSource, actor?: string): Promise<void>;
  station(): {
    locked: boolean;
    lockReason: string | null;
    numbersRemaining: number;
    counters: StationCounters;
  };
  assignNumberBlock(block: NumberBlockInput, actor?: string): Promise<{ added: boolean; remaining: number }>;
  numberBlocks(): NumberBlockState[];
  counters(): StationCounters;
  stock(): StockView;
  loadStock(count: number, actor: string, line?: string): Promise<StockView>;
  reconciliation(date: string): Promise<Reconciliation>;
  /**
   * Whether maintenance that moves cards must wait: a job is queued or worked (on that line: it
   * works a job, or it is in service and a queued job could go to it).
   */
  busy(line?: string): boolean;
  /** Refuses (STOCK_EMPTY) a maintenance card when the (line's) books hold no blank. */
  assertBlank(line?: string): void;
  /** Books the blank a technician's test card took (counted apart from issued cards). */
  recordTestCard(actor: string, line?: string): Promise<void>;
  /** The print lines: state, current job, stock, ribbon, throughput. */
  lines(): LineView[];
  line(id: string): LineView;
  /** A technician takes a line out of service (its current job finishes) or puts it back. */
  setLineService(id: string, inService: boolean, actor: string, reason?: string): Promise<LineView>;
  /** Brings a line back after its fault was fixed (the printer re-checks, a stuck card goes out). */
  resumeLine(id: string, actor: string): Promise<LineView>;
  /** What the scheduler did, in order (which line took which job, when lines idled and why). */
  lineHistory(): LineHistoryEntry[];
  /** Resolves jobs a crash left inside the devices, then starts working the queue. */
  recover(): Promise<{ resolved: string[] }>;
  purgeExpired(): Promise<number>;
  /** The hand-off's view of a job: its record with the person and photo (null once purged). */
  handoffView(id: string): Promise<{
    job: JobRecord;
    person: PersonRecord | null;
    photoJpeg: Buffer | null;
    /** The vulnerability details the operator recorded (issue 20), or null. */
    protection?: ProtectionDetails | null;
    /** The card's seal, MRZ and EF.SOD as stored when it was encoded, or null. */
    artefacts?: CardArtefacts | null;
  }>;
  /** Removes one finished job's personal data now (after HQ acknowledged its records); false if none. */
  purgePersonalData(id: string): Promise<boolean>;
  rotateDataKey(newKey?: Buffer): Promise<{ keyId: string; resealed: number }>;
  /** Every job ever created (accounting checks, tests): walks every day. */
  allJobs(): Promise<JobRecord[]>;
  /** Resolves when no job is being worked and none can be picked up. */
  idle(): Promise<void>;
  close(): Promise<void>;
}
