import { CardgateError } from '../core/errors.js';
import type { IntakeGate } from '../issuance/intake.js';
import { confirmationDigest } from './card-view.js';
import type { Desks } from './desks.js';

export type ConfirmationMode = 'when-paired' | 'always' | 'off';

/**
 * The check issuance runs before a job is admitted: the desk's applicant confirmed exactly
 * these data (same person, same photo, by hash), or the operator recorded a verbal confirmation
 * with a reason for them. A desk without a paired screen passes in `when-paired` mode; a screen
 * that dropped mid-confirmation still counts as paired, so the card waits for a confirmation or
 * the audited override. A confirmation is spent by the job it admits.
 */
export function confirmationGate(
  desks: Desks,
  mode: () => ConfirmationMode,
  validityDays: () => number,
  /** The job's latest status already heard on the bus (a fast line may finish it before we hear of it). */
  statusOf: (jobId: string) => string | undefined = () => undefined,
): IntakeGate {
  return {
    check(input, actor) {
      const m = mode();
      if (m === 'off') return;
      const d = desks.peek(actor);
      if (m === 'when-paired' && !d?.paired) return;
      const digest = confirmationDigest(input.person, input.photoJpeg);
      const draft = d?.draft;
      const same = draft !== null && draft !== undefined && draft.digest === digest;
      const confirmed =
        same &&
        ((d?.answer?.draftId === draft.view.draftId && d.answer.answer === 'correct') ||
          d?.override?.draftId === draft.view.draftId);
      if (!confirmed) {
        throw new CardgateError(
          'APPLICANT_CONFIRMATION_REQUIRED',
          same
            ? 'the applicant has not confirmed these data'
            : 'the applicant has not seen these data (show them on the applicant screen first)',
          { status: 409 },
        );
      }
    },
    admitted(job, _input, actor) {
      if (!desks.peek(actor)?.draft) return;
      desks.update(actor, (d) => {
        const expiry = d.draft?.view.dateOfExpiry ?? '';
        d.draft = null;
        d.answer = null;
        d.override = null;
        const status = statusOf(job.id) ?? job.status;
        d.stage =
          status === 'done' ? 'done' : status === 'failed' || status === 'cancelled' ? 'failed' : 'printing';
        d.job = { id: job.id, status, dateOfExpiry: expiry, validityDays: validityDays() };
      });
    },
  };
}
