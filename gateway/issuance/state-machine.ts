import { CardgateError } from '../core/errors.js';
import { JOB_STATUSES, type JobStatus } from './job-status.js';

/**
 * The life of an issuance job, as an explicit table: a status changes only along an edge listed
 * here, checked in one place (`assertTransition`) by every writer.
 */
export { JOB_STATUSES, type JobStatus };

export const TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  draft: ['queued', 'cancelled'],
  queued: ['encoding', 'cancelled', 'failed'],
  // encoding → encoding is the next blank after a spoiled one (attempt + 1).
  encoding: ['encoding', 'printing', 'failed', 'needs-operator'],
  // printing → encoding: a print fault spoiled the card, the next blank is tried.
  printing: ['done', 'encoding', 'failed', 'needs-operator'],
  // The operator fixed the printer (resume → queued) or gives the job up.
  'needs-operator': ['queued', 'cancelled', 'failed'],
  done: ['voided'],
  // A retryable failure may be queued again by the operator.
  failed: ['queued'],
  cancelled: [],
  voided: [],
};

/** No further work will happen without a person: the job rests here. */
export const RESTING: ReadonlySet<JobStatus> = new Set<JobStatus>([
  'done',
  'failed',
  'cancelled',
  'voided',
  'needs-operator',
]);
/** The card (if any) is final: personal data may be purged after the retention period. */
export const TERMINAL: ReadonlySet<JobStatus> = new Set<JobStatus>(['done', 'failed', 'cancelled', 'voided']);
/** A device was working on the job: after a crash it must be resolved by asking the devices. */
export const IN_DEVICE: ReadonlySet<JobStatus> = new Set<JobStatus>(['encoding', 'printing']);

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: JobStatus, to: JobStatus): void {
  if (!canTransition(from, to)) {
    throw new CardgateError('JOB_BAD_TRANSITION', `a ${from} job cannot become ${to}`, {
      status: 409,
      details: { from, to },
    });
  }
}

/** What a person may do with a job now; the pages offer only these. */
export interface JobActions {
  resume: boolean;
  cancel: boolean;
  reissue: boolean;
  void: boolean;
}

/**
 * Derived from the table: resume needs an edge back to the queue from a resting status (a failure
 * only when it is retryable), cancel an edge to cancelled, void an edge to voided; a card can be
 * re-issued once it was issued (done) or declared invalid (voided) without a replacement yet.
 */
export function allowedActions(j: {
  status: JobStatus;
  error?: { retryable: boolean } | null;
  replacedBy?: string | null;
}): JobActions {
  const resting = RESTING.has(j.status);
  return {
    resume:
      resting && canTransition(j.status, 'queued') && (j.status !== 'failed' || j.error?.retryable === true),
    cancel: canTransition(j.status, 'cancelled'),
    reissue: (j.status === 'done' || j.status === 'voided') && !j.replacedBy,
    void: canTransition(j.status, 'voided'),
  };
}
