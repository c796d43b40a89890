import 'reflect-metadata';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { initialLocale, locale, setLocale, t, type Locale } from '../i18n/index.js';
import { VerifyPage } from './verify-page.js';
import '../styles.css';
import './verify.css';

/** The verify page's own entry (verify.html): no login needed to check a seal. */
function VerifyApp() {
  const [lang, setLang] = useState<Locale>(locale());
  document.title = `cardgate — ${t('verify.title')}`;
  return (
    <div class="shell">
      <header class="top">
        <span class="brand">cardgate</span>
        <div class="top-right">
          <label class="lang">
            <span>{t('verify.language')}</span>
            <select
              value={lang}
              data-testid="language"
              onChange={(e) => {
                const l = (e.target as HTMLSelectElement).value as Locale;
                setLocale(l);
                setLang(l);
              }}
            >
              <option value="ro">Română</option>
              <option value="en">English</option>
            </select>
          </label>
        </div>
      </header>
      <main id="main">
        <VerifyPage />
      </main>
    </div>
  );
}

setLocale(initialLocale(), false);
const root = document.getElementById('app');
if (root) render(<VerifyApp />, root);
