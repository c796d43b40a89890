export { createIssuanceService } from './service.js';
export type { IssuanceService, CreateJobInput, JobView, StockView, LockSource } from './service.js';
export type { IssuanceDeps, ProduceCard, ProducedCard } from './deps.js';
export type { JobRecord, JobKind, JobError, JobCard } from './job.js';
export { TRANSITIONS, allowedActions, type JobActions } from './state-machine.js';
export { JOB_STATUSES, JobStatusSchema, type JobStatus } from './job-status.js';
export type { NumberBlockInput } from './numbers.js';
