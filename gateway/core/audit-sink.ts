/**
 * What any part of the gateway needs to record an action in the audit trail. The hash-chained
 * implementation lives in gateway/audit; parts that only append depend on this shape.
 * Personal data never goes into an entry: name a job by its id.
 */
export interface AuditEntryInput {
  actor: string; // user name, 'system', or 'datacenter'
  action: string; // e.g. 'session.login', 'issuance.create', 'stock.load', 'printer.raw'
  target?: string; // job id, user name, device id
  outcome?: 'ok' | 'denied' | 'failed';
  details?: Record<string, string | number | boolean | null>;
}

export interface AuditSink {
  append(entry: AuditEntryInput): Promise<void>;
}
