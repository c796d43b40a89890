import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { t } from '../../i18n/index.js';
import type { FleetDay, SiteDay } from './fleet-api.js';

/** Days summed per date (several stations of a site fold into one point). */
function series(days: (FleetDay | SiteDay)[]): uPlot.AlignedData {
  const by = new Map<string, [number, number, number]>();
  for (const d of days) {
    const v = by.get(d.day) ?? [0, 0, 0];
    by.set(d.day, [v[0] + d.issued, v[1] + d.voided, v[2] + d.failed]);
  }
  const keys = [...by.keys()].sort();
  return [
    keys.map((k) => Date.parse(`${k}T00:00:00Z`) / 1000),
    keys.map((k) => by.get(k)![0]),
    keys.map((k) => by.get(k)![1]),
    keys.map((k) => by.get(k)![2]),
  ];
}

/**
 * Cards per day as bars-like stepped lines (uPlot). The numbers are also in the table beside it:
 * the chart is the picture, not the only way to read them.
 */
export function CountsChart({ days }: { days: (FleetDay | SiteDay)[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || days.length === 0) return;
    const plot = new uPlot(
      {
        width: Math.max(320, Math.min(900, el.clientWidth || 640)),
        height: 220,
        scales: { x: { time: true } },
        series: [
          {},
          { label: t('fleet.col.issued'), stroke: '#0b4f9c', width: 2 },
          { label: t('fleet.col.voided'), stroke: '#7a4b00', width: 2 },
          { label: t('fleet.col.failed'), stroke: '#a4161a', width: 2 },
        ],
        axes: [{}, { label: t('fleet.col.issued') }],
      },
      series(days),
      el,
    );
    return () => plot.destroy();
  }, [days]);
  if (days.length === 0) return <p class="muted">{t('fleet.days.none')}</p>;
  return (
    <div ref={box} class="fleet-chart" role="img" aria-label={t('fleet.chart')} data-testid="counts-chart" />
  );
}
