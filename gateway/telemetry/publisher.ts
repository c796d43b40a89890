import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { CardgateError } from '../core/errors.js';
import {
  BirthPayload,
  CONTRACT_VERSION,
  CountersPayload,
  DiagnosticsPayload,
  EventPayload,
  HealthPayload,
  ReplyPayload,
  StatusPayload,
} from './contract/index.js';
import type { Outbox } from './outbox.js';
import type { Publish } from './mqtt-link.js';
import type { TelemetryLogger } from './types.js';

/** Every stream the station publishes, with the contract schema its messages must satisfy. */
export const PublishedSchemas = {
  status: StatusPayload,
  birth: BirthPayload,
  health: HealthPayload,
  counters: CountersPayload,
  events: EventPayload,
  diagnostics: DiagnosticsPayload,
  reply: ReplyPayload,
} satisfies Record<string, TSchema>;

export type PublishedStream = keyof typeof PublishedSchemas;
/** Streams stored in the outbox before they are sent (exact, in order, survive restarts). */
export type DurableStream = 'counters' | 'events' | 'diagnostics' | 'reply';
/** Streams sent straight away (state that a newer message replaces). */
export type DirectStream = Exclude<PublishedStream, DurableStream>;

export type Message<S extends PublishedStream> = Static<(typeof PublishedSchemas)[S]>;
type EnvelopeKey = 'v' | 'seq' | 'bootId' | 'ts' | 'historical';
/** What the caller supplies: the message without its envelope, typed by the stream's schema. */
export type Body<S extends PublishedStream> = Omit<Message<S>, EnvelopeKey>;

export interface PublisherOptions {
  bootId: string;
  base: string;
  now(): string;
  maxPayloadBytes: number;
  logger: TelemetryLogger;
  /**
   * Check every message against its schema before it leaves (tests turn this on; the types
   * already hold the production code to the contract, so the station does not pay for it).
   */
  check?: boolean;
}

export interface DurableOptions {
  /** `reply/<name>`: the command name below the stream. */
  name?: string;
  retain?: boolean;
  coalesce?: string;
}

/**
 * Makes contract messages: the envelope (`v`, per-stream `seq`, `bootId`, `ts`) around a body
 * whose type is the stream's schema, so a payload off the contract does not compile.
 */
export class Publisher {
  readonly #seqs = new Map<string, number>();
  outbox: Outbox | undefined;
  publish: Publish | undefined;
  connected = false;
  lastPublishedAt: string | null = null;
  lastError: string | null = null;

  constructor(private readonly o: PublisherOptions) {}

  /** The full message for `stream`, with the next sequence number of that stream. */
  message<S extends PublishedStream>(stream: S, body: Body<S>): Message<S> {
    const seq = (this.#seqs.get(stream) ?? 0) + 1;
    this.#seqs.set(stream, seq);
    const m = { v: CONTRACT_VERSION, seq, bootId: this.o.bootId, ts: this.o.now(), ...body } as Message<S>;
    if (this.o.check) assertMessage(stream, m);
    return m;
  }

  /** Stored in the outbox first (the pump sends it); while offline it is marked deferred. */
  async durable<S extends DurableStream>(stream: S, body: Body<S>, opts: DurableOptions = {}): Promise<void> {
    if (!this.outbox) return;
    let payload: Record<string, unknown> = this.message(stream, body);
    const bytes = Buffer.byteLength(JSON.stringify(payload));
    if (bytes > this.o.maxPayloadBytes) {
      // Brokers drop (or disconnect on) oversized messages: send the skeleton, flagged.
      this.o.logger.warn({ topic: stream, bytes }, 'telemetry payload over the size limit, truncated');
      payload = { ...payload, ...shrink(stream), truncated: true };
    }
    await this.outbox.append({
      topic: opts.name ? `${stream}/${opts.name}` : stream,
      retain: opts.retain ?? false,
      payload,
      deferred: !this.connected,
      ...(opts.coalesce ? { coalesce: opts.coalesce } : {}),
    });
  }

  /** Sent now, not stored: a message made earlier (a held health sample) or a fresh one. */
  direct<S extends DirectStream>(
    stream: S,
    message: Message<S>,
    opts: { retain: boolean; qos: 0 | 1 },
  ): void {
    this.publish?.(`${this.o.base}/${stream}`, JSON.stringify(message), opts, (err) => {
      if (err) this.lastError = err.message;
      else this.lastPublishedAt = this.o.now();
    });
  }
}

/** What an oversized message keeps: only diagnostics bundles can grow that large. */
function shrink(stream: DurableStream): Record<string, unknown> {
  return stream === 'diagnostics' ? { devices: [], recentEvents: [], station: null } : {};
}

/** Throws TELEMETRY_PAYLOAD_INVALID naming the first failing path (never the value). */
export function assertMessage(stream: PublishedStream, message: unknown): void {
  const schema = PublishedSchemas[stream];
  if (Value.Check(schema, message)) return;
  const first = Value.Errors(schema, message)[0];
  throw new CardgateError(
    'TELEMETRY_PAYLOAD_INVALID',
    `${stream} message off the contract: ${first ? `${first.instancePath || '/'} ${first.message}` : 'invalid'}`,
    { status: 500 },
  );
}
