export { createIssuanceService } from './service.js';
export type { IssuanceService, CreateJobInput, JobView, StockView, LockSource } from './service.js';
export type { IssuanceDeps, ProduceCard, ProducedCard } from './deps.js';
export type { JobRecord, JobKind, JobError } from './job.js';
export { TRANSITIONS, type JobStatus } from './state-machine.js';
export type { NumberBlockInput } from './numbers.js';
