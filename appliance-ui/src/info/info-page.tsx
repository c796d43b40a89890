import { useEffect, useRef, useState } from 'preact/hooks';
import { kioskApi } from '../kiosk/api.js';
import { Icon } from '../kiosk/icons.js';
import { rememberLang, say, useLanguages, useWords } from '../kiosk/lang.js';
import { PageView, type InfoPageData } from './page-view.js';
import { TicketView } from './ticket-view.js';

interface Topic {
  slug: string;
  meta: { title: string; icon: string };
  fallback: boolean;
}

type View = { kind: 'languages' } | { kind: 'topics' } | { kind: 'page'; slug: string } | { kind: 'ticket' };

/**
 * The information point (kiosk): language choice, topics with pictograms, a page with a play
 * button per paragraph and its source, a queue ticket. Back to the language choice after the
 * configured inactivity.
 */
export function InfoPage() {
  const langs = useLanguages();
  const [lang, setLang] = useState<string>('en');
  const [view, setView] = useState<View>({ kind: 'languages' });
  const words = useWords(lang);
  const [topics, setTopics] = useState<Topic[] | null>(null);
  const [page, setPage] = useState<InfoPageData | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    kioskApi<{ items: Topic[] }>('GET', `/info/pages/${lang}`).then(
      (r) => setTopics(r.items),
      () => setTopics([]),
    );
  }, [lang]);

  useEffect(() => {
    if (view.kind !== 'page') return setPage(null);
    kioskApi<InfoPageData>('GET', `/info/pages/${lang}/${view.slug}`).then(setPage, () => setPage(null));
  }, [view, lang]);

  useEffect(() => {
    document.title = say(words, 'info.title');
    heading.current?.focus();
  }, [view, words]);

  // Inactivity: back to the language choice for the next person.
  useEffect(() => {
    if (!langs) return;
    let timer = 0;
    const arm = () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => {
        setView({ kind: 'languages' });
        setLang('en');
      }, langs.idleSeconds * 1000);
    };
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'];
    events.forEach((e) => addEventListener(e, arm, { passive: true }));
    arm();
    return () => {
      clearTimeout(timer);
      events.forEach((e) => removeEventListener(e, arm));
    };
  }, [langs]);

  const top = (
    <header class="kiosk-top">
      {view.kind !== 'languages' && (
        <button type="button" onClick={() => setView({ kind: 'languages' })} data-testid="to-languages">
          <Icon name="globe" size={28} />
          <span>{say(words, 'lang.choose')}</span>
        </button>
      )}
      <h1>{say(words, 'info.title')}</h1>
      {view.kind !== 'languages' && (
        <button type="button" onClick={() => setView({ kind: 'ticket' })} data-testid="take-ticket">
          <Icon name="ticket" size={28} />
          <span>{say(words, 'ticket.take')}</span>
        </button>
      )}
    </header>
  );

  return (
    <div class="kiosk" data-testid="info" data-view={view.kind} data-lang={lang}>
      {top}
      <main class="kiosk-main" id="main">
        {view.kind === 'languages' && (
          <section aria-labelledby="lang-h">
            <h2 id="lang-h" ref={heading} tabIndex={-1}>
              {say(words, 'lang.choose')}
            </h2>
            <ul class="lang-grid">
              {(langs?.languages ?? []).map((l) => (
                <li key={l.code}>
                  <button
                    type="button"
                    lang={l.code}
                    dir={l.dir}
                    data-lang={l.code}
                    onClick={() => {
                      rememberLang(l.code);
                      setLang(l.code);
                      setView({ kind: 'topics' });
                    }}
                  >
                    {l.name}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {view.kind === 'topics' && (
          <section aria-labelledby="topics-h">
            <h2 id="topics-h" ref={heading} tabIndex={-1}>
              {say(words, 'info.topics')}
            </h2>
            <ul class="topics">
              {(topics ?? []).map((t) => (
                <li key={t.slug}>
                  <button
                    type="button"
                    data-slug={t.slug}
                    onClick={() => setView({ kind: 'page', slug: t.slug })}
                  >
                    <Icon name={t.meta.icon} />
                    <span>{t.meta.title}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {view.kind === 'page' && page && (
          <PageView
            page={page}
            words={words}
            headingRef={heading}
            onBack={() => setView({ kind: 'topics' })}
          />
        )}
        {view.kind === 'ticket' && (
          <TicketView
            words={words}
            lang={lang}
            headingRef={heading}
            onBack={() => setView({ kind: 'topics' })}
          />
        )}
      </main>
    </div>
  );
}
