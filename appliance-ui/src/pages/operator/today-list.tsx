import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorNote } from '../../components/common.js';
import { useServerEvents } from '../../events.js';
import { formatTime, t, tCode } from '../../i18n/index.js';
import type { Job, JobEvent, JobPage, JobStatus, ProgressEvent } from '../../types.js';
import { allowedActions } from './job-actions.js';

/** A row's status follows the job live: a progress step says what the printer is doing now. */
function statusAfter(status: JobStatus, e: ProgressEvent): JobStatus {
  if (status !== 'queued' && status !== 'encoding' && status !== 'printing') return status;
  if (e.step === 'encoding') return 'encoding';
  if (e.step === 'printing') return 'printing';
  return status;
}

/** Today's cards at this station: re-issue or extend (pre-filled), or void with a reason. */
export function TodayList(props: {
  refreshKey: number;
  onReissue: (job: Job) => void;
  onExtend: (job: Job) => void;
  /** Called with the list each time it is loaded. */
  onLoaded?: (jobs: Job[]) => void;
}) {
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [voiding, setVoiding] = useState<Job | null>(null);

  const load = () =>
    api<JobPage>('GET', '/issuances?date=today&pageSize=100').then((r) => {
      setJobs(r.items);
      setError(null);
      props.onLoaded?.(r.items);
    }, setError);
  useEffect(() => {
    void load();
  }, [props.refreshKey]);

  const patch = (id: string, f: (j: Job) => Job) =>
    setJobs((list) => list?.map((j) => (j.id === id ? f(j) : j)) ?? list);
  useServerEvents({
    // A job changed: its status now, then the whole row again (what it allows follows its status).
    job: (d) => {
      const e = d as JobEvent;
      patch(e.jobId, (j) => ({ ...j, status: e.status, documentNumber: e.documentNumber, error: e.error }));
      void load();
    },
    progress: (d) => {
      const e = d as ProgressEvent;
      patch(e.jobId, (j) => ({ ...j, status: statusAfter(j.status, e) }));
    },
    open: () => void load(),
  });

  return (
    <section class="card" aria-labelledby="today-h">
      <div class="card-head">
        <h2 id="today-h">{t('today.title')}</h2>
        <button type="button" class="secondary" onClick={load}>
          {t('common.refresh')}
        </button>
      </div>
      <ErrorNote error={error} />
      {jobs && jobs.length === 0 && <p class="muted">{t('today.empty')}</p>}
      {jobs && jobs.length > 0 && (
        <table data-testid="today">
          <caption class="sr-only">{t('today.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('today.time')}</th>
              <th scope="col">{t('today.name')}</th>
              <th scope="col">{t('today.kind')}</th>
              <th scope="col">{t('today.number')}</th>
              <th scope="col">{t('today.status')}</th>
              <th scope="col">{t('today.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => {
              const name = j.person ? `${j.person.surname} ${j.person.givenNames ?? ''}`.trim() : '—';
              const can = allowedActions(j);
              return (
                <tr key={j.id} data-job={j.id}>
                  <td>{formatTime(j.createdAt)}</td>
                  <td>{name}</td>
                  <td>{tCode('kind', j.kind)}</td>
                  <td class="mono">{j.documentNumber ?? '—'}</td>
                  <td>
                    <span class={`badge job-${j.status}`}>{tCode('job', j.status)}</span>
                  </td>
                  <td class="actions">
                    {j.person && can.has('reissue') && (
                      <button
                        type="button"
                        class="small secondary"
                        onClick={() => props.onReissue(j)}
                        aria-label={`${t('today.reissue')}: ${name}`}
                      >
                        {t('today.reissue')}
                      </button>
                    )}
                    {j.person && can.has('extend') && (
                      <button
                        type="button"
                        class="small secondary"
                        onClick={() => props.onExtend(j)}
                        aria-label={`${t('today.extend')}: ${name}`}
                      >
                        {t('today.extend')}
                      </button>
                    )}
                    {can.has('void') && (
                      <button
                        type="button"
                        class="small danger"
                        onClick={() => setVoiding(j)}
                        aria-label={`${t('today.void')}: ${name}`}
                      >
                        {t('today.void')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {voiding && (
        <VoidDialog
          job={voiding}
          onClose={(changed) => {
            setVoiding(null);
            if (changed) void load();
          }}
        />
      )}
    </section>
  );
}

function VoidDialog({ job, onClose }: { job: Job; onClose: (changed: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (reason.trim().length < 3) return;
    try {
      await api('POST', `/issuances/${encodeURIComponent(job.id)}/void`, { reason: reason.trim() });
      ref.current?.close();
      onClose(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <dialog ref={ref} aria-labelledby="void-h" onCancel={() => onClose(false)}>
      <form onSubmit={submit}>
        <h2 id="void-h">{t('void.title', { number: job.documentNumber ?? job.id })}</h2>
        <p>{t('void.text')}</p>
        <label>
          {t('void.reason')}
          <textarea
            required
            minLength={3}
            maxLength={500}
            value={reason}
            onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
          />
        </label>
        <ErrorNote error={error} />
        <div class="row">
          <button type="submit" class="danger" disabled={reason.trim().length < 3}>
            {t('void.confirm')}
          </button>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              ref.current?.close();
              onClose(false);
            }}
          >
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
