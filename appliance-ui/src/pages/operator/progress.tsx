import { useEffect, useRef } from 'preact/hooks';
import { hasCode, t, tCode } from '../../i18n/index.js';
import type { Job, ProgressEvent } from '../../types.js';

export interface ProgressState {
  job: Job;
  last: ProgressEvent | null;
  /** Index in STAGES of the step the card is at (feeding, ejecting or rejecting keep the last one). */
  stage: number;
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
  busy: boolean;
}) {
  const { job, last } = props.state;
  const stage = stageOf(props.state);
  const stageIdx = STAGES.indexOf(stage);
  const alertRef = useRef<HTMLDivElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const needsOperator = job.status === 'needs-operator' || (job.error?.needsOperator ?? false);
  const finished = job.status === 'done' || job.status === 'failed' || job.status === 'cancelled';

  useEffect(() => {
    if (needsOperator) alertRef.current?.focus();
  }, [needsOperator, job.error?.code]);
  useEffect(() => {
    if (finished) nextRef.current?.focus();
  }, [finished]);

  let detail = '';
  if (last && job.status !== 'done') {
    if (last.step === 'printing')
      detail = t('progress.panel', {
        side: t(last.detail.side === 'back' ? 'progress.back' : 'progress.front'),
        panel: last.detail.panel ?? '',
        done: last.detail.done,
        total: last.detail.total,
      });
    else if (last.step === 'encoding')
      detail = t('progress.file', {
        file: last.detail.file ?? '',
        done: last.detail.done,
        total: last.detail.total,
      });
    else detail = tCode('progress.step', last.step);
  }

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
          <h3>
            {hasCode('fault', code) ? tCode('fault', code) : (job.error?.message ?? t('fault.unknown'))}
          </h3>
          <p>
            <strong>{t('progress.nextStep')}</strong>{' '}
            {hasCode('fix', code) ? tCode('fix', code) : t('fix.unknown')}
          </p>
          <div class="row">
            <button type="button" onClick={props.onResume} disabled={props.busy}>
              {t('progress.resume')}
            </button>
            <button type="button" class="danger" onClick={props.onCancel} disabled={props.busy}>
              {t('progress.cancel')}
            </button>
          </div>
        </div>
      )}
      {job.status === 'failed' && (
        <p class="note error" role="alert">
          {t('progress.failed')}{' '}
          {job.error ? `${hasCode('fault', code) ? tCode('fault', code) : job.error.message} (${code})` : ''}
        </p>
      )}
      {job.status === 'done' && <p class="note ok">{t('progress.take')}</p>}
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
