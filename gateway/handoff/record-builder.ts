import type { ProtectionDetails } from '../protection/protection-details.js';
import { composeTd1 } from '../document/mrz/index.js';
import { PERSON_KEYS, type PersonRecord } from '../document/person.js';
import type { JobRecord } from '../issuance/job.js';
import type { CardArtefacts } from './card-artefacts.js';
import { RECORD_VERSION, recordIdOf, type FinalState, type IssuanceRecord } from './contract/record.js';

/**
 * The final state a job's status means for HQ, or null when there is nothing to hand off: a
 * done job issued a card, a voided one cancelled it, a failed or cancelled job that had taken a
 * document number spoiled that number.
 */
export function finalStateOf(job: Pick<JobRecord, 'status' | 'documentNumber'>): FinalState | null {
  if (job.status === 'done') return 'issued';
  if (job.status === 'voided') return 'voided';
  if ((job.status === 'failed' || job.status === 'cancelled') && job.documentNumber) return 'spoiled';
  return null;
}

export interface RecordContext {
  siteId: string;
  stationId: string;
  training: boolean;
  issuingState: string;
  documentCode: string;
  devices: { printerSerial: string | null; encoderSerial: string | null };
  cardStockSerial: string | null;
  auditHead: string;
  previousNumber: string | null;
  now: Date;
}

/** The person block as printed: the person fields only (document fields live in `document`). */
function printedPerson(p: PersonRecord): NonNullable<IssuanceRecord['person']> {
  const out: Record<string, unknown> = {};
  for (const k of PERSON_KEYS) if (p[k] !== undefined) out[k] = p[k];
  return out as NonNullable<IssuanceRecord['person']>;
}

const b64 = (b: Uint8Array | null | undefined): string | null =>
  b ? Buffer.from(b).toString('base64') : null;

/** One job's issuance record for one final state (`null` when the job is not in one). */
export function buildRecord(
  job: JobRecord,
  person: PersonRecord | null,
  photoJpeg: Uint8Array | null,
  artefacts: CardArtefacts | undefined,
  c: RecordContext,
  /** Sealed vulnerability details: only with a card (never with a spoiled number). */
  protection: ProtectionDetails | null = null,
): IssuanceRecord | null {
  const state = finalStateOf(job);
  if (!state || !job.documentNumber) return null;
  const dates = {
    dateOfIssue: job.dateOfIssue ?? c.now.toISOString().slice(0, 10),
    dateOfExpiry: job.dateOfExpiry ?? '',
  };
  const withCard = state !== 'spoiled' && person !== null;
  let mrz = withCard ? (artefacts?.mrz ?? null) : null;
  if (withCard && !mrz && dates.dateOfExpiry) {
    mrz = composeTd1({
      ...person,
      documentCode: c.documentCode,
      issuingState: c.issuingState,
      documentNumber: job.documentNumber,
      dateOfExpiry: dates.dateOfExpiry,
    });
  }
  const last = job.history.at(-1)?.at ?? job.updatedAt;
  return {
    v: RECORD_VERSION,
    recordId: recordIdOf(c.stationId, job.id, state),
    finalState: state,
    jobKind: job.kind,
    jobId: job.id,
    siteId: c.siteId,
    stationId: c.stationId,
    training: c.training,
    document: {
      number: job.documentNumber,
      documentCode: c.documentCode,
      issuingState: c.issuingState,
      dateOfIssue: dates.dateOfIssue,
      dateOfExpiry: dates.dateOfExpiry || dates.dateOfIssue,
      previousNumber: c.previousNumber,
    },
    person: person ? printedPerson(person) : null,
    photoJpeg: withCard ? b64(photoJpeg) : null,
    mrz,
    seal: withCard ? b64(artefacts?.seal) : null,
    chipSecurityObject: withCard ? b64(artefacts?.chipSecurityObject) : null,
    cardStockSerial: c.cardStockSerial,
    spoiledBlanks: Math.max(0, job.attempts - (state === 'spoiled' ? 0 : 1)),
    operatorId: job.operator,
    devices: c.devices,
    voidReason: job.voidReason,
    timestamps: { createdAt: job.createdAt, finalAt: last, recordedAt: c.now.toISOString() },
    auditHead: c.auditHead,
    ...(withCard && protection ? { protection } : {}),
  };
}
