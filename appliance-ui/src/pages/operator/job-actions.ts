import type { JobStatus } from '../../types.js';

export type JobAction = 'resume' | 'cancel' | 'void' | 'reissue' | 'extend';

/** Statuses in which the station is still working on the card. */
export const RUNNING: ReadonlySet<JobStatus> = new Set(['draft', 'queued', 'encoding', 'printing']);
export const TERMINAL: ReadonlySet<JobStatus> = new Set(['done', 'failed', 'cancelled', 'voided']);

const BY_STATUS: Record<JobStatus, JobAction[]> = {
  draft: [],
  queued: [],
  encoding: [],
  printing: [],
  'needs-operator': ['resume', 'cancel'],
  done: ['void', 'reissue', 'extend'],
  voided: ['reissue'],
  failed: ['reissue'],
  cancelled: ['reissue'],
};

/**
 * What the operator may do with a job now. The job view's own `actions` list (the station's
 * word) wins; a view without it falls back to what its current status allows. Nothing is ever
 * derived from a box shown earlier: the screen follows the job.
 */
export function allowedActions(job: { status: JobStatus; actions?: readonly string[] }): Set<JobAction> {
  if (Array.isArray(job.actions)) return new Set(job.actions as JobAction[]);
  return new Set(BY_STATUS[job.status] ?? []);
}
