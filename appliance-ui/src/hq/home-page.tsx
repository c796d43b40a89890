import { t } from '../i18n/index.js';
import type { HqPageProps } from './pages.js';

/** What each role does here, in a sentence: the nav holds the pages themselves. */
export function HomePage({ user }: HqPageProps) {
  return (
    <section class="card" aria-labelledby="hq-home-h" data-testid="hq-home">
      <h1 id="hq-home-h">{t('hq.home.title')}</h1>
      <p>{t(`hq.home.${user.role}`)}</p>
    </section>
  );
}
