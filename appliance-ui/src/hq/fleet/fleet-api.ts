import type {
  DailyCount,
  DeviceRow,
  IncidentRow,
  StationRow,
} from '../../../../gateway/hq/fleet/fleet-queries.js';
import { API, api } from '../../api.js';

/** A row as it arrives over JSON: its dates are ISO strings. */
type Wire<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

export type FleetStation = Wire<StationRow>;
export type FleetDevice = Wire<DeviceRow>;
export type FleetIncident = Wire<IncidentRow>;
export type FleetDay = DailyCount;
export type SiteDay = Omit<DailyCount, 'station'> & { stations: number };

export interface OverviewFilter {
  search: string;
  status: '' | 'online' | 'offline' | 'unknown';
  problems: boolean;
  site?: string;
  offset: number;
}

export const PAGE_SIZE = 50;

const qs = (o: Record<string, string | number | boolean | undefined>) =>
  new URLSearchParams(
    Object.entries(o)
      .filter(([, v]) => v !== undefined && v !== '' && v !== false)
      .map(([k, v]) => [k, String(v)]),
  ).toString();

/** One page of the fleet, sorted and filtered by HQ (never the whole fleet in the browser). */
export const fetchOverview = (f: OverviewFilter) =>
  api<{ total: number; stations: FleetStation[] }>(
    'GET',
    `/fleet/stations?${qs({ ...f, limit: PAGE_SIZE })}`,
  );

export const fetchStation = (site: string, station: string) =>
  api<{ station: FleetStation; devices: FleetDevice[]; incidents: FleetIncident[]; days: FleetDay[] }>(
    'GET',
    `/fleet/stations/${encodeURIComponent(site)}/${encodeURIComponent(station)}`,
  );

export const fetchSiteDays = (site: string, from: string, to: string) =>
  api<{ items: SiteDay[] }>('GET', `/fleet/sites/${encodeURIComponent(site)}/days?${qs({ from, to })}`);

/** The CSV of counts per site per day; a plain link, so the browser downloads it with the session. */
export const countsCsvUrl = (from: string, to: string, site?: string) =>
  `${API}/fleet/sites/counts.csv?${qs({ from, to, site })}`;

/** `days` whole UTC days back from today, as the API's YYYY-MM-DD range. */
export function lastDays(days: number, now = Date.now()): { from: string; to: string } {
  return {
    from: new Date(now - (days - 1) * 86_400_000).toISOString().slice(0, 10),
    to: new Date(now).toISOString().slice(0, 10),
  };
}

/** 0 offline, 1 device fault, 2 warning, 3 fine: the badge class and its words. */
export const SEVERITY = ['offline', 'fault', 'degraded', 'online'] as const;
