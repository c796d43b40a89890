import Type, { type Static } from 'typebox';
import { ApplicantCardView, ConfirmField } from './card-view.js';
import type { Desk } from './desks.js';
import type { Pairings } from './pairing.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Stage = Type.Union([
  Type.Literal('idle'),
  Type.Literal('photo'),
  Type.Literal('confirm'),
  Type.Literal('printing'),
  Type.Literal('done'),
  Type.Literal('failed'),
]);

const Answer = Type.Object({
  draftId: Type.String(),
  answer: Type.Union([Type.Literal('correct'), Type.Literal('wrong')]),
  field: Nullable(ConfirmField),
  at: Type.String(),
});

const JobFollow = Type.Object({
  id: Type.String(),
  status: Type.String(),
  dateOfExpiry: Type.String(),
  validityDays: Type.Integer(),
});

/** What the operator sees of the desk's applicant screen (no personal data beyond the draft id). */
export const DeskStatus = Type.Object({
  paired: Type.Boolean(),
  connected: Type.Boolean(),
  pendingCode: Nullable(Type.Object({ code: Type.String(), expiresAt: Type.String() })),
  stage: Stage,
  draftId: Nullable(Type.String()),
  answer: Nullable(Answer),
  override: Nullable(Type.Object({ draftId: Type.String(), at: Type.String() })),
  /** Issue would pass the gate now. */
  cleared: Type.Boolean(),
  jobId: Nullable(Type.String()),
});
export type DeskStatus = Static<typeof DeskStatus>;

/** What the paired screen may see: its own desk's stage, the draft to confirm, the job's end. */
export const ScreenState = Type.Object({
  stage: Stage,
  view: Nullable(ApplicantCardView),
  answer: Nullable(Answer),
  job: Nullable(
    Type.Object({ status: Type.String(), dateOfExpiry: Type.String(), validityDays: Type.Integer() }),
  ),
});
export type ScreenState = Static<typeof ScreenState>;
export { JobFollow };

export function deskStatus(d: Desk, pairings: Pairings): DeskStatus {
  const pending = pairings.pendingCode(d.desk);
  const draftId = d.draft?.view.draftId ?? null;
  const answer = d.answer && d.answer.draftId === draftId ? d.answer : null;
  const override = d.override && d.override.draftId === draftId ? d.override : null;
  return {
    paired: d.paired,
    connected: d.connected > 0,
    pendingCode: pending && { code: pending.code, expiresAt: new Date(pending.expiresAt).toISOString() },
    stage: d.stage,
    draftId,
    answer,
    override: override && { draftId: override.draftId, at: override.at },
    cleared: draftId !== null && (answer?.answer === 'correct' || override !== null),
    jobId: d.job?.id ?? null,
  };
}

export function screenState(d: Desk): ScreenState {
  const draftId = d.draft?.view.draftId ?? null;
  return {
    stage: d.stage,
    view: d.stage === 'confirm' ? (d.draft?.view ?? null) : null,
    answer: d.answer && d.answer.draftId === draftId ? d.answer : null,
    job: d.job && {
      status: d.job.status,
      dateOfExpiry: d.job.dateOfExpiry,
      validityDays: d.job.validityDays,
    },
  };
}
