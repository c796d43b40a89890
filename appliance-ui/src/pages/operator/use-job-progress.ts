import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useServerEvents } from '../../events.js';
import type { Job, JobEvent, ProgressEvent, Station } from '../../types.js';
import { TERMINAL } from './job-actions.js';
import { stageAfter, type ProgressState } from './progress.js';

/**
 * The card in the making at this desk, followed live (job and progress events, a slow poll while
 * it runs since events can be missed on reconnect), its Resume / Cancel, and the station's lock.
 */
export function useJobProgress(o: { onTerminal: () => void; setBusy: (busy: boolean) => void }) {
  const [progress, setProgress] = useState<ProgressState | null>(null);
  /** A refused Resume / Cancel: shown in the progress box, next to the buttons that caused it. */
  const [actionError, setActionError] = useState<unknown>(null);
  const [lock, setLock] = useState<{ locked: boolean; reason?: string }>({ locked: false });
  const active = progress !== null && !TERMINAL.has(progress.job.status);
  const setBusy = o.setBusy;

  useEffect(() => {
    api<Station>('GET', '/station').then(
      (s) => setLock({ locked: s.locked, reason: s.lockReason ?? '' }),
      () => undefined,
    );
  }, []);

  const jobId = progress?.job.id;
  const applyJob = (e: Partial<Job> & { id: string }) =>
    setProgress((p) => (p && p.job.id === e.id ? { ...p, job: { ...p.job, ...e } } : p));

  const refetchJob = () => {
    if (!jobId) return;
    api<Job>('GET', `/issuances/${encodeURIComponent(jobId)}`).then(
      (j) => applyJob({ ...j, person: undefined }),
      () => undefined,
    );
  };

  useServerEvents({
    job: (d) => {
      const e = d as JobEvent;
      if (e.jobId === jobId) {
        applyJob({ id: e.jobId, status: e.status, documentNumber: e.documentNumber, error: e.error });
        // The event has the status; the view has what it now allows and where the card is.
        refetchJob();
      }
      if (TERMINAL.has(e.status)) o.onTerminal();
    },
    progress: (d) => {
      const e = d as ProgressEvent;
      setProgress((p) => {
        if (!p || p.job.id !== e.jobId) return p;
        const status =
          p.job.status === 'queued' || p.job.status === 'draft'
            ? e.step === 'encoding'
              ? 'encoding'
              : e.step === 'printing'
                ? 'printing'
                : p.job.status
            : p.job.status;
        return {
          ...p,
          last: e,
          stage: stageAfter(p.stage, e),
          rejected: p.rejected || e.step === 'rejecting',
          job: { ...p.job, status },
        };
      });
    },
    station: (d) => {
      // A lock change ({locked, reason}) or the snapshot sent on connect ({locked, lockReason}).
      const e = d as { locked?: boolean; reason?: string; lockReason?: string | null };
      if (typeof e.locked === 'boolean')
        setLock({ locked: e.locked, reason: e.reason ?? e.lockReason ?? '' });
    },
    open: refetchJob,
  });

  // Events can be missed while the stream reconnects; a slow poll keeps the screen honest.
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(refetchJob, 2000);
    return () => clearInterval(timer);
  }, [active, jobId]);

  const act = async (action: 'resume' | 'cancel') => {
    if (!jobId) return;
    setBusy(true);
    setActionError(null);
    try {
      const j = await api<Job | undefined>('POST', `/issuances/${encodeURIComponent(jobId)}/${action}`);
      if (j && typeof j === 'object' && 'status' in j) applyJob({ ...j, person: undefined });
      else refetchJob();
    } catch (err) {
      setActionError(err);
      refetchJob();
    } finally {
      setBusy(false);
    }
  };

  return { progress, setProgress, actionError, setActionError, lock, act };
}
