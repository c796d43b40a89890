export * from './record.js';
export * from './enrolment.js';
export * from './ingest.js';
