import { STREAMS, stationBase } from './contract/index.js';

/**
 * A mosquitto `acl_file` for a fleet whose clients log in by certificate CN
 * (`use_identity_as_username`): headquarters reads everything and alone sends commands; each
 * station (CN `<site>.<station>`) publishes only its own streams and replies and reads only its
 * own `cmd/`. Written out per station: mosquitto cannot split a CN, and does not substitute a
 * user name holding `/` into `pattern` lines.
 */
export function mosquittoAcl(opts: {
  prefix: string;
  hqUser: string;
  stations: { site: string; id: string }[];
}): string {
  const lines = [
    '# Headquarters: reads everything, sends commands.',
    `user ${opts.hqUser}`,
    `topic read ${opts.prefix}/#`,
    `topic write ${opts.prefix}/+/+/cmd/+`,
  ];
  for (const s of opts.stations) {
    const base = stationBase(opts.prefix, s.site, s.id);
    lines.push(
      '',
      `user ${s.site}.${s.id}`,
      ...STREAMS.map((t) => `topic write ${base}/${t}`),
      `topic write ${base}/reply/+`,
      `topic read ${base}/cmd/+`,
    );
  }
  return lines.join('\n') + '\n';
}
