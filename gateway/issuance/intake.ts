import { randomBytes } from 'node:crypto';
import { Value } from 'typebox/value';
import { CardgateError } from '../core/errors.js';
import { PersonRecord } from '../document/person.js';
import { FieldsInvalidError } from '../document/checks/index.js';
import {
  isEmptyProtection,
  protectionProblems,
  type ProtectionDetails,
} from '../protection/protection-details.js';
import type { PersonalStore } from '../crypto/personal-store.js';
import type { IssuanceAudit } from './audit-trail.js';
import type { JobKind, JobRecord } from './job.js';
import type { JobBook } from './jobs.js';
import { isLocked, isoDay } from './ledger.js';
import type { Retention } from './retention.js';
import { allowedActions } from './state-machine.js';
import { keysLockError } from '../keys/issuing-lock.js';

export interface CreateJobInput {
  kind: JobKind;
  previousJobId?: string | null | undefined;
  person: PersonRecord;
  photoJpeg: Uint8Array;
  /** Only this print line may make the card (a technician's test card on one printer). */
  line?: string | null | undefined;
  /** The card stock the card needs: only lines holding this type take it. */
  cardType?: string | null | undefined;
  /** The desk (browser) that registered the person: its "my jobs". */
  desk?: string | null | undefined;
  /** Optional vulnerability details (issue 20): sealed apart, never printed, handed to HQ only. */
  protection?: ProtectionDetails | undefined;
}

/**
 * A check another area injects in front of the queue (issue 18: the applicant's confirmation).
 * `check` runs after the request's own checks and before anything is written; it throws a
 * CardgateError to refuse. `admitted` hears of the job once it is committed.
 */
export interface IntakeGate {
  check(input: CreateJobInput, actor: string): void | Promise<void>;
  admitted?(job: JobRecord, input: CreateJobInput, actor: string): void;
}

const jpegOk = (b: Uint8Array): boolean => b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/**
 * A new job: refused while the station is locked or the request cannot become a card; otherwise
 * the sealed personal data is written first and the job that names it committed after.
 */
export function createIntake(d: {
  book: JobBook;
  personal: PersonalStore;
  retention: Retention;
  audit: IssuanceAudit;
  now: () => number;
  gate?: IntakeGate | undefined;
  /** The print lines a job may be pinned to. */
  lineIds?: readonly string[];
}) {
  const { book, personal } = d;

  function refuseWhileLocked(): void {
    const s = book.state;
    // The key store's lock answers with its own code: the operator reads "signing token unavailable".
    if (s.locks.keys) throw keysLockError(s.locks.keys);
    if (isLocked(s))
      throw new CardgateError('STATION_LOCKED', `issuing is locked: ${Object.values(s.locks).join('; ')}`, {
        status: 409,
      });
  }

  async function checkPrevious(kind: JobKind, previousJobId: string | null): Promise<void> {
    if (kind === 'reissue' && !previousJobId) {
      throw new CardgateError('PREVIOUS_JOB_REQUIRED', 'a re-issue names the job of the card it replaces', {
        status: 400,
      });
    }
    if (!previousJobId) return;
    const prev = await book.load(previousJobId).catch(() => {
      throw new CardgateError('PREVIOUS_JOB_NOT_FOUND', `no job ${previousJobId}`, { status: 400 });
    });
    if (kind === 'reissue' && !allowedActions(prev).reissue) {
      throw new CardgateError('PREVIOUS_JOB_NOT_DONE', 'only an issued or voided card can be replaced', {
        status: 409,
      });
    }
  }

  async function create(input: CreateJobInput, actor: string): Promise<JobRecord> {
    refuseWhileLocked();
    if (!Value.Check(PersonRecord, input.person)) {
      const first = [...Value.Errors(PersonRecord, input.person)][0];
      throw new CardgateError(
        'PERSON_INVALID',
        `person record: ${first ? `${first.instancePath} ${first.message}` : 'invalid'}`,
        { status: 400 },
      );
    }
    if (input.person.documentNumber) {
      throw new CardgateError(
        'DOCUMENT_NUMBER_FROM_STATION',
        'document numbers come from the station’s leased blocks',
        { status: 400 },
      );
    }
    const protection = input.protection && !isEmptyProtection(input.protection) ? input.protection : null;
    const inconsistent = protection ? protectionProblems(protection) : [];
    if (inconsistent.length) throw new FieldsInvalidError(inconsistent);
    if (!jpegOk(input.photoJpeg))
      throw new CardgateError('PHOTO_INVALID', 'the photo must be a JPEG', { status: 400 });
    const previousJobId = input.previousJobId ?? null;
    await checkPrevious(input.kind, previousJobId);
    if (input.line && d.lineIds && !d.lineIds.includes(input.line))
      throw new CardgateError('LINE_NOT_FOUND', `no print line ${input.line}`, { status: 400 });
    // A request the books cannot serve is refused before it holds a place in the queue.
    if (book.state.stock.inFeeder < 1)
      throw new CardgateError(
        'STOCK_EMPTY',
        'No blank cards are recorded in the feeder. Record the blanks you loaded (technician: card stock, load).',
        { status: 409 },
      );

    await d.gate?.check(input, actor);

    const now = d.now();
    const id = `${isoDay(now).replaceAll('-', '')}-${randomBytes(5).toString('hex')}`;
    // Sealed personal data first: the job that names it is committed only once it is on disk.
    d.retention.creating.add(id);
    const at = new Date(now).toISOString();
    const job = await (async () => {
      await personal.putJson(id, input.person);
      await personal.put(id, 'photo', input.photoJpeg);
      if (protection) await personal.put(id, 'protection', Buffer.from(JSON.stringify(protection), 'utf8'));
      return book.exclusive(async () => {
        const s = book.state;
        const j: JobRecord = {
          id,
          kind: input.kind,
          status: 'queued',
          createdAt: at,
          updatedAt: at,
          queueSeq: s.nextQueueSeq,
          operator: actor,
          previousJobId,
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
          line: null,
          pinnedLine: input.line ?? null,
          cardType: input.cardType ?? null,
          desk: input.desk ?? null,
          history: [
            { status: 'draft', at },
            { status: 'queued', at },
          ],
        };
        await book.commit([j], { ...s, nextQueueSeq: s.nextQueueSeq + 1 });
        return j;
      });
    })().finally(() => d.retention.creating.delete(id));
    await d.audit.created(actor, id, input.kind);
    d.gate?.admitted?.(job, input, actor);
    return job;
  }

  return { create };
}
