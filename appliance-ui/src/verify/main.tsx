import 'reflect-metadata';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { initialLocale, locale, setLocale, t, type Locale } from '../i18n/index.js';
import { ShellHeader } from '../components/shell-header.js';
import { VerifyPage } from './verify-page.js';
import '../styles.css';
import './verify.css';

/** The verify page's own entry (verify.html): no login needed to check a seal. */
function VerifyApp() {
  const [lang, setLang] = useState<Locale>(locale());
  document.title = `cardgate — ${t('verify.title')}`;
  return (
    <div class="shell">
      <ShellHeader
        brand="cardgate"
        lang={lang}
        languageLabel={t('verify.language')}
        onLang={(l) => {
          setLocale(l);
          setLang(l);
        }}
      />
      <main id="main">
        <VerifyPage />
      </main>
    </div>
  );
}

setLocale(initialLocale(), false);
const root = document.getElementById('app');
if (root) render(<VerifyApp />, root);
