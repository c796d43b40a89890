import type { Job, JobStatus } from '../../types.js';

export type JobAction = 'resume' | 'cancel' | 'void' | 'reissue' | 'extend';

/** Statuses in which the station is still working on the card. */
export const RUNNING: ReadonlySet<JobStatus> = new Set(['draft', 'queued', 'encoding', 'printing']);
export const TERMINAL: ReadonlySet<JobStatus> = new Set(['done', 'failed', 'cancelled', 'voided']);

/**
 * What the operator may do with a job now: the job view's own `actions` (the station's state
 * machine says so), and extending a card that was issued. Nothing comes from a box shown
 * earlier: the screen follows the job.
 */
export function allowedActions(job: Pick<Job, 'status' | 'actions'>): Set<JobAction> {
  const out = new Set<JobAction>();
  for (const a of ['resume', 'cancel', 'reissue', 'void'] as const) if (job.actions?.[a]) out.add(a);
  if (job.status === 'done') out.add('extend');
  return out;
}
