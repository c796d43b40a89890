import { t } from '../../i18n/index.js';
import type { FleetDay, SiteDay } from './fleet-api.js';

/** The exact counts per day, newest first; a day with a hole in a station's events says so. */
export function DaysTable({ days, caption }: { days: (FleetDay | SiteDay)[]; caption: string }) {
  if (days.length === 0) return null;
  const stations = days.some((d) => 'stations' in d);
  return (
    <table data-testid="days-table">
      <caption class="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('fleet.col.day')}</th>
          {stations && <th scope="col">{t('fleet.col.stations')}</th>}
          <th scope="col">{t('fleet.col.issued')}</th>
          <th scope="col">{t('fleet.col.voided')}</th>
          <th scope="col">{t('fleet.col.failed')}</th>
          <th scope="col">{t('fleet.col.cancelled')}</th>
        </tr>
      </thead>
      <tbody>
        {[...days].reverse().map((d) => (
          <tr key={d.day} data-day={d.day}>
            <th scope="row">
              {d.day}
              {d.gap && <span class="badge state-degraded">{t('fleet.gap')}</span>}
            </th>
            {stations && <td>{'stations' in d ? d.stations : ''}</td>}
            <td data-col="issued">{d.issued}</td>
            <td>{d.voided}</td>
            <td>{d.failed}</td>
            <td>{d.cancelled}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
