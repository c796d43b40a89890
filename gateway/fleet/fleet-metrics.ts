import type { FleetState, StationView } from './fleet-state.js';

const label = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

const GAUGES: [
  name: string,
  help: string,
  type: 'gauge' | 'counter',
  value: (s: StationView, now: number) => number | null,
][] = [
  ['cardgate_station_online', 'Station link up (status online and not silent)', 'gauge', (s) => +s.online],
  ['cardgate_station_devices_in_fault', 'Devices reporting a fault', 'gauge', (s) => s.devicesInFault],
  ['cardgate_station_ribbon_low', 'A printer ribbon is low', 'gauge', (s) => +s.ribbonLow],
  [
    'cardgate_station_card_stock_low',
    'Cards in the feeder at or under the threshold',
    'gauge',
    (s) => +s.cardStockLow,
  ],
  ['cardgate_station_cards_issued_today', 'Cards issued today (station day)', 'gauge', (s) => s.issuedToday],
  ['cardgate_station_cards_issued_total', 'Cards issued since installation', 'counter', (s) => s.issuedTotal],
  ['cardgate_station_clock_stale', 'Station clock unsynchronised or skewed', 'gauge', (s) => +s.clockStale],
  [
    'cardgate_station_last_seen_seconds',
    'Seconds since the last message',
    'gauge',
    (s, now) => (s.lastSeen === null ? null : (now - s.lastSeen) / 1000),
  ],
  [
    'cardgate_station_sequence_gaps_total',
    'Messages missing in gapless streams',
    'counter',
    (s) => s.seqGaps,
  ],
  [
    'cardgate_station_sequence_duplicates_total',
    'Messages received twice',
    'counter',
    (s) => s.seqDuplicates,
  ],
  ['cardgate_station_outbox_depth', 'Messages waiting in the station outbox', 'gauge', (s) => s.outboxDepth],
];

/** Prometheus text exposition (version 0.0.4) with the same figures as the fleet page. */
export function renderMetrics(state: FleetState, now: number): string {
  const stations = state.refresh(now);
  const out: string[] = [];
  for (const [name, help, type, value] of GAUGES) {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const s of stations) {
      const v = value(s, now);
      if (v !== null) out.push(`${name}{site="${label(s.site)}",station="${label(s.station)}"} ${v}`);
    }
  }
  out.push(
    '# HELP cardgate_fleet_messages_total Messages ingested by this monitor',
    '# TYPE cardgate_fleet_messages_total counter',
  );
  out.push(`cardgate_fleet_messages_total ${state.messages}`);
  out.push(
    '# HELP cardgate_fleet_rejected_total Messages that were not valid JSON telemetry',
    '# TYPE cardgate_fleet_rejected_total counter',
  );
  out.push(`cardgate_fleet_rejected_total ${state.rejected}`);
  return out.join('\n') + '\n';
}
