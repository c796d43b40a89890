import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorNote } from '../../components/common.js';
import { useServerEvents } from '../../events.js';
import { hasCode, t, tCode } from '../../i18n/index.js';
import type { JobListed, JobPage } from '../../types.js';

/** Where a card is, in words: waiting, "Line 2: writing the chip", "Ready: collect it from Line 2". */
export function whereText(j: JobListed): string {
  const w = j.where;
  const name = w.lineName ?? w.line ?? '';
  if (w.stage === 'done') return t('lines.stage.done', { line: name });
  const words = hasCode('lines.stage', w.stage) ? tCode('lines.stage', w.stage) : tCode('job', j.status);
  return ['feeding', 'encoding', 'printing', 'ejecting', 'rejecting'].includes(w.stage) && name
    ? `${name}: ${words}`
    : words;
}

/** This desk's cards today, newest first, each with where it is now; follows the station's events. */
export function MyCards({ desk, refreshKey }: { desk: string; refreshKey: number }) {
  const [jobs, setJobs] = useState<JobListed[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () =>
    api<JobPage>('GET', `/issuances?date=today&mine=true&desk=${encodeURIComponent(desk)}&pageSize=50`).then(
      (r) => {
        setJobs(r.items);
        setError(null);
      },
      setError,
    );
  useEffect(() => {
    void load();
  }, [desk, refreshKey]);
  // Only this desk's jobs matter; any job event may be one of them (the list is small).
  useServerEvents({ job: () => void load(), open: () => void load() });

  return (
    <section class="card" aria-labelledby="my-cards-h" data-testid="my-cards">
      <h2 id="my-cards-h">{t('lines.myJobs')}</h2>
      <ErrorNote error={error} />
      {jobs && jobs.length === 0 && <p class="muted">{t('lines.myJobs.empty')}</p>}
      {jobs && jobs.length > 0 && (
        <ul class="my-cards">
          {jobs.map((j) => {
            const who = j.person as { surname?: string; givenNames?: string } | undefined;
            return (
              <li key={j.id} data-job={j.id} data-stage={j.where.stage}>
                <strong>{who ? `${who.surname ?? ''} ${who.givenNames ?? ''}`.trim() : j.id}</strong>
                {j.documentNumber ? ` · ${j.documentNumber}` : ''} — <span>{whereText(j)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
