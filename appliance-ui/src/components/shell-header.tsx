import type { ComponentChildren } from 'preact';
import { t, type Locale, type MessageKey } from '../i18n/index.js';
import { navigate } from '../router.js';

export interface NavItem {
  path: string;
  label: MessageKey;
}

/** The Romanian / English switch every page entry carries (station, HQ, verify). */
export function LanguageSelect(props: { label: string; lang: Locale; onChange: (l: Locale) => void }) {
  return (
    <label class="lang">
      <span>{props.label}</span>
      <select
        value={props.lang}
        data-testid="language"
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value as Locale)}
      >
        <option value="ro">Română</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}

/**
 * The top bar of every page entry: brand, the nav of the pages this user may open (client-side
 * navigation), the language switch and who is logged in with a logout button.
 */
export function ShellHeader(props: {
  brand: string;
  nav?: NavItem[] | undefined;
  current?: string | undefined;
  lang: Locale;
  onLang: (l: Locale) => void;
  languageLabel?: string;
  /** "name · role" and the logout button, when someone is logged in */
  who?: { name: string; role: string; onLogout: () => void } | undefined;
  children?: ComponentChildren;
}) {
  return (
    <header class="top">
      <span class="brand">{props.brand}</span>
      {props.nav && (
        <nav aria-label={t('nav.label')}>
          <ul>
            {props.nav.map((p) => (
              <li key={p.path}>
                <a
                  href={p.path}
                  aria-current={props.current === p.path ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(p.path);
                  }}
                >
                  {t(p.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div class="top-right">
        <LanguageSelect
          label={props.languageLabel ?? t('nav.language')}
          lang={props.lang}
          onChange={props.onLang}
        />
        {props.who && (
          <>
            <span class="who" data-testid="who">
              {props.who.name} · {props.who.role}
            </span>
            <button type="button" class="secondary" onClick={props.who.onLogout}>
              {t('nav.logout')}
            </button>
          </>
        )}
      </div>
    </header>
  );
}
