import { useEffect, useState } from 'preact/hooks';
import { kioskApi } from '../kiosk/api.js';
import { say, useLanguages, useWords } from '../kiosk/lang.js';

interface Display {
  serving: { number: number; desk: string | null }[];
  waiting: number;
  estimatedWaitMinutes: number | null;
}

const CYCLE_MS = 8000;
const POLL_MS = 3000;

/**
 * The waiting-room display: the tickets being served (largest first), how many wait and the
 * estimated wait from the station's measured issuance rate, its words cycling through the
 * languages. Never anything about people, nor why a ticket was called first.
 */
export function QueuePage() {
  const langs = useLanguages();
  const [i, setI] = useState(0);
  const lang = langs?.languages[i % langs.languages.length]?.code ?? 'en';
  const words = useWords(lang);
  const [d, setD] = useState<Display | null>(null);

  useEffect(() => {
    const t = setInterval(() => setI((x) => x + 1), CYCLE_MS);
    return () => clearInterval(t);
  }, []);
  useEffect(() => {
    const load = () => kioskApi<Display>('GET', '/queue/display').then(setD, () => undefined);
    load();
    const t = setInterval(load, POLL_MS);
    return () => clearInterval(t);
  }, []);
  useEffect(() => {
    document.title = say(words, 'queue.nowServing');
  }, [words]);

  const [now, ...before] = d?.serving ?? [];
  return (
    <div class="kiosk" data-testid="queue" data-lang={lang}>
      <header class="kiosk-top">
        <h1>{say(words, 'queue.title')}</h1>
      </header>
      <main class="kiosk-main queue-grid" id="main">
        <section aria-live="polite" aria-labelledby="serving-h">
          <h2 id="serving-h">{say(words, 'queue.nowServing')}</h2>
          <p class="serving" data-testid="now-serving" dir="ltr">
            {now ? now.number : '—'}
          </p>
          {now?.desk && <p>{say(words, 'queue.desk', { desk: now.desk })}</p>}
        </section>
        <section aria-labelledby="wait-h">
          <h2 id="wait-h">{say(words, 'queue.waiting', { count: d?.waiting ?? 0 })}</h2>
          <p data-testid="estimate">
            {d?.estimatedWaitMinutes == null
              ? say(words, 'queue.noEstimate')
              : say(words, 'queue.wait', { minutes: d.estimatedWaitMinutes })}
          </p>
          {before.length > 0 && (
            <>
              <h3>{say(words, 'queue.before')}</h3>
              <ul dir="ltr">
                {before.map((t) => (
                  <li key={t.number}>{t.number}</li>
                ))}
              </ul>
            </>
          )}
        </section>
      </main>
    </div>
  );
}
