import type { AuditSink } from '../core/audit-sink.js';
import type { LockSource } from './ledger.js';
import type { NumberBlockInput } from './numbers.js';

/**
 * Every audit entry the issuance workflow writes, in one place: the actions it records and what
 * each carries. Entries name jobs by id; personal data never goes into them.
 */
export function issuanceAudit(audit: AuditSink) {
  const system = 'system';
  return {
    created: (actor: string, jobId: string, kind: string) =>
      audit.append({ actor, action: 'issuance.create', target: jobId, outcome: 'ok', details: { kind } }),
    failed: (jobId: string, code: string) =>
      audit.append({
        actor: system,
        action: 'issuance.failed',
        target: jobId,
        outcome: 'failed',
        details: { code },
      }),
    needsOperator: (jobId: string, code: string) =>
      audit.append({
        actor: system,
        action: 'issuance.needs-operator',
        target: jobId,
        outcome: 'failed',
        details: { code },
      }),
    spoiled: (jobId: string | null, reason: string, actor = system) =>
      audit.append({
        actor,
        action: 'stock.spoiled',
        ...(jobId ? { target: jobId } : {}),
        details: { reason },
      }),
    done: (jobId: string) =>
      audit.append({ actor: system, action: 'issuance.done', target: jobId, outcome: 'ok' }),
    voided: (actor: string, jobId: string, details: { reason?: string; replacedBy?: string }) =>
      audit.append({
        actor,
        action: 'issuance.void',
        target: jobId,
        ...(actor === system ? {} : { outcome: 'ok' as const }),
        details: details.reason !== undefined ? { reason: details.reason.slice(0, 200) } : details,
      }),
    cancelled: (actor: string, jobId: string) =>
      audit.append({ actor, action: 'issuance.cancel', target: jobId, outcome: 'ok' }),
    resumed: (actor: string, jobId: string) =>
      audit.append({ actor, action: 'issuance.resume', target: jobId, outcome: 'ok' }),
    resumeRefused: (actor: string, jobId: string, code: string) =>
      audit.append({
        actor,
        action: 'issuance.resume',
        target: jobId,
        outcome: 'denied',
        details: { code },
      }),
    locked: (actor: string, by: LockSource, reason: string) =>
      audit.append({ actor, action: 'station.lock', outcome: 'ok', details: { by, reason } }),
    unlocked: (actor: string, by: LockSource) =>
      audit.append({ actor, action: 'station.unlock', outcome: 'ok', details: { by } }),
    numbersAssigned: (actor: string, block: NumberBlockInput, added: boolean) =>
      audit.append({
        actor,
        action: 'numbers.assign',
        outcome: 'ok',
        details: { prefix: block.prefix, first: block.first, last: block.last, added },
      }),
    stockLoaded: (actor: string, count: number, line?: string) =>
      audit.append({
        actor,
        action: 'stock.load',
        outcome: 'ok',
        details: { count, ...(line ? { line } : {}) },
      }),
    lineFault: (line: string, jobId: string | null, code: string) =>
      audit.append({
        actor: system,
        action: 'line.fault',
        ...(jobId ? { target: jobId } : {}),
        outcome: 'ok',
        details: { line, code },
      }),
    lineService: (actor: string, line: string, inService: boolean, reason: string | null) =>
      audit.append({
        actor,
        action: inService ? 'line.in-service' : 'line.out-of-service',
        outcome: 'ok',
        details: { line, ...(reason ? { reason } : {}) },
      }),
    purged: (jobs: number) =>
      audit.append({ actor: system, action: 'retention.purge', outcome: 'ok', details: { jobs } }),
    keyRotated: (keyId: string, resealed: number) =>
      audit.append({ actor: system, action: 'crypto.rotate', outcome: 'ok', details: { keyId, resealed } }),
  };
}

export type IssuanceAudit = ReturnType<typeof issuanceAudit>;
