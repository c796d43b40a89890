import type { DemoStation } from './demo-station.js';

/** The HQ pages a person opens (appliance-ui/src/hq/pages.ts), and /verify outside the shell. */
const HQ_PAGES = [
  ['HQ home', '/'],
  ['HQ fleet', '/fleet'],
  ['HQ caseworker search', '/caseworker'],
  ['HQ document status', '/documents'],
  ['HQ verify', '/verify'],
] as const;

/** A station's pages (appliance-ui/src/roles.ts and the kiosk pages). */
const STATION_PAGES = ['/issue', '/diagnostics', '/applicant', '/info', '/queue', '/verify'] as const;

/**
 * What `cardgate demo` prints once everything is up: every page's URL (one per line, as
 * "page <label>: <url>") and every account ("login <where> <role>: <name> <password>"). The
 * passwords exist in clear text only here.
 */
export function demoSummary(o: {
  hqUrl: string;
  hqLogins: { role: string; name: string; password: string }[];
  stations: DemoStation[];
  simulated: number;
  dir: string | null;
  seconds: number;
}): string[] {
  const lines = [
    `cardgate demo: ready in ${o.seconds.toFixed(1)} s: HQ, ${o.stations.length} stations with emulated devices, ${o.simulated} simulated stations`,
    '',
    ...HQ_PAGES.map(([label, path]) => `page ${label}: ${o.hqUrl}${path}`),
  ];
  for (const s of o.stations)
    for (const path of STATION_PAGES)
      lines.push(`page station ${s.ref.site}/${s.ref.station} ${path.slice(1)}: ${s.url}${path}`);
  lines.push('');
  for (const l of o.hqLogins) lines.push(`login HQ ${l.role}: ${l.name} ${l.password}`);
  for (const s of o.stations)
    for (const l of s.logins)
      lines.push(`login station ${s.ref.site}/${s.ref.station} ${l.role}: ${l.name} ${l.password}`);
  lines.push('');
  if (o.dir) lines.push(`cardgate demo: data kept in ${o.dir}`);
  lines.push('cardgate demo: the passwords are shown only now; Ctrl-C stops everything');
  return lines;
}
