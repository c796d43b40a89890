import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InfoContent } from '../../gateway/info/content.js';
import { ContentStore } from '../../gateway/info/content-store.js';
import { KIOSK_LANGUAGES } from '../../gateway/info/languages.js';
import { parsePage } from '../../gateway/info/markdown.js';
import { PICTURE_NAMES } from '../../gateway/info/pictures.js';
import { ScreenStrings } from '../../gateway/info/screen-strings.js';
import { Speech } from '../../gateway/info/speech.js';
import { projectRoot } from '../helpers/processes.js';
import { describeWithSystem } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const SHIPPED = join(projectRoot, 'content', 'info');
const page = (title: string, body: string) =>
  `---\ntitle: ${title}\nicon: rights\norder: 1\nsource: IGI\nsourceUrl: https://igi.mai.gov.ro/\nchecked: 2026-11-30\n---\n\n${body}\n`;

describe('information point content', () => {
  it('every shipped page parses without problems, in every language', async () => {
    const content = new InfoContent(new ContentStore(SHIPPED, makeTempDir('cardgate-info-')), () => true);
    const report = await content.report();
    expect(report.problems).toEqual([]);
    expect(report.gaps).toEqual([]);
    expect(await content.slugs()).toEqual([
      'asylum',
      'protection',
      'document',
      'where',
      'emergency',
      'children',
    ]);
    for (const l of KIOSK_LANGUAGES) expect(readdirSync(join(SHIPPED, l.code)).length, l.code).toBe(6);
  });

  it('every language has the children topic with its five pictures, each named in that language', async () => {
    const content = new InfoContent(new ContentStore(SHIPPED, makeTempDir('cardgate-info-')), () => true);
    const en = parsePage('en', readFileSync(join(SHIPPED, 'en', 'children.md'), 'utf8'));
    const enAlts = en.blocks.flatMap((b) => (b.picture ? [b.picture.alt] : []));
    expect(enAlts).toEqual([
      'You are safe here',
      'An adult helps you',
      'Go to school',
      'See a doctor',
      'Call for help',
    ]);
    for (const l of KIOSK_LANGUAGES) {
      const page = await content.page(l.code, 'children');
      expect(page, l.code).toMatchObject({ fallback: false, shownLang: l.code, dir: l.dir });
      expect(page.meta.icon, l.code).toBe('child');
      // English is the source; every other language is marked as not yet checked by a speaker.
      expect(page.meta.translation, l.code).toBe(l.code === 'en' ? undefined : 'machine-unverified');
      const pictures = page.blocks.filter((b) => b.picture);
      expect(
        pictures.map((b) => b.picture!.name),
        l.code,
      ).toEqual(['safe-home', 'helper-adult', 'school', 'doctor', 'phone']);
      for (const [i, b] of pictures.entries()) {
        const alt = b.picture!.alt;
        expect(alt, `${l.code} ${b.picture!.name}`).not.toBe('');
        if (l.code !== 'en') expect(alt, `${l.code} alt is translated`).not.toBe(enAlts[i]);
        expect(b.text).toBe(alt);
        expect(b.html).toContain(`role="img" aria-label="${alt.replace(/"/g, '&quot;')}"`);
      }
      // The numbers to call are the emergency page's own, in the same words.
      const emergency = await content.page(l.code, 'emergency');
      const html = page.blocks.map((b) => b.html).join('');
      for (const n of ['<strong>112</strong>', '<strong>116 111</strong>'])
        expect(emergency.blocks.find((b) => b.html.includes(n))?.html, `${l.code} ${n}`).toBe(
          page.blocks.find((b) => b.html.includes(n))?.html,
        );
      expect(html, l.code).not.toContain('::picture');
    }
  });

  it('every kiosk language has every screen word of the English source, with the same placeholders', async () => {
    const dir = join(projectRoot, 'content', 'screen');
    const words = new ScreenStrings(dir);
    const en = (await words.strings('en')).strings;
    // The note a machine-made page shows (page-view.tsx) is one of them, so it is checked here too.
    expect(en['info.machineTranslation']).toBeDefined();
    const placeholders = (text: string) => [...text.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort();
    expect(readdirSync(dir).sort()).toEqual(KIOSK_LANGUAGES.map((l) => `${l.code}.json`).sort());
    for (const l of KIOSK_LANGUAGES) {
      const own = JSON.parse(readFileSync(join(dir, `${l.code}.json`), 'utf8')) as Record<string, string>;
      expect((await words.strings(l.code)).missing, l.code).toEqual([]);
      expect(Object.keys(own).sort(), `${l.code}: keys English does not have`).toEqual(
        Object.keys(en).sort(),
      );
      for (const [key, text] of Object.entries(en))
        expect(placeholders(own[key]!), `${l.code} ${key}`).toEqual(placeholders(text));
      // A translation, not the English text copied in (so the English fallback cannot pass for one).
      if (l.code !== 'en')
        expect(own['info.machineTranslation'], l.code).not.toBe(en['info.machineTranslation']);
    }
  });

  it('refuses an unknown picture, a picture without its text and a picture trying to carry HTML', () => {
    const text = page(
      'Pictures',
      '::picture[school]{Go to school}\n\n::picture[rocket]{A rocket}\n\n::picture[doctor]\n\n::picture[phone]{<img src=x onerror=alert(1)>}',
    );
    const p = parsePage('content/info/en/pictures.md', text);
    expect(p.problems).toEqual([
      {
        file: 'content/info/en/pictures.md',
        line: 12,
        message: `picture "rocket" is not one of ${PICTURE_NAMES.join(', ')}`,
      },
      {
        file: 'content/info/en/pictures.md',
        line: 14,
        message: 'a picture is written ::picture[name]{text saying what it shows}',
      },
    ]);
    expect(p.blocks.map((b) => b.picture?.name)).toEqual(['school', 'phone']);
    const html = p.blocks.map((b) => b.html).join('');
    expect(html).not.toContain('<img');
    expect(html).toContain('aria-label="&lt;img src=x onerror=alert(1)&gt;"');
    expect(html).not.toContain('rocket');
    // A front matter naming a translation state outside the list is a problem too.
    const marked = parsePage('x.md', text.replace('icon: rights', 'icon: child\ntranslation: google'));
    expect(marked.problems.map((x) => x.message)).toContain(
      'front matter: translation must be one of machine-unverified',
    );
  });

  it('reports problems with the file and line, and still renders the page', () => {
    const text = page(
      'Broken',
      'First paragraph.\n\n<script>alert(1)</script>\n\n[x](javascript:alert)\n\n```\nnot closed',
    );
    const p = parsePage('content/info/en/broken.md', text);
    expect(p.problems).toEqual([
      {
        file: 'content/info/en/broken.md',
        line: 12,
        message: 'HTML is not allowed in content (it is shown as text)',
      },
      {
        file: 'content/info/en/broken.md',
        line: 14,
        message: 'link "javascript:alert" is not https:, mailto: or tel:',
      },
      { file: 'content/info/en/broken.md', line: 16, message: 'code block opened with ``` is never closed' },
    ]);
    const html = p.blocks.map((b) => b.html).join('');
    expect(html).toContain('<p>First paragraph.</p>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('href="javascript');
    const bad = parsePage('x.md', '---\ntitle: [unclosed\n---\nBody');
    expect(bad.problems[0]).toMatchObject({ file: 'x.md', line: 2 });
    expect(bad.blocks[0]?.html).toContain('Body');
  });

  it('a missing or broken language falls back to English, marked, and the gaps are listed', async () => {
    const shipped = makeTempDir('cardgate-info-shipped-');
    for (const [lang, body] of [
      ['en', page('Rights', 'English text.')],
      ['ro', '---\ntitle: "unclosed\n---\nText românesc.'],
    ] as const) {
      mkdirSync(join(shipped, lang), { recursive: true });
      writeFileSync(join(shipped, lang, 'rights.md'), body);
    }
    const data = makeTempDir('cardgate-info-data-');
    const content = new InfoContent(new ContentStore(shipped, data), (l) => l !== 'ps');
    const ro = await content.page('ro', 'rights');
    expect(ro).toMatchObject({ fallback: true, shownLang: 'en', dir: 'ltr' });
    const ar = await content.page('ar', 'rights');
    expect(ar).toMatchObject({ fallback: true, shownLang: 'en', dir: 'ltr', meta: { title: 'Rights' } });
    const report = await content.report();
    expect(report.problems.map((p) => p.file)).toEqual(['content/info/ro/rights.md']);
    expect(report.gaps.find((g) => g.lang === 'ro')?.slugs).toEqual(['rights']);
    expect(report.gaps).toHaveLength(15);

    // An admin's edit goes over the shipped file; the text it replaces is kept in the history.
    await content.store.save(
      'ro',
      'rights',
      page('Drepturi', 'Text.'),
      'admin',
      new Date('2026-11-30T10:00:00Z'),
    );
    content.invalidate();
    expect(await content.page('ro', 'rights')).toMatchObject({
      fallback: false,
      meta: { title: 'Drepturi' },
    });
    const history = await content.store.history('ro', 'rights');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ who: 'admin', text: '---\ntitle: "unclosed\n---\nText românesc.' });
    expect(readFileSync(join(shipped, 'ro', 'rights.md'), 'utf8')).toContain('unclosed');
  });
});

describeWithSystem(['espeak-ng'], 'spoken pages (espeak-ng)', () => {
  it('makes a WAV once and serves it from the cache; Pashto and Somali have no voice', async () => {
    const speech = new Speech(makeTempDir('cardgate-speech-'), true);
    const file = await speech.wav('ar', 'لديك الحق في مترجم مجاني.');
    const probe = execFileSync('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration',
      '-of',
      'csv=p=0',
      file,
    ]).toString();
    expect(Number(probe)).toBeGreaterThan(0.5);
    const mtime = statSync(file).mtimeMs;
    expect(await speech.wav('ar', 'لديك الحق في مترجم مجاني.')).toBe(file);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(await speech.voiceFor('ps')).toBeNull();
    expect(await speech.voiceFor('so')).toBeNull();
    await expect(speech.wav('so', 'Haye')).rejects.toMatchObject({ code: 'SPEECH_LANGUAGE_UNSUPPORTED' });
    for (const l of KIOSK_LANGUAGES.filter((x) => x.voice))
      expect(await speech.voiceFor(l.code), l.code).toBe(l.voice);
  });
});
