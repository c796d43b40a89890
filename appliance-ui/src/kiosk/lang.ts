import { useEffect, useState } from 'preact/hooks';
import { kioskApi } from './api.js';

export interface KioskLanguage {
  code: string;
  name: string;
  english: string;
  dir: 'ltr' | 'rtl';
  script: string;
  audio: boolean;
}

export interface Words {
  lang: string;
  dir: 'ltr' | 'rtl';
  audio: boolean;
  strings: Record<string, string>;
  missing: string[];
}

const STORE = 'cardgate.kiosk.lang';

export function storedLang(fallback = 'en'): string {
  try {
    return localStorage.getItem(STORE) ?? fallback;
  } catch {
    return fallback;
  }
}

export function rememberLang(code: string): void {
  try {
    localStorage.setItem(STORE, code);
  } catch {
    /* storage may be off on a kiosk */
  }
}

/** The languages on offer (and the idle time), once. */
export function useLanguages(): { languages: KioskLanguage[]; idleSeconds: number } | null {
  const [v, setV] = useState<{ languages: KioskLanguage[]; idleSeconds: number } | null>(null);
  useEffect(() => {
    kioskApi<{ languages: KioskLanguage[]; idleSeconds: number }>('GET', '/info/languages').then(
      setV,
      () => undefined,
    );
  }, []);
  return v;
}

/** The kiosk's words in a language; sets <html lang dir> so the whole layout mirrors. */
export function useWords(lang: string): Words | null {
  const [w, setW] = useState<Words | null>(null);
  useEffect(() => {
    let live = true;
    kioskApi<Words>('GET', `/info/screen/${encodeURIComponent(lang)}`).then(
      (r) => {
        if (!live) return;
        document.documentElement.lang = r.lang;
        document.documentElement.dir = r.dir;
        setW(r);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [lang]);
  return w;
}

/** A word with `{name}` placeholders filled. */
export function say(w: Words | null, key: string, vars?: Record<string, string | number>): string {
  let s = w?.strings[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

/**
 * A date spelled with the month's name in the applicant's language (names shipped in the
 * content, so every language has them whatever the browser's locale data holds). Unknown parts
 * (1990-XX-XX) are left out.
 */
export function spellDate(w: Words | null, iso: string): string {
  const [y = '', m = '', d = ''] = iso.split('-');
  const months = (w?.strings['months'] ?? '').split(/[,،]/).map((s) => s.trim());
  const month = /^\d\d$/.test(m) ? months[Number(m) - 1] : undefined;
  const day = /^\d\d$/.test(d) ? String(Number(d)) : '';
  if (!/^\d{4}$/.test(y)) return say(w, 'date.unknown');
  if (!month) return y;
  const format = w?.strings['date.format'] ?? '{d} {m} {y}';
  return format.replace('{d}', day).replace('{m}', month).replace('{y}', y).replace(/\s+/g, ' ').trim();
}
