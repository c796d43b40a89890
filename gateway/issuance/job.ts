import type { JobStatus } from './job-status.js';

export type { JobKind } from '../core/events.js';
import type { JobKind } from '../core/events.js';

export interface JobError {
  code: string;
  message: string;
  needsOperator: boolean;
  retryable: boolean;
}

/**
 * The stored job: ids, status, counts and document fields that are not personal. The person
 * record and photo live sealed beside it (PersonalStore) until retention removes them.
 */
export interface JobRecord {
  id: string;
  kind: JobKind;
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
  /** Order in the queue (creation order; a resumed job keeps its place). */
  queueSeq: number;
  operator: string;
  previousJobId: string | null;
  documentNumber: string | null;
  dateOfIssue: string | null;
  dateOfExpiry: string | null;
  /** Blanks taken for this job in all. */
  attempts: number;
  /** Blanks taken since the job last entered the queue (the budget of maxCardAttempts). */
  runAttempts?: number;
  /** What became of the last blank taken for this job: the operator's box follows it. */
  card?: JobCard | null;
  /** Where the current blank is, so a crash can be resolved: fed, under the encoder, printing. */
  blank: 'none' | 'feeding' | 'inside';
  error: JobError | null;
  /** What became of the document number: issued, spoiled (job failed/cancelled after allocation), voided. */
  numberFate: 'pending' | 'issued' | 'spoiled' | 'voided' | null;
  voidReason: string | null;
  replacedBy: string | null;
  personalData: boolean;
  purgedAt: string | null;
  /** The print line working the job now, or the one that made its card (absent before lines). */
  line?: string | null;
  /** Only this line may take the job (a technician's test card on one printer). */
  pinnedLine?: string | null;
  /** The card stock it needs: only lines loaded with this type take it (null: any line). */
  cardType?: string | null;
  /** The operator desk that registered the person (its "my jobs"). */
  desk?: string | null;
  history: Array<{ status: JobStatus; at: string; note?: string }>;
}

/**
 * Where the job's last blank is. `in-printer`: a fault holds it (it cannot be finished and is
 * rejected, counted spoiled, on resume or cancel); `reject-box`: rejected and counted spoiled;
 * `unverified`: it left the printer unseen after a stop (counted spoiled); `output-hopper`: issued.
 */
export interface JobCard {
  where: 'in-printer' | 'reject-box' | 'unverified' | 'output-hopper';
  spoiled: boolean;
  reason: string | null;
  attempt: number;
}

export const jobDate = (id: string): string => `${id.slice(0, 4)}-${id.slice(4, 6)}-${id.slice(6, 8)}`;
export const jobPartition = (id: string): string => `jobs/${jobDate(id)}`;
