import type { ContentStore } from './content-store.js';
import { type StoredFile } from './content-store.js';
import { FALLBACK_LANGUAGE, KIOSK_LANGUAGES, languageOf } from './languages.js';
import {
  parsePage,
  type ContentProblem,
  type PageBlock,
  type PageMeta,
  type ParsedPage,
} from './markdown.js';
import { CardgateError } from '../core/errors.js';

export interface RenderedPage {
  slug: string;
  lang: string;
  /** The language the text is in: the asked one, or English when the page is missing there. */
  shownLang: string;
  fallback: boolean;
  dir: 'ltr' | 'rtl';
  meta: PageMeta;
  blocks: PageBlock[];
  /** Audio exists for the shown language (espeak-ng has a voice for it). */
  audio: boolean;
}

export interface ContentReport {
  problems: ContentProblem[];
  /** Pages that exist in English but not in a language, per language. */
  gaps: { lang: string; slugs: string[] }[];
}

const DEFAULT_META: PageMeta = {
  title: '',
  icon: 'info',
  order: 99,
  source: '',
  sourceUrl: '',
  checked: '',
};

/**
 * The information point's pages: parsed from the store on demand and kept until a save, each
 * asked language falling back to English page by page (marked, never silently). A file with
 * problems still renders what it can; the problems go to the admin's report.
 */
export class InfoContent {
  #cache: Map<string, { file: StoredFile; parsed: ParsedPage }> | null = null;

  constructor(
    readonly store: ContentStore,
    private readonly hasVoice: (lang: string) => boolean,
  ) {}

  invalidate(): void {
    this.#cache = null;
  }

  async #pages(): Promise<Map<string, { file: StoredFile; parsed: ParsedPage }>> {
    if (this.#cache) return this.#cache;
    const map = new Map<string, { file: StoredFile; parsed: ParsedPage }>();
    for (const f of await this.store.all())
      map.set(`${f.lang}/${f.slug}`, { file: f, parsed: parsePage(f.file, f.text) });
    this.#cache = map;
    return map;
  }

  async slugs(): Promise<string[]> {
    const pages = await this.#pages();
    const en = [...pages.values()].filter((p) => p.file.lang === FALLBACK_LANGUAGE);
    return en
      .sort(
        (a, b) =>
          (a.parsed.meta.order ?? 99) - (b.parsed.meta.order ?? 99) || a.file.slug.localeCompare(b.file.slug),
      )
      .map((p) => p.file.slug);
  }

  async page(lang: string, slug: string): Promise<RenderedPage> {
    const language = languageOf(lang);
    if (!language)
      throw new CardgateError('INFO_LANGUAGE_UNKNOWN', `language ${lang} is not offered`, { status: 404 });
    const pages = await this.#pages();
    const own = pages.get(`${lang}/${slug}`);
    const en = pages.get(`${FALLBACK_LANGUAGE}/${slug}`);
    // A page whose front matter cannot be read in this language is shown in English, marked.
    const usable = own && own.parsed.meta.title ? own : undefined;
    const chosen = usable ?? en ?? own;
    if (!chosen) throw new CardgateError('INFO_PAGE_NOT_FOUND', `no page ${slug}`, { status: 404 });
    const shownLang = chosen.file.lang;
    const shown = languageOf(shownLang)!;
    const meta: PageMeta = { ...DEFAULT_META, ...(en?.parsed.meta ?? {}), ...chosen.parsed.meta };
    if (!meta.title) meta.title = slug;
    return {
      slug,
      lang,
      shownLang,
      fallback: shownLang !== lang,
      dir: shown.dir,
      meta,
      blocks: chosen.parsed.blocks,
      audio: this.hasVoice(shownLang),
    };
  }

  async index(lang: string): Promise<Pick<RenderedPage, 'slug' | 'meta' | 'fallback'>[]> {
    const out = [];
    for (const slug of await this.slugs()) {
      const p = await this.page(lang, slug);
      out.push({ slug, meta: p.meta, fallback: p.fallback });
    }
    return out;
  }

  async report(): Promise<ContentReport> {
    const pages = await this.#pages();
    const problems = [...pages.values()].flatMap((p) => p.parsed.problems);
    const slugs = await this.slugs();
    const gaps = KIOSK_LANGUAGES.map((l) => ({
      lang: l.code,
      slugs: slugs.filter((s) => !pages.get(`${l.code}/${s}`)?.parsed.meta.title),
    })).filter((g) => g.slugs.length > 0);
    return { problems, gaps };
  }

  /** The raw text of a page in one language ('' when it does not exist yet). */
  async raw(lang: string, slug: string): Promise<{ text: string; file: string | null }> {
    const p = (await this.#pages()).get(`${lang}/${slug}`);
    return { text: p?.file.text ?? '', file: p?.file.file ?? null };
  }
}
