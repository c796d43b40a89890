import { t } from '../../i18n/index.js';
import { usePath } from '../../router.js';
import { countsCsvUrl, lastDays } from './fleet-api.js';
import { StationList } from './overview.js';
import { SitePage } from './site-page.js';
import { StationPage } from './station-page.js';
import './fleet.css';

/** HQ's fleet slot: `/fleet` (at a glance), `/fleet/<site>` (a site), `/fleet/<site>/<station>`. */
export function FleetPage() {
  const [site, station] = usePath()
    .split('/')
    .slice(2)
    .filter(Boolean)
    .map((p) => decodeURIComponent(p));
  if (site && station) return <StationPage site={site} station={station} />;
  if (site) return <SitePage site={site} />;
  const range = lastDays(30);
  return (
    <section class="card" aria-labelledby="fleet-h" data-testid="fleet-overview">
      <h1 id="fleet-h">{t('fleet.title')}</h1>
      <p>{t('fleet.intro')}</p>
      <p>
        <a href={countsCsvUrl(range.from, range.to)} download data-testid="fleet-csv">
          {t('fleet.csv')}
        </a>
      </p>
      <StationList />
    </section>
  );
}
