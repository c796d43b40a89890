import type { AuditSink } from '../core/audit-sink.js';
import type { StationParts } from './parts.js';

/** The station's audit trail is the hash-chained log; the station opens it before any component. */
export function auditFactory(parts: StationParts) {
  return async ({ dataDir }: { dataDir: string }): Promise<AuditSink> => {
    const { openAuditLog } = await import('../audit/audit-log.js');
    parts.audit = await openAuditLog(dataDir);
    return parts.audit;
  };
}
