import { useEffect, useState } from 'preact/hooks';
import type { PageProps } from '../../app.js';
import { useServerEvents } from '../../events.js';
import { t, type MessageKey } from '../../i18n/index.js';
import type { DeviceList, DeviceState, StationEvent } from '../../types.js';
import { BoardPanel } from './board-panel.js';
import { DevicesPanel } from './devices-panel.js';
import { EncoderPanel } from './encoder-panel.js';
import { EventLog } from './event-log.js';
import { LinesPanel } from './lines-panel.js';
import { PrinterPanel } from './printer-panel.js';
import { ReadinessNotice } from './readiness-notice.js';
import { StockPanel } from './stock-panel.js';
import { TelemetryPanel } from './telemetry-panel.js';
import { useFetch } from './use-fetch.js';

const TABS: { id: string; label: MessageKey }[] = [
  { id: 'devices', label: 'diag.devices' },
  { id: 'lines', label: 'lines.title' },
  { id: 'printer', label: 'diag.printer' },
  { id: 'encoder', label: 'diag.encoder' },
  { id: 'board', label: 'diag.board' },
  { id: 'mqtt', label: 'diag.mqtt' },
  { id: 'stock', label: 'diag.stock' },
  { id: 'events', label: 'diag.events' },
];

/** Technician's page: every device, the printer's insides, the encoder, the board, the link, stock, events. */
export function DiagnosticsPage({ user }: PageProps) {
  const initial = location.hash.slice(1);
  const [tab, setTab] = useState(TABS.some((x) => x.id === initial) ? initial : 'devices');
  const devices = useFetch<DeviceList>('/devices');
  const [list, setList] = useState<DeviceState[]>([]);
  const [live, setLive] = useState<(StationEvent & { at: string })[]>([]);

  useEffect(() => setList(devices.data?.items ?? []), [devices.data]);

  useServerEvents({
    device: (d) => {
      const e = d as { id: string; state: DeviceState };
      setList((l) =>
        l.some((x) => x.id === e.id) ? l.map((x) => (x.id === e.id ? e.state : x)) : [...l, e.state],
      );
    },
    station: (d) => {
      const e = d as StationEvent;
      if (e && typeof e.code === 'string')
        setLive((l) => [{ ...e, at: new Date().toISOString() }, ...l].slice(0, 200));
    },
    open: () => void devices.reload(),
  });

  const choose = (id: string) => {
    setTab(id);
    history.replaceState(null, '', `#${id}`);
  };
  const of = (cls: string) => list.filter((d) => d.class === cls);

  return (
    <div class="diag">
      <h1>{t('diag.title')}</h1>
      <ReadinessNotice />
      <nav aria-label={t('diag.sections')} class="tabs">
        <ul>
          {TABS.map((x) => (
            <li key={x.id}>
              <button
                type="button"
                class={tab === x.id ? 'tab active' : 'tab'}
                aria-current={tab === x.id ? 'true' : undefined}
                onClick={() => choose(x.id)}
                data-tab={x.id}
              >
                {t(x.label)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'devices' && <DevicesPanel devices={list} error={devices.error} onReload={devices.reload} />}
      {tab === 'lines' && <LinesPanel />}
      {tab === 'printer' && <PrinterPanel printers={of('printer')} role={user.role} />}
      {tab === 'encoder' && <EncoderPanel encoders={of('encoder')} />}
      {tab === 'board' && <BoardPanel />}
      {tab === 'mqtt' && <TelemetryPanel />}
      {tab === 'stock' && <StockPanel />}
      {tab === 'events' && <EventLog live={live} />}
    </div>
  );
}
