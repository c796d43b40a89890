import Type from 'typebox';

/**
 * The statuses of an issuance job, listed once. The API schema, the bus event, the state machine
 * and the pages take their type from here; the allowed transitions are in state-machine.ts.
 */
export const JOB_STATUSES = [
  'draft',
  'queued',
  'encoding',
  'printing',
  'done',
  'failed',
  'cancelled',
  'voided',
  'needs-operator',
] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

/** The same list as a schema (the API validates and documents statuses with it). */
export const JobStatusSchema = Type.Enum(JOB_STATUSES);
