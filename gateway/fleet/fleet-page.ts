import type { StationView } from './fleet-state.js';

const esc = (s: unknown) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const yesNo = (b: boolean, bad: string) => (b ? `<span class="bad">${bad}</span>` : 'no');

/** "1 station", "2 stations": the count with its noun in the right number. */
export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function link(s: StationView): string {
  if (s.online) return '<span class="ok">online</span>';
  return s.status === 'unknown' ? 'no status yet' : '<span class="bad">offline</span>';
}

/** Which devices are in fault and why, e.g. "printer-1 (printer): RIBBON_ENDED". */
function faults(s: StationView): string {
  const bad = s.devices.filter((d) => d.state === 'fault');
  if (bad.length === 0) return 'none';
  return bad
    .map(
      (d) =>
        `<span class="bad">${esc(d.id)} (${esc(d.class)})${d.lastErrorCode ? `: ${esc(d.lastErrorCode)}` : ''}</span>`,
    )
    .join('<br>');
}

/** The headquarters table: one row per station, problems first in each column's wording. */
export function renderFleetPage(stations: StationView[], now: number): string {
  const rows = stations
    .map((s) => {
      const ago = s.lastSeen === null ? 'not yet' : `${Math.round((now - s.lastSeen) / 1000)} s ago`;
      return `<tr>
<td>${esc(s.site)}</td><td>${esc(s.station)}${s.name ? `<br><small>${esc(s.name)}</small>` : ''}</td>
<td>${link(s)}</td>
<td>${faults(s)}</td>
<td>${yesNo(s.ribbonLow, 'low')}</td><td>${yesNo(s.cardStockLow, 'low')}</td>
<td class="num">${s.issuedToday}</td><td class="num">${s.issuedTotal}</td>
<td>${yesNo(s.clockStale, 'stale')}</td>
<td class="num">${s.seqGaps}</td>
<td>${esc(ago)}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="10">
<title>cardgate fleet</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#111}
table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:.3rem .6rem;text-align:left}
th{background:#eee}.num{text-align:right}.bad{color:#a00;font-weight:600}.ok{color:#060}
</style></head><body>
<h1>cardgate fleet</h1>
<p>${plural(stations.length, 'station', 'stations')}, ${stations.filter((s) => s.online).length} online. Refreshes every 10 s. Metrics: <a href="/metrics">/metrics</a>.</p>
<table><caption>Stations by site</caption>
<thead><tr><th scope="col">Site</th><th scope="col">Station</th><th scope="col">Link</th><th scope="col">Devices in fault</th>
<th scope="col">Ribbon</th><th scope="col">Card stock</th><th scope="col">Issued today</th><th scope="col">Issued total</th>
<th scope="col">Clock</th><th scope="col">Missing messages</th><th scope="col">Last seen</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}
