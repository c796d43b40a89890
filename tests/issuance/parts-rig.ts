import { join } from 'node:path';
import pino from 'pino';
import { EventBus } from '../../gateway/core/events.js';
import { loadKeyring } from '../../gateway/crypto/keyring.js';
import { PersonalStore } from '../../gateway/crypto/personal-store.js';
import { JobBook } from '../../gateway/issuance/jobs.js';
import type { JobRecord } from '../../gateway/issuance/job.js';
import type { AuditEntryInput } from '../../gateway/core/audit-sink.js';
import { issuanceAudit } from '../../gateway/issuance/audit-trail.js';
import { tempDir } from './service-helpers.js';

/** A job book, a sealed personal store and a recording audit sink: the parts' shared ground. */
export async function partsRig(startMs = Date.parse('2026-11-28T10:00:00Z')) {
  const dataDir = tempDir();
  let now = startMs;
  const clock = { now: () => now, set: (ms: number) => (now = ms) };
  const bus = new EventBus();
  const logger = pino({ level: 'silent' });
  const book = await JobBook.open({ dataDir, bus, clock, logger });
  const personal = new PersonalStore(join(dataDir, 'personal'), await loadKeyring({ dataDir, env: {} }));
  const entries: AuditEntryInput[] = [];
  const audit = issuanceAudit({ append: async (e) => void entries.push(e) });
  return { dataDir, clock, bus, logger, book, personal, entries, audit };
}

export function queuedJob(id: string, over: Partial<JobRecord> = {}): JobRecord {
  const at = '2026-11-28T10:00:00.000Z';
  return {
    id,
    kind: 'new',
    status: 'queued',
    createdAt: at,
    updatedAt: at,
    queueSeq: 1,
    operator: 'op',
    previousJobId: null,
    documentNumber: null,
    dateOfIssue: null,
    dateOfExpiry: null,
    attempts: 0,
    runAttempts: 0,
    card: null,
    blank: 'none',
    error: null,
    numberFate: null,
    voidReason: null,
    replacedBy: null,
    personalData: true,
    purgedAt: null,
    history: [{ status: 'queued', at }],
    ...over,
  };
}
