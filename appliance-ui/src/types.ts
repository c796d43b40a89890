/** Shapes the pages read from the API (see the cross-team contract). Kept loose where areas differ. */
import type { PersonRecord } from '../../gateway/document/person.js';

export type { Role } from '../../gateway/api/access.js';
import type { Role } from '../../gateway/api/access.js';
export interface User {
  name: string;
  role: Role;
  mustChangePassword: boolean;
}

export type { JobKind, JobStatus } from '../../gateway/core/events.js';
import type { GatewayEvents } from '../../gateway/core/events.js';
import type { JobKind, JobStatus } from '../../gateway/core/events.js';

export interface Job {
  id: string;
  kind: JobKind;
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
  documentNumber: string | null;
  attempts: number;
  error: { code: string; message: string; needsOperator: boolean } | null;
  previousJobId: string | null;
  person?: PersonRecord;
  operator: string;
}

/** Bus payloads the station streams over SSE, and registry entries: the gateway's own types. */
export type JobEvent = GatewayEvents['issuance:job'];
export type ProgressEvent = GatewayEvents['issuance:progress'];
export type { DeviceState } from '../../gateway/core/registry.js';

export interface StationEvent {
  level: 'info' | 'warning' | 'fault';
  code: string;
  message: string;
  source: string;
  actor?: string;
}
