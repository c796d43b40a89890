import type { Ref } from 'preact';
import { Icon } from '../kiosk/icons.js';
import { say, spellDate, type Words } from '../kiosk/lang.js';
import { Speak } from '../kiosk/speak.js';

export interface InfoPageData {
  slug: string;
  lang: string;
  shownLang: string;
  fallback: boolean;
  dir: 'ltr' | 'rtl';
  meta: {
    title: string;
    icon: string;
    source: string;
    sourceUrl: string;
    checked: string;
    translation?: string;
  };
  blocks: { html: string; text: string }[];
  audio: boolean;
}

/**
 * One page: its blocks (HTML made by the station from Markdown with raw HTML off, so it holds
 * only markdown-it's own tags), a play button per block, the source and the date it was checked.
 * A page shown in English for want of a translation says so, and is marked lang="en"; a
 * translation nobody who speaks the language has checked yet says that.
 */
export function PageView(props: {
  page: InfoPageData;
  words: Words | null;
  headingRef: Ref<HTMLHeadingElement>;
  onBack: () => void;
}) {
  const { page, words } = props;
  const pageWords = words && { ...words, audio: page.audio };
  return (
    <article
      data-testid="info-page"
      data-fallback={page.fallback}
      data-translation={page.meta.translation ?? 'checked'}
      lang={page.shownLang}
      dir={page.dir}
    >
      <div class="row">
        <button type="button" onClick={props.onBack} aria-label={say(words, 'info.back')}>
          <Icon name="back" size={28} />
        </button>
        <Icon name={page.meta.icon} />
        <h2 ref={props.headingRef} tabIndex={-1}>
          {page.meta.title}
        </h2>
      </div>
      {page.fallback && (
        <p class="fallback" role="note" lang={words?.lang} dir={words?.dir} data-testid="fallback-note">
          {say(words, 'info.fallback')}
        </p>
      )}
      {!page.fallback && page.meta.translation === 'machine-unverified' && (
        // Said in words, not only in data-translation: the reader should know to ask when unsure.
        <p class="fallback" role="note" lang={words?.lang} dir={words?.dir} data-testid="translation-note">
          {say(words, 'info.machineTranslation')}
        </p>
      )}
      {page.blocks.map((b, i) => (
        <div class="block" key={i}>
          <div class="text" dangerouslySetInnerHTML={{ __html: b.html }} />
          {b.text && (
            <Speak
              words={pageWords}
              src={`/api/v1/info/pages/${page.lang}/${page.slug}/audio/${i}`}
              label={b.text.slice(0, 40)}
            />
          )}
        </div>
      ))}
      <p class="source" lang={words?.lang} dir={words?.dir}>
        {say(words, 'info.source')} <span dir="auto">{page.meta.source}</span> (
        <span dir="ltr">{page.meta.sourceUrl}</span>) · {say(words, 'info.checked')}{' '}
        {spellDate(words, page.meta.checked)}
      </p>
    </article>
  );
}
