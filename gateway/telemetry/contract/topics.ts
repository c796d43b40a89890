/**
 * Topic layout: `<prefix>/<site>/<station>/<stream>`; commands under `cmd/<name>`, their replies
 * under `reply/<name>`.
 */
export const STREAMS = ['status', 'birth', 'health', 'counters', 'events', 'diagnostics'] as const;
export type Stream = (typeof STREAMS)[number];

export const COMMAND_NAMES = [
  'rebirth',
  'set-telemetry-interval',
  'request-diagnostics',
  'lock-station',
  'unlock-station',
  'assign-number-block',
  'document-status',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export const isCommandName = (s: string): s is CommandName =>
  (COMMAND_NAMES as readonly string[]).includes(s);

export function stationBase(prefix: string, site: string, station: string): string {
  return `${prefix}/${site}/${station}`;
}

export interface ParsedTopic {
  site: string;
  station: string;
  /** 'status' … 'diagnostics', or 'cmd' / 'reply' with `name`. */
  kind: string;
  name?: string;
}

/** Parses a topic under `prefix`; undefined for anything outside the contract. */
export function parseTopic(prefix: string, topic: string): ParsedTopic | undefined {
  const parts = topic.split('/');
  if (parts[0] !== prefix || parts.length < 4 || parts.length > 5) return undefined;
  const [, site, station, kind, name] = parts as [string, string, string, string, string | undefined];
  if (parts.length === 5)
    return kind === 'cmd' || kind === 'reply' ? { site, station, kind, name: name! } : undefined;
  return { site, station, kind };
}
