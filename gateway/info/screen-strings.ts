import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FALLBACK_LANGUAGE } from './languages.js';

/**
 * The kiosk pages' own words (applicant screen, information point, waiting room) per language in
 * `content/screen/<lang>.json`: kept beside the pages' content so translators edit one folder and
 * the station can speak any of them. A missing key falls back to English and is listed.
 */
export class ScreenStrings {
  readonly #cache = new Map<string, Record<string, string>>();

  constructor(readonly dir: string) {}

  async #load(lang: string): Promise<Record<string, string>> {
    const hit = this.#cache.get(lang);
    if (hit) return hit;
    let data: Record<string, string> = {};
    try {
      const parsed = JSON.parse(await readFile(join(this.dir, `${lang}.json`), 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object')
        data = Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string')) as Record<
          string,
          string
        >;
    } catch {
      data = {};
    }
    this.#cache.set(lang, data);
    return data;
  }

  async strings(lang: string): Promise<{ strings: Record<string, string>; missing: string[] }> {
    const en = await this.#load(FALLBACK_LANGUAGE);
    const own = await this.#load(lang);
    const missing = Object.keys(en).filter((k) => !own[k]);
    return { strings: { ...en, ...own }, missing };
  }
}
