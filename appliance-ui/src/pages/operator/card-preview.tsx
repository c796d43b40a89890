import { ErrorNote } from '../../components/common.js';
import { t } from '../../i18n/index.js';
import { previewWarning } from './preview-warnings.js';

export interface Preview {
  front: string;
  back: string;
  warnings: string[];
}

/** The MRZ as the card will carry it, from the gateway (the same code that prints it). */
export function MrzCard({ mrz }: { mrz: { lines: string[] | null; error: unknown } }) {
  return (
    <section class="card mrz-card" aria-labelledby="mrz-h">
      <h2 id="mrz-h">{t('mrz.title')}</h2>
      {mrz.lines ? (
        <>
          <pre class="mrz" data-testid="mrz" aria-label={t('mrz.title')}>
            {mrz.lines.join('\n')}
          </pre>
          <p class="hint">{t('mrz.masked')}</p>
        </>
      ) : mrz.error ? (
        <ErrorNote error={mrz.error} />
      ) : (
        <p class="muted">{t('mrz.incomplete')}</p>
      )}
    </section>
  );
}

/** Both sides of the card as they will print, with the renderer's warnings in words. */
export function CardPreview({ preview }: { preview: Preview }) {
  return (
    <section class="card" aria-labelledby="preview-h">
      <h2 id="preview-h">{t('preview.title')}</h2>
      <div class="preview">
        <figure>
          <img src={preview.front} alt={t('preview.front')} />
          <figcaption>{t('preview.front')}</figcaption>
        </figure>
        <figure>
          <img src={preview.back} alt={t('preview.back')} />
          <figcaption>{t('preview.back')}</figcaption>
        </figure>
      </div>
      {preview.warnings.length > 0 && (
        <ul class="note warn">
          {preview.warnings.map((w) => {
            const text = previewWarning(String(w));
            return <li key={text}>{text}</li>;
          })}
        </ul>
      )}
    </section>
  );
}
