import { useEffect, useRef } from 'preact/hooks';
import { hasCode, t, tCode } from '../../i18n/index.js';
import { faultText, label, withCode } from '../../i18n/words.js';
import { ErrorNote } from '../../components/common.js';
import type { Job, ProgressEvent } from '../../types.js';
import { allowedActions } from './job-actions.js';

export interface ProgressState {
  job: Job;
  last: ProgressEvent | null;
  /** Index in STAGES of the step the card is at (feeding, ejecting or rejecting keep the last one). */
  stage: number;
  /** A spoiled card of this job was seen going to the reject box (a `rejecting` step). */
  rejected?: boolean;
}

/** How far a step is, as a whole percentage (never byte counts). */
const percent = (d: { done: number; total: number }): number =>
  d.total > 0 ? Math.min(100, Math.round((100 * d.done) / d.total)) : 0;

/** The step in words: "printing the front, colour — 58 %", "writing the chip, photo — 40 %". */
export function stepText(last: ProgressEvent): string {
  if (last.step === 'printing') {
    const side = t(last.detail.side === 'back' ? 'progress.back' : 'progress.front');
    const panel = last.detail.panel ? label('panel', last.detail.panel) : '';
    return t(panel ? 'progress.panel' : 'progress.side', { side, panel, pct: percent(last.detail) });
  }
  if (last.step === 'encoding') {
    const file = last.detail.file ? label('chipFile', last.detail.file) : '';
    return t(file ? 'progress.file' : 'progress.chip', { file, pct: percent(last.detail) });
  }
  return tCode('progress.step', last.step);
}

/** What became of the card the fault interrupted: the job record says, else what was seen. */
function cardFate(p: ProgressState): string | null {
  const card = p.job.card;
  if (card?.where === 'in-printer') return t('progress.cardInside');
  if (card?.where === 'reject-box')
    return t(card.spoiled ? 'progress.cardRejected' : 'progress.cardInReject');
  if (card?.where === 'unverified') return t('progress.cardUnverified');
  if (card?.where === 'output-hopper') return t('progress.cardOutput');
  if (p.rejected) return t('progress.cardRejected');
  // The station stopped before taking a blank (it checks the printer first): nothing was used.
  if (card === null) return t('progress.noCard');
  return null;
}

export const STAGES = ['queued', 'encoding', 'front', 'back', 'done'] as const;

/** The stage a progress event puts the card at; a new attempt after a fault starts over. */
export function stageAfter(current: number, e: ProgressEvent): number {
  if (e.step === 'encoding') return 1;
  if (e.step === 'printing') return e.detail.side === 'back' ? 3 : 2;
  return current;
}

function stageOf(p: ProgressState): (typeof STAGES)[number] {
  if (p.job.status === 'done') return 'done';
  const byStatus = p.job.status === 'encoding' ? 1 : p.job.status === 'printing' ? 2 : 0;
  return STAGES[Math.max(p.stage, byStatus)] ?? 'queued';
}

/** Live progress of the card being made, and what to do when the printer needs a person. */
export function IssueProgress(props: {
  state: ProgressState;
  onResume: () => void;
  onCancel: () => void;
  onNext: () => void;
  onRetry: () => void;
  /** Registering the next person while this card waits or prints (it stays in "My cards"). */
  onNextNow?: () => void;
  busy: boolean;
  actionError?: unknown;
}) {
  const { job, last } = props.state;
  const stage = stageOf(props.state);
  const stageIdx = STAGES.indexOf(stage);
  const alertRef = useRef<HTMLDivElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const actions = allowedActions(job);
  // The fault box is there while the job waits for the operator, and only then: after
  // "Cancel this card" the job is cancelled and no Resume / Cancel is offered beside "Next person".
  const needsOperator = job.status === 'needs-operator' && (actions.has('resume') || actions.has('cancel'));
  const finished =
    job.status === 'done' || job.status === 'failed' || job.status === 'cancelled' || job.status === 'voided';
  const fate = needsOperator ? cardFate(props.state) : null;

  useEffect(() => {
    if (needsOperator) alertRef.current?.focus();
  }, [needsOperator, job.error?.code]);
  useEffect(() => {
    if (finished) nextRef.current?.focus();
  }, [finished]);

  // The last step is shown only while the card is being made; a stopped job says why instead.
  const detail = last && (job.status === 'encoding' || job.status === 'printing') ? stepText(last) : '';

  const code = job.error?.code ?? '';
  return (
    <section
      class="card progress"
      aria-labelledby="progress-h"
      data-testid="progress"
      data-status={job.status}
    >
      <h2 id="progress-h" tabIndex={-1}>
        {t('progress.title')}
      </h2>
      <ol class="stages">
        {STAGES.map((s, i) => (
          <li
            key={s}
            class={i < stageIdx || stage === 'done' ? 'done' : i === stageIdx ? 'current' : ''}
            aria-current={i === stageIdx ? 'step' : undefined}
          >
            {t(`progress.stage.${s}`)}
          </li>
        ))}
      </ol>
      <p class="status-line" role="status" aria-live="polite" data-testid="progress-status">
        {job.status === 'done'
          ? t('progress.done', { number: job.documentNumber ?? '—' })
          : `${tCode('job', job.status)}${detail ? ` — ${detail}` : ''}`}
      </p>
      {needsOperator && (
        <div
          class="note fault"
          role="alert"
          tabIndex={-1}
          ref={alertRef}
          data-testid="fault"
          data-code={code}
        >
          <h3>{withCode(faultText(code), code)}</h3>
          {fate && <p data-testid="card-fate">{fate}</p>}
          <p>
            <strong>{t('progress.nextStep')}</strong>{' '}
            {hasCode('fix', code) ? tCode('fix', code) : t('fix.unknown')}
          </p>
          <div class="row">
            {actions.has('resume') && (
              <button type="button" onClick={props.onResume} disabled={props.busy}>
                {t('progress.resume')}
              </button>
            )}
            {actions.has('cancel') && (
              <button type="button" class="danger" onClick={props.onCancel} disabled={props.busy}>
                {t('progress.cancel')}
              </button>
            )}
          </div>
          <ErrorNote error={props.actionError} />
        </div>
      )}
      {job.status === 'failed' && (
        <p class="note error" role="alert">
          {t('progress.failed')} {job.error ? withCode(failText(code), code) : ''}
        </p>
      )}
      {job.status === 'done' && <p class="note ok">{t('progress.take')}</p>}
      {job.status === 'cancelled' && (
        <p class="note info" data-testid="cancelled">
          {t('progress.cancelled')}
        </p>
      )}
      {!finished && !needsOperator && props.onNextNow && (
        <div class="row">
          <button type="button" class="secondary" onClick={props.onNextNow} data-testid="next-now">
            {t('lines.nextNow')}
          </button>
        </div>
      )}
      {finished && (
        <div class="row">
          <button ref={nextRef} type="button" onClick={props.onNext}>
            {t('progress.next')}
          </button>
          {job.status !== 'done' && (
            <button type="button" class="secondary" onClick={props.onRetry}>
              {t('progress.retry')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** Why a card could not be made: a printer fault, a render or chip error, in words. */
function failText(code: string): string {
  if (hasCode('error', code)) return tCode('error', code);
  if (/^RENDER_/.test(code)) return t('progress.renderFailed');
  if (/^ENCODE_|^CHIP_|^ENCODER_/.test(code)) return t('progress.chipFailed');
  return faultText(code);
}
