import { useEffect, useState } from 'preact/hooks';
import { kioskApi, KioskError } from '../kiosk/api.js';
import {
  rememberLang,
  say,
  spellDate,
  storedLang,
  useLanguages,
  useWords,
  type Words,
} from '../kiosk/lang.js';
import { LangSelect } from '../kiosk/lang-select.js';
import { Speak } from '../kiosk/speak.js';
import { CameraGuide } from './camera-guide.js';
import { ConfirmView } from './confirm-view.js';
import { PairForm } from './pair-form.js';
import type { ScreenState } from './types.js';

type Link = 'checking' | 'unpaired' | 'paired';

/**
 * The applicant's screen at one desk: nothing until paired with the desk's code, then only that
 * desk's card in progress (photo guide, confirmation, printing, what the document is).
 */
export function ApplicantPage() {
  const langs = useLanguages();
  const [lang, setLang] = useState(storedLang());
  const words = useWords(lang);
  const [link, setLink] = useState<Link>('checking');
  const [state, setState] = useState<ScreenState | null>(null);
  const [attempt, setAttempt] = useState(0);
  const audio = (key: string) => `/api/v1/info/screen/${lang}/audio/${key}`;

  useEffect(() => {
    document.title = say(words, 'applicant.title');
  }, [words]);

  // The screen's own stream: its state now and at every change; a refused stream means unpaired.
  useEffect(() => {
    let source: EventSource | null = null;
    let live = true;
    kioskApi<ScreenState>('GET', '/applicant/screen').then(
      (s) => {
        if (!live) return;
        setState(s);
        setLink('paired');
        source = new EventSource('/api/v1/applicant/screen/events', { withCredentials: true });
        source.addEventListener('screen', (e) =>
          setState(JSON.parse((e as MessageEvent<string>).data) as ScreenState),
        );
        source.addEventListener('unpaired', () => {
          source?.close();
          setLink('unpaired');
        });
        source.onerror = () => {
          // The station restarted or the pairing ended: ask again whether this screen is paired.
          source?.close();
          setTimeout(() => live && setAttempt((a) => a + 1), 1500);
        };
      },
      (e: unknown) => live && setLink(e instanceof KioskError && e.status === 401 ? 'unpaired' : 'checking'),
    );
    return () => {
      live = false;
      source?.close();
    };
  }, [attempt]);

  const choose = (code: string) => {
    rememberLang(code);
    setLang(code);
  };

  return (
    <div class="kiosk" data-testid="applicant" data-link={link} data-stage={state?.stage ?? ''}>
      <header class="kiosk-top">
        <h1>{say(words, 'applicant.title')}</h1>
        {langs && <LangSelect languages={langs.languages} value={lang} words={words} onChange={choose} />}
      </header>
      <main class="kiosk-main" id="main">
        {link === 'unpaired' && <PairForm words={words} onPaired={() => setAttempt((a) => a + 1)} />}
        {link === 'paired' && state && <Stage words={words} state={state} audio={audio} />}
      </main>
    </div>
  );
}

function Stage(props: { words: Words | null; state: ScreenState; audio: (k: string) => string }) {
  const { words, state, audio } = props;
  const line = (key: string, vars?: Record<string, string | number>) => (
    <p class="block">
      <span class="text">{say(words, key, vars)}</span>
      <Speak words={words} src={audio(key)} />
    </p>
  );
  switch (state.stage) {
    case 'photo':
      return <CameraGuide words={words} audio={audio} />;
    case 'confirm':
      return state.view ? <ConfirmView words={words} state={state} view={state.view} audio={audio} /> : null;
    case 'printing':
      return (
        <section data-testid="stage-printing" aria-live="polite">
          <h2>{say(words, 'printing.title')}</h2>
          {line('printing.text')}
          <div class="progress-bar" role="progressbar" aria-label={say(words, 'printing.title')}>
            <span />
          </div>
        </section>
      );
    case 'done': {
      const job = state.job;
      return (
        <section data-testid="stage-done" aria-live="polite">
          <h2>{say(words, 'done.title')}</h2>
          {line('done.what')}
          {job && line('done.valid', { date: spellDate(words, job.dateOfExpiry), days: job.validityDays })}
          {line('done.next')}
        </section>
      );
    }
    case 'failed':
      return <section data-testid="stage-failed">{line('failed.text')}</section>;
    default:
      return (
        <section data-testid="stage-idle">
          <h2>{say(words, 'welcome.title')}</h2>
          {line('welcome.text')}
        </section>
      );
  }
}
