import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorNote } from '../../components/common.js';
import { t } from '../../i18n/index.js';
import { fetchOverview, PAGE_SIZE, type FleetStation, type OverviewFilter } from './fleet-api.js';
import { StationsTable } from './stations-table.js';

/**
 * Stations worst first, filtered, searched and paged by HQ (50 a page), so 5,000 stations cost
 * the browser one page of rows. `site` fixes the filter to one site (the site page).
 */
export function StationList({ site }: { site?: string }) {
  const [f, setF] = useState<OverviewFilter>({ search: '', status: '', problems: false, offset: 0, site });
  const [data, setData] = useState<{ total: number; stations: FleetStation[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const asked = useRef(0);

  useEffect(() => {
    const n = ++asked.current;
    fetchOverview(f).then(
      (d) => n === asked.current && (setData(d), setError(null)),
      (e) => n === asked.current && setError(e),
    );
  }, [f.search, f.status, f.problems, f.offset, f.site]);

  // Any filter change goes back to the first page.
  const change = (p: Partial<OverviewFilter>) => setF({ ...f, offset: 0, ...p });
  const last = data ? Math.min(f.offset + PAGE_SIZE, data.total) : 0;
  return (
    <div>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('fleet.search')}
          <input
            type="search"
            maxLength={64}
            value={f.search}
            onInput={(e) => change({ search: (e.target as HTMLInputElement).value })}
          />
        </label>
        <label>
          {t('fleet.status')}
          <select
            value={f.status}
            onChange={(e) =>
              change({ status: (e.target as HTMLSelectElement).value as OverviewFilter['status'] })
            }
          >
            <option value="">{t('fleet.status.all')}</option>
            <option value="online">{t('fleet.status.online')}</option>
            <option value="offline">{t('fleet.status.offline')}</option>
            <option value="unknown">{t('fleet.status.unknown')}</option>
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={f.problems}
            onChange={(e) => change({ problems: (e.target as HTMLInputElement).checked })}
          />
          {t('fleet.problems')}
        </label>
      </form>
      <ErrorNote error={error} />
      <p aria-live="polite" data-testid="fleet-count">
        {data === null
          ? t('common.loading')
          : data.total === 0
            ? t('fleet.empty')
            : t('fleet.showing', { from: f.offset + 1, to: last, total: data.total })}
      </p>
      {data && data.stations.length > 0 && (
        <StationsTable stations={data.stations} caption={t('fleet.table')} />
      )}
      {data && data.total > PAGE_SIZE && (
        <nav class="pager" aria-label={t('fleet.table')}>
          <button
            type="button"
            class="secondary"
            disabled={f.offset === 0}
            onClick={() => setF({ ...f, offset: Math.max(0, f.offset - PAGE_SIZE) })}
          >
            {t('fleet.previous')}
          </button>
          <button
            type="button"
            class="secondary"
            disabled={last >= data.total}
            onClick={() => setF({ ...f, offset: f.offset + PAGE_SIZE })}
          >
            {t('fleet.next')}
          </button>
        </nav>
      )}
    </div>
  );
}
