import { Value } from 'typebox/value';
import { parseTopic } from '../../telemetry/contract/topics.js';
import { PublishedSchemas, type Message } from '../../telemetry/publisher.js';

/** Why a message was not taken as truth (the label of the rejection metric). */
export type RejectReason = 'topic' | 'size' | 'json' | 'schema';

/** A station message that passed the contract: its stream's schema, site and station from the topic. */
export type FleetMessage =
  | { site: string; station: string; stream: 'status'; body: Message<'status'> }
  | { site: string; station: string; stream: 'birth'; body: Message<'birth'> }
  | { site: string; station: string; stream: 'health'; body: Message<'health'> }
  | { site: string; station: string; stream: 'counters'; body: Message<'counters'> }
  | { site: string; station: string; stream: 'events'; body: Message<'events'> }
  /** Replies and diagnostics: checked, not stored by the fleet. */
  | { site: string; station: string; stream: 'other'; body: unknown };

export type Checked =
  { ok: true; message: FleetMessage } | { ok: false; reason: RejectReason; detail: string };

/** Ids as the station config allows them; anything else in a topic is not a station of ours. */
const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Default bound: four times the station's own limit (mqtt.maxPayloadBytes, 64 KiB). */
export const MAX_MESSAGE_BYTES = 256 * 1024;

/**
 * The edge of HQ's ingest: topic, size, JSON and the contract schema of the stream, in that
 * order. Nothing off the contract reaches the database; the detail names the failing path, never
 * the value (a value might be anything a misbehaving sender put there).
 */
export function checkMessage(
  prefix: string,
  topic: string,
  raw: Uint8Array,
  maxBytes = MAX_MESSAGE_BYTES,
): Checked {
  const t = parseTopic(prefix, topic);
  if (!t || !ID.test(t.site) || !ID.test(t.station) || t.kind === 'cmd')
    return { ok: false, reason: 'topic', detail: 'not a station telemetry topic' };
  if (raw.byteLength > maxBytes)
    return { ok: false, reason: 'size', detail: `${raw.byteLength} bytes over ${maxBytes}` };
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch {
    return { ok: false, reason: 'json', detail: 'not JSON' };
  }
  const stream = t.kind as keyof typeof PublishedSchemas;
  const schema = PublishedSchemas[stream];
  if (!schema) return { ok: false, reason: 'topic', detail: `unknown stream ${t.kind}` };
  if (!Value.Check(schema, body)) {
    const first = Value.Errors(schema, body)[0];
    return {
      ok: false,
      reason: 'schema',
      detail: first ? `${first.instancePath || '/'} ${first.message}` : 'invalid',
    };
  }
  const base = { site: t.site, station: t.station };
  switch (stream) {
    case 'status':
    case 'birth':
    case 'health':
    case 'counters':
    case 'events':
      return { ok: true, message: { ...base, stream, body } as FleetMessage };
    default:
      return { ok: true, message: { ...base, stream: 'other', body } };
  }
}
