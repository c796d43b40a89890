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

export interface JobEvent {
  jobId: string;
  kind: JobKind;
  status: JobStatus;
  documentNumber: string | null;
  error: Job['error'];
}

export interface ProgressEvent {
  jobId: string;
  step: 'feeding' | 'encoding' | 'printing' | 'ejecting' | 'rejecting';
  detail: {
    side?: 'front' | 'back';
    panel?: string;
    file?: string;
    done: number;
    total: number;
    attempt?: number;
  };
}

export interface DeviceState {
  id: string;
  class: string;
  driver: string;
  transport: string;
  emulated: boolean;
  state: 'online' | 'degraded' | 'offline' | 'fault';
  lastErrorCode: string | null;
  lastErrorText: string | null;
  lastSeen: string | null;
  info: Record<string, unknown>;
}

export interface StationEvent {
  level: 'info' | 'warning' | 'fault';
  code: string;
  message: string;
  source: string;
  actor?: string;
}
