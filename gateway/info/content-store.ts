import { readdir, readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CardgateError } from '../core/errors.js';
import { writeFileDurable } from '../storage/durable-file.js';
import { LANGUAGE_CODES } from './languages.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,40}$/;

export interface StoredFile {
  lang: string;
  slug: string;
  /** Where it was read from, relative to its root (what the admin page names). */
  file: string;
  text: string;
  edited: boolean;
}

export interface HistoryEntry {
  at: string;
  who: string;
  id: string;
}

export function assertSlug(lang: string, slug: string): void {
  if (!LANGUAGE_CODES.includes(lang))
    throw new CardgateError('INFO_LANGUAGE_UNKNOWN', `language ${lang} is not offered`, { status: 404 });
  if (!SLUG.test(slug)) throw new CardgateError('INFO_PAGE_NOT_FOUND', `no page ${slug}`, { status: 404 });
}

/**
 * The information point's Markdown: the files shipped with the station (`content/info/<lang>/
 * <slug>.md`), with an admin's edits in the data directory over them. Every save keeps the text
 * it replaces in `<dataDir>/content/history/<lang>/<slug>/`, so earlier versions can be shown
 * and restored.
 */
export class ContentStore {
  constructor(
    readonly shippedDir: string,
    readonly dataDir: string,
  ) {}

  #editedDir = () => join(this.dataDir, 'content', 'info');
  #historyDir = (lang: string, slug: string) => join(this.dataDir, 'content', 'history', lang, slug);

  /** Every page file, edited ones over shipped ones. */
  async all(): Promise<StoredFile[]> {
    const out = new Map<string, StoredFile>();
    for (const [root, edited] of [
      [this.shippedDir, false],
      [this.#editedDir(), true],
    ] as const) {
      for (const lang of LANGUAGE_CODES) {
        const dir = join(root, lang);
        if (!existsSync(dir)) continue;
        for (const name of await readdir(dir)) {
          const slug = name.replace(/\.md$/, '');
          if (!name.endsWith('.md') || !SLUG.test(slug)) continue;
          const text = await readFile(join(dir, name), 'utf8');
          out.set(`${lang}/${slug}`, {
            lang,
            slug,
            file: `${edited ? 'edited' : 'content'}/info/${lang}/${name}`,
            text,
            edited,
          });
        }
      }
    }
    return [...out.values()];
  }

  async save(lang: string, slug: string, text: string, who: string, now: Date): Promise<void> {
    assertSlug(lang, slug);
    const current = (await this.all()).find((f) => f.lang === lang && f.slug === slug);
    if (current) {
      const id = `${now.toISOString().replace(/[:.]/g, '-')}`;
      const dir = this.#historyDir(lang, slug);
      await mkdir(dir, { recursive: true });
      await writeFileDurable(
        join(dir, `${id}.json`),
        JSON.stringify({ at: now.toISOString(), who, text: current.text }),
      );
    }
    await writeFileDurable(join(this.#editedDir(), lang, `${slug}.md`), text, 0o644);
  }

  async history(lang: string, slug: string): Promise<(HistoryEntry & { text: string })[]> {
    assertSlug(lang, slug);
    const dir = this.#historyDir(lang, slug);
    if (!existsSync(dir)) return [];
    const names = (await readdir(dir))
      .filter((n) => n.endsWith('.json'))
      .sort()
      .reverse();
    return Promise.all(
      names.map(async (n) => {
        const e = JSON.parse(await readFile(join(dir, n), 'utf8')) as {
          at: string;
          who: string;
          text: string;
        };
        return { id: n.replace(/\.json$/, ''), at: e.at, who: e.who, text: e.text };
      }),
    );
  }
}
