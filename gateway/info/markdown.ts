import MarkdownIt from 'markdown-it';
import { parseDocument } from 'yaml';
import { isPicture, pictureHtml, PICTURE_NAMES, type Picture } from './pictures.js';

/** Pictograms a page may name in its front matter (drawn by the kiosk, not loaded). */
export const ICONS = [
  'rights',
  'protection',
  'document',
  'health',
  'school',
  'work',
  'legal',
  'address',
  'emergency',
  'info',
  'child',
] as const;
export type Icon = (typeof ICONS)[number];

export interface ContentProblem {
  file: string;
  line: number;
  message: string;
}

export interface PageMeta {
  title: string;
  icon: Icon;
  order: number;
  source: string;
  sourceUrl: string;
  checked: string;
  /** `machine-unverified`: a translation nobody who speaks the language has checked yet. */
  translation?: Translation;
}

export const TRANSLATIONS = ['machine-unverified'] as const;
export type Translation = (typeof TRANSLATIONS)[number];

/** One block of a page (paragraph, list, heading): what is shown and what is spoken. */
export interface PageBlock {
  html: string;
  text: string;
  /** Set when the block is a pictogram (`::picture[name]{alt}`); `text` is then its alt text. */
  picture?: { name: Picture; alt: string };
}

export interface ParsedPage {
  meta: Partial<PageMeta>;
  blocks: PageBlock[];
  problems: ContentProblem[];
}

// Raw HTML is off (escaped as text) and links are limited to the web, mail and phone numbers.
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.validateLink = (url) => /^(https?:|mailto:|tel:)/i.test(url.trim());

const SAFE_LINK = /^(https?:|mailto:|tel:)/i;

/**
 * A content file: YAML front matter between `---` lines (title, icon, order, source, sourceUrl,
 * checked), then Markdown. Whatever is wrong is reported with the file's line and the rest still
 * renders (an unreadable front matter leaves the body; a bad link is shown as text).
 */
export function parsePage(file: string, text: string): ParsedPage {
  const problems: ContentProblem[] = [];
  const problem = (line: number, message: string) => problems.push({ file, line, message });
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let bodyStart = 0;
  const meta: Partial<PageMeta> = {};
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
    if (end < 0) problem(1, 'front matter opened with --- is never closed');
    else {
      bodyStart = end + 1;
      const doc = parseDocument(lines.slice(1, end).join('\n'), { prettyErrors: true });
      for (const e of doc.errors)
        problem((e.linePos?.[0]?.line ?? 0) + 1, `front matter: ${e.message.split('\n')[0]}`);
      const data = doc.errors.length ? null : (doc.toJS() as Record<string, unknown> | null);
      if (data && typeof data === 'object') readMeta(data, meta, (m) => problem(1, m));
    }
  } else problem(1, 'no front matter (--- title, icon, source, sourceUrl, checked ---)');

  const body = lines.slice(bodyStart);
  let fence: number | null = null;
  // Picture lines become their own blocks between the Markdown around them.
  const parts: (string[] | PageBlock)[] = [[]];
  body.forEach((l, i) => {
    const at = bodyStart + i + 1;
    if (fence === null && /^\s*::picture/.test(l)) {
      const picture = pictureOf(l, (m) => problem(at, m));
      if (picture)
        parts.push({ html: pictureHtml(picture.name, picture.alt), text: picture.alt, picture }, []);
      return;
    }
    (parts[parts.length - 1] as string[]).push(l);
    if (/^\s{0,3}(```|~~~)/.test(l)) fence = fence === null ? at : null;
    if (/<\/?[a-z][a-z0-9-]*(\s[^>]*)?>/i.test(l))
      problem(at, 'HTML is not allowed in content (it is shown as text)');
    for (const m of l.matchAll(/\]\(([^)\s]*)/g))
      if (!SAFE_LINK.test(m[1] ?? '')) problem(at, `link "${m[1]}" is not https:, mailto: or tel:`);
  });
  if (fence !== null) problem(fence, 'code block opened with ``` is never closed');

  const blocks = parts.flatMap((p) => (Array.isArray(p) ? blocksOf(p.join('\n')) : [p]));
  return { meta, blocks, problems };
}

const PICTURE_LINE = /^\s*::picture\[([^\]]*)\]\{([^}]*)\}\s*$/;

/** `::picture[name]{alt}`: a known pictogram and the alt text in the page's language, or a problem. */
function pictureOf(line: string, problem: (m: string) => void): PageBlock['picture'] | null {
  const m = PICTURE_LINE.exec(line);
  if (!m) {
    problem('a picture is written ::picture[name]{text saying what it shows}');
    return null;
  }
  const name = m[1]!.trim();
  const alt = m[2]!.trim();
  if (!isPicture(name)) {
    problem(`picture "${name}" is not one of ${PICTURE_NAMES.join(', ')}`);
    return null;
  }
  if (!alt) {
    problem(`picture "${name}" needs a text saying what it shows: ::picture[${name}]{…}`);
    return null;
  }
  return { name, alt };
}

function readMeta(
  data: Record<string, unknown>,
  meta: Partial<PageMeta>,
  problem: (m: string) => void,
): void {
  const str = (k: string) =>
    typeof data[k] === 'string' && (data[k] as string).trim() ? (data[k] as string).trim() : null;
  const title = str('title');
  if (title) meta.title = title;
  else problem('front matter: title is missing');
  const icon = str('icon');
  if (icon && (ICONS as readonly string[]).includes(icon)) meta.icon = icon as Icon;
  else problem(`front matter: icon must be one of ${ICONS.join(', ')}`);
  if (typeof data.order === 'number') meta.order = data.order;
  const source = str('source');
  if (source) meta.source = source;
  else problem('front matter: source (who says so) is missing');
  const url = str('sourceUrl');
  if (url && /^https:\/\//.test(url)) meta.sourceUrl = url;
  else problem('front matter: sourceUrl must be an https:// address');
  // YAML reads an unquoted date as a Date.
  const checked = data.checked instanceof Date ? data.checked.toISOString().slice(0, 10) : str('checked');
  if (checked && /^\d{4}-\d{2}-\d{2}$/.test(checked)) meta.checked = checked;
  else problem('front matter: checked must be the date the source was checked (YYYY-MM-DD)');
  if (data.translation !== undefined) {
    const t = str('translation');
    if (t && (TRANSLATIONS as readonly string[]).includes(t)) meta.translation = t as Translation;
    else problem(`front matter: translation must be one of ${TRANSLATIONS.join(', ')}`);
  }
}

/** Top-level blocks, each rendered on its own so each gets its own play button. */
function blocksOf(markdown: string): PageBlock[] {
  const tokens = md.parse(markdown, {});
  const blocks: PageBlock[] = [];
  let start = 0;
  let depth = 0;
  tokens.forEach((t, i) => {
    depth += t.nesting;
    if (depth !== 0) return;
    const group = tokens.slice(start, i + 1);
    start = i + 1;
    const text = group
      .filter((g) => g.type === 'inline')
      .map((g) =>
        (g.children ?? [])
          .filter((c) => c.type === 'text' || c.type === 'code_inline')
          .map((c) => c.content)
          .join(''),
      )
      .join('. ')
      .trim();
    const html = md.renderer.render(group, md.options, {});
    if (html.trim()) blocks.push({ html, text });
  });
  return blocks;
}
