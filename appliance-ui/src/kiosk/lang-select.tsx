import type { KioskLanguage, Words } from './lang.js';
import { say } from './lang.js';
import { Icon } from './icons.js';

/** A compact language choice for the top bar (each name in its own language and direction). */
export function LangSelect(props: {
  languages: KioskLanguage[];
  value: string;
  words: Words | null;
  onChange: (code: string) => void;
}) {
  return (
    <label class="row">
      <Icon name="globe" size={28} />
      <span class="sr-only">{say(props.words, 'lang.choose')}</span>
      <select
        class="big"
        value={props.value}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}
        aria-label={say(props.words, 'lang.choose')}
      >
        {props.languages.map((l) => (
          <option key={l.code} value={l.code} lang={l.code} dir={l.dir}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
