import { formatDateTime, t } from '../../i18n/index.js';
import { SEVERITY, type FleetStation } from './fleet-api.js';
import { Link, siteHref, stationHref } from './link.js';

export function SeverityBadge({ severity }: { severity: number }) {
  const s = SEVERITY[severity] ?? 'degraded';
  return <span class={`badge state-${s}`}>{t(`fleet.severity.${s}`)}</span>;
}

const num = (n: number | null) => (n === null ? '—' : n.toLocaleString());

/** One page of stations as HQ sorted them (worst first); each row links to its station and site. */
export function StationsTable({ stations, caption }: { stations: FleetStation[]; caption: string }) {
  return (
    <table data-testid="fleet-table">
      <caption class="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('fleet.col.state')}</th>
          <th scope="col">{t('fleet.col.site')}</th>
          <th scope="col">{t('fleet.col.station')}</th>
          <th scope="col">{t('fleet.col.lastSeen')}</th>
          <th scope="col">{t('fleet.col.faults')}</th>
          <th scope="col">{t('fleet.col.feeder')}</th>
          <th scope="col">{t('fleet.col.today')}</th>
          <th scope="col">{t('fleet.col.missing')}</th>
        </tr>
      </thead>
      <tbody>
        {stations.map((s) => (
          <tr
            key={`${s.site}/${s.station}`}
            data-station={`${s.site}/${s.station}`}
            data-severity={s.severity}
          >
            <td>
              <SeverityBadge severity={s.severity} />
            </td>
            <td>
              <Link href={siteHref(s.site)}>{s.site}</Link>
            </td>
            <th scope="row">
              <Link href={stationHref(s.site, s.station)}>{s.station}</Link>
              {s.name && <div class="muted">{s.name}</div>}
            </th>
            <td>{formatDateTime(s.lastSeen)}</td>
            <td>{s.devicesInFault}</td>
            <td>{num(s.stockInFeeder)}</td>
            <td>{num(s.issuedTodayStation)}</td>
            <td>{s.missingEvents}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
