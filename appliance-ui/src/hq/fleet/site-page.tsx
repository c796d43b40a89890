import { useEffect, useState } from 'preact/hooks';
import { ErrorNote } from '../../components/common.js';
import { t } from '../../i18n/index.js';
import { CountsChart } from './counts-chart.js';
import { DaysTable } from './days-table.js';
import { countsCsvUrl, fetchSiteDays, lastDays, type SiteDay } from './fleet-api.js';
import { Link } from './link.js';
import { StationList } from './overview.js';

/** A site: its daily totals over its stations (chart, table, CSV) and its stations, worst first. */
export function SitePage({ site }: { site: string }) {
  const [days, setDays] = useState<SiteDay[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const range = lastDays(30);
  useEffect(() => {
    fetchSiteDays(site, range.from, range.to).then((r) => setDays(r.items), setError);
  }, [site]);
  return (
    <>
      <p>
        <Link href="/fleet">{t('fleet.back')}</Link>
      </p>
      <section class="card" aria-labelledby="fleet-site-h" data-testid="fleet-site">
        <h1 id="fleet-site-h">{t('fleet.site.title', { site })}</h1>
        <ErrorNote error={error} />
        <h2>{t('fleet.days.site')}</h2>
        {days && <CountsChart days={days} />}
        {days && <DaysTable days={days} caption={t('fleet.days.site')} />}
        <p>
          <a href={countsCsvUrl(range.from, range.to, site)} download data-testid="site-csv">
            {t('fleet.site.csv')}
          </a>
        </p>
      </section>
      <section class="card" aria-labelledby="fleet-site-st-h">
        <h2 id="fleet-site-st-h">{t('fleet.site.stations')}</h2>
        <StationList site={site} />
      </section>
    </>
  );
}
