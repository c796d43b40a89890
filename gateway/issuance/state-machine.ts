import { CardgateError } from '../core/errors.js';
import type { JobStatus } from '../core/events.js';

/**
 * The life of an issuance job, as an explicit table: a status changes only along an edge listed
 * here, checked in one place (`assertTransition`) by every writer.
 */
export type { JobStatus };

export const JOB_STATUSES: readonly JobStatus[] = [
  'draft',
  'queued',
  'encoding',
  'printing',
  'done',
  'failed',
  'cancelled',
  'voided',
  'needs-operator',
];

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
export const RESTING: ReadonlySet<JobStatus> = new Set([
  'done',
  'failed',
  'cancelled',
  'voided',
  'needs-operator',
]);
/** The card (if any) is final: personal data may be purged after the retention period. */
export const TERMINAL: ReadonlySet<JobStatus> = new Set(['done', 'failed', 'cancelled', 'voided']);
/** A device was working on the job: after a crash it must be resolved by asking the devices. */
export const IN_DEVICE: ReadonlySet<JobStatus> = new Set(['encoding', 'printing']);

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
