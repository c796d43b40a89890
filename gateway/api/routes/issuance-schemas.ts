import Type, { type Static } from 'typebox';
import { ProtectionDetails } from '../../protection/protection-details.js';
import { PersonRecord } from '../../document/person.js';
import type { JobView } from '../../issuance/service.js';
import { JobStatusSchema } from '../../issuance/job-status.js';

/** The issuance API's wire shapes (one schema each, the types derived from them) and the job view. */
export const KindSchema = Type.Union([
  Type.Literal('new'),
  Type.Literal('reissue'),
  Type.Literal('extension'),
]);
export const JobId = Type.String({ pattern: '^[0-9]{8}-[0-9a-f]{10}$' });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

/** The job as the API shows it; `person` only for operators and admins. */
export const JobSchema = Type.Object({
  id: Type.String(),
  kind: KindSchema,
  status: JobStatusSchema,
  createdAt: Type.String(),
  updatedAt: Type.String(),
  documentNumber: Nullable(Type.String()),
  dateOfIssue: Nullable(Type.String()),
  dateOfExpiry: Nullable(Type.String()),
  attempts: Type.Integer(),
  /** What became of the last blank taken for this job (the operator's box follows it). */
  card: Nullable(
    Type.Object({
      where: Type.Union([
        Type.Literal('in-printer'),
        Type.Literal('reject-box'),
        Type.Literal('unverified'),
        Type.Literal('output-hopper'),
      ]),
      spoiled: Type.Boolean(),
      reason: Nullable(Type.String()),
      attempt: Type.Integer(),
    }),
  ),
  /** What a person may do with the job now, from the state machine: pages offer only these. */
  actions: Type.Object({
    resume: Type.Boolean(),
    cancel: Type.Boolean(),
    reissue: Type.Boolean(),
    void: Type.Boolean(),
  }),
  error: Nullable(
    Type.Object({
      code: Type.String(),
      message: Type.String(),
      needsOperator: Type.Boolean(),
      retryable: Type.Boolean(),
    }),
  ),
  previousJobId: Nullable(Type.String()),
  replacedBy: Nullable(Type.String()),
  numberFate: Nullable(Type.String()),
  voidReason: Nullable(Type.String()),
  personalData: Type.Boolean(),
  operator: Type.String(),
  /** The print line working the job, or the one that made its card. */
  line: Nullable(Type.String()),
  /** The desk that registered the person (its "my jobs"). */
  desk: Nullable(Type.String()),
  cardType: Nullable(Type.String()),
  /** Where the card is now: queued, on a line at a step, or done (collect it from that printer). */
  where: Type.Object({
    stage: Type.String(),
    line: Nullable(Type.String()),
    lineName: Nullable(Type.String()),
    printer: Nullable(Type.String()),
  }),
  person: Type.Optional(PersonRecord),
});

/** A page of jobs in the list envelope every list route uses. */
export const JobPage = Type.Object({
  items: Type.Array(JobSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const CreateBody = Type.Object(
  {
    kind: KindSchema,
    previousJobId: Type.Optional(Nullable(JobId)),
    person: PersonRecord,
    photo: Type.String({ minLength: 4, maxLength: 4_000_000, description: 'base64 JPEG' }),
    /** Only this print line may make the card (a technician's test card). */
    line: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,32}$' })),
    /** The card stock needed: only lines holding this type take the job. */
    cardType: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,32}$' })),
    /** The desk (browser) registering the person: its "my jobs". */
    desk: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' })),
    protection: Type.Optional(ProtectionDetails),
  },
  { additionalProperties: false },
);

export const StationSchema = Type.Object({
  locked: Type.Boolean(),
  lockReason: Nullable(Type.String()),
  numbersRemaining: Type.Integer(),
  counters: Type.Unknown(),
});

/** Personal fields stay out of technicians' answers (the job record itself holds none). */
export function present(job: JobView, withPerson: boolean): Static<typeof JobSchema> {
  const out: Static<typeof JobSchema> = {
    id: job.id,
    kind: job.kind,
    status: job.status,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    documentNumber: job.documentNumber,
    dateOfIssue: job.dateOfIssue,
    dateOfExpiry: job.dateOfExpiry,
    attempts: job.attempts,
    card: job.card ?? null,
    actions: job.actions,
    error: job.error,
    previousJobId: job.previousJobId,
    replacedBy: job.replacedBy,
    numberFate: job.numberFate,
    voidReason: job.voidReason,
    personalData: job.personalData,
    operator: job.operator,
    line: job.line ?? null,
    desk: job.desk ?? null,
    cardType: job.cardType ?? null,
    where: job.where,
  };
  if (withPerson && job.person) out.person = job.person;
  return out;
}
