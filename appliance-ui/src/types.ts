/** Shapes the pages read from the API (see the cross-team contract). Kept loose where areas differ. */

export type { Role } from '../../gateway/api/access.js';
import type { Role } from '../../gateway/api/access.js';
export interface User {
  name: string;
  role: Role;
  mustChangePassword: boolean;
}
import type { SessionProbe as SessionProbeSchema } from '../../gateway/api/routes/session.js';
export type SessionProbe = Static<typeof SessionProbeSchema>;

export type { JobKind, JobStatus } from '../../gateway/core/events.js';
import type { GatewayEvents } from '../../gateway/core/events.js';
import type { JobSchema } from '../../gateway/api/routes/issuances.js';
import type { Static } from 'typebox';

/**
 * A job as the API shows it (the route's schema): with what the operator may do now (`actions`)
 * and what became of its last card (`card`).
 */
export type Job = Omit<Static<typeof JobSchema>, 'error'> & {
  /** As the view and the job events carry it (events have no `retryable`). */
  error: { code: string; message: string; needsOperator: boolean; retryable?: boolean } | null;
};

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

/** List replies, typed from the very schemas the routes answer with (`{ items, … }` everywhere). */
import type { AuditPage as AuditPageSchema } from '../../gateway/api/routes/audit.js';
import type { CameraList as CameraListSchema } from '../../gateway/api/routes/cameras.js';
import type { DeviceList as DeviceListSchema } from '../../gateway/api/routes/devices.js';
import type { JobPage as JobPageSchema } from '../../gateway/api/routes/issuances.js';
import type { FaultList as FaultListSchema } from '../../gateway/api/routes/printer.js';
import type { UserList as UserListSchema } from '../../gateway/api/routes/users.js';
export type AuditPage = Static<typeof AuditPageSchema>;
export type AuditEntry = AuditPage['items'][number];
export type CameraList = Static<typeof CameraListSchema>;
export type DeviceList = Static<typeof DeviceListSchema>;
export type JobPage = Static<typeof JobPageSchema>;
export type JobListed = JobPage['items'][number];
export type FaultList = Static<typeof FaultListSchema>;
export type UserList = Static<typeof UserListSchema>;

/** Stock, reconciliation and station replies, typed from their route schemas. */
import type { StockSchema, ReconciliationSchema } from '../../gateway/api/routes/stock.js';
export type Stock = Static<typeof StockSchema>;
export type StockTotals = Omit<Stock, 'identityHolds'>;
export type Reconciliation = Static<typeof ReconciliationSchema>;
import type { StationSchema } from '../../gateway/api/routes/issuances.js';
export type Station = Static<typeof StationSchema>;
export type { StationCounters } from '../../gateway/core/events.js';
export type { BoardStatus } from '../../gateway/api/routes/board.js';
import type { LineSchema } from '../../gateway/lines/routes.js';
/** One print line as GET /lines shows it. */
export type Line = Static<typeof LineSchema>;
export type LineEvent = GatewayEvents['issuance:line'];
