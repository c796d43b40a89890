import { en, type Messages, type MessageKey } from './en.js';
import { ro } from './ro.js';

export type Locale = 'ro' | 'en';
export const LOCALES: Record<Locale, Messages> = { ro, en };
const STORAGE_KEY = 'cardgate.locale';

let current: Locale = 'ro';
let messages: Messages = ro;

/** Default from the station (the gateway writes it into <html lang>), overridden by the user's choice. */
export function initialLocale(): Locale {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    /* storage may be disabled */
  }
  if (stored === 'ro' || stored === 'en') return stored;
  return document.documentElement.lang === 'en' ? 'en' : 'ro';
}

export function setLocale(locale: Locale, remember = true): void {
  current = locale;
  messages = LOCALES[locale];
  document.documentElement.lang = locale;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      /* ignore */
    }
  }
}

export const locale = (): Locale => current;

/** Translate a key, replacing `{name}` placeholders. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  let s: string = messages[key] ?? en[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

/** A translation for a code that may not have one (fault codes, error codes from the API). */
export function tCode(prefix: string, code: string, fallback?: string): string {
  const key = `${prefix}.${code}` as MessageKey;
  return messages[key] ?? en[key] ?? fallback ?? code;
}

export function hasCode(prefix: string, code: string): boolean {
  return `${prefix}.${code}` in en;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleTimeString(current === 'ro' ? 'ro-RO' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(current === 'ro' ? 'ro-RO' : 'en-GB');
}

export type { MessageKey };
