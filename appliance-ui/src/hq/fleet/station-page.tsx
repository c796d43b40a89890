import { useEffect, useState } from 'preact/hooks';
import { ErrorNote, Facts, StateBadge } from '../../components/common.js';
import { formatDateTime, t, tCode } from '../../i18n/index.js';
import { CountsChart } from './counts-chart.js';
import { DaysTable } from './days-table.js';
import { fetchStation, type FleetIncident } from './fleet-api.js';
import { LinesTable } from './lines-table.js';
import { Link, siteHref } from './link.js';
import { SeverityBadge } from './stations-table.js';

type Station = Awaited<ReturnType<typeof fetchStation>>;

function duration(seconds: number): string {
  const min = Math.round(seconds / 60);
  return min < 60
    ? t('fleet.duration.min', { n: min })
    : t('fleet.duration.h', { h: Math.floor(min / 60), m: min % 60 });
}

function Incident({ i }: { i: FleetIncident }) {
  const what =
    i.kind === 'offline'
      ? t('fleet.incident.offline', { code: i.code })
      : t('fleet.incident.device', { device: i.device, code: tCode('fault', i.code, i.code) });
  const when = i.endedAt
    ? t('fleet.incident.from', {
        start: formatDateTime(i.startedAt),
        end: formatDateTime(i.endedAt),
        duration: duration(i.durationSeconds),
      })
    : t('fleet.incident.open', { start: formatDateTime(i.startedAt), duration: duration(i.durationSeconds) });
  return (
    <li data-kind={i.kind} data-open={i.endedAt ? undefined : 'true'}>
      <strong>{what}</strong> <span class="muted">{when}</span>
    </li>
  );
}

/** One station: its state, devices, incidents (newest first) and exact counts per day. */
export function StationPage({ site, station }: { site: string; station: string }) {
  const [data, setData] = useState<Station | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    fetchStation(site, station).then(setData, setError);
  }, [site, station]);
  const s = data?.station;
  return (
    <>
      <p>
        <Link href="/fleet">{t('fleet.back')}</Link> ·{' '}
        <Link href={siteHref(site)}>{t('fleet.site.title', { site })}</Link>
      </p>
      <section class="card" aria-labelledby="fleet-station-h" data-testid="fleet-station">
        <h1 id="fleet-station-h">
          {t('fleet.station.title', { site, station })} {s && <SeverityBadge severity={s.severity} />}
        </h1>
        <ErrorNote error={error} />
        {s && (
          <Facts
            label={t('fleet.station.facts')}
            rows={[
              [t('fleet.col.state'), t(`fleet.status.${s.status}`)],
              [t('fleet.station.since'), formatDateTime(s.statusSince)],
              [t('fleet.col.lastSeen'), formatDateTime(s.lastSeen)],
              [t('fleet.station.version'), s.version ?? '—'],
              [t('fleet.station.clock'), s.clockSync ?? '—'],
              [t('fleet.station.skew'), s.clockSkewMs],
              [t('fleet.station.outbox'), s.outboxDepth],
              [t('fleet.col.feeder'), s.stockInFeeder],
              [t('fleet.station.numbers'), s.numbersRemaining],
              [t('fleet.station.total'), s.issuedTotal],
              [t('fleet.station.handoffPending'), s.handoffPending],
              [t('fleet.station.handoffOldest'), s.handoffOldestSeconds],
              [t('fleet.station.handoffAck'), formatDateTime(s.handoffLastAck)],
            ]}
          />
        )}
      </section>
      {data && (
        <>
          <section class="card" aria-labelledby="fleet-dev-h">
            <h2 id="fleet-dev-h">{t('fleet.devices')}</h2>
            <table data-testid="fleet-devices">
              <thead>
                <tr>
                  <th scope="col">{t('fleet.device.id')}</th>
                  <th scope="col">{t('fleet.device.class')}</th>
                  <th scope="col">{t('fleet.device.state')}</th>
                  <th scope="col">{t('fleet.device.code')}</th>
                  <th scope="col">{t('fleet.device.since')}</th>
                </tr>
              </thead>
              <tbody>
                {data.devices.map((d) => (
                  <tr key={d.device} data-device={d.device} data-state={d.state}>
                    <th scope="row">{d.device}</th>
                    <td>{tCode('class', d.class)}</td>
                    <td>
                      <StateBadge state={d.state} />
                    </td>
                    <td>{d.lastErrorCode ? tCode('fault', d.lastErrorCode) : '—'}</td>
                    <td>{formatDateTime(d.since)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {data.station.printLines && data.station.printLines.length > 0 && (
            <section class="card" aria-labelledby="fleet-lines-h">
              <h2 id="fleet-lines-h">{t('fleet.lines.title')}</h2>
              <LinesTable lines={data.station.printLines} />
            </section>
          )}
          <section class="card" aria-labelledby="fleet-inc-h">
            <h2 id="fleet-inc-h">{t('fleet.incidents')}</h2>
            {data.incidents.length === 0 ? (
              <p class="muted">{t('fleet.incidents.none')}</p>
            ) : (
              <ol class="timeline" data-testid="fleet-incidents">
                {data.incidents.map((i) => (
                  <Incident key={`${i.kind}-${i.device}-${i.startedAt}`} i={i} />
                ))}
              </ol>
            )}
          </section>
          <section class="card" aria-labelledby="fleet-days-h">
            <h2 id="fleet-days-h">{t('fleet.days')}</h2>
            <CountsChart days={data.days} />
            <DaysTable days={data.days} caption={t('fleet.days')} />
          </section>
        </>
      )}
    </>
  );
}
