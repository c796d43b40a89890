import type { JSONWebKeySet } from 'jose';
import type { EventBus } from '../core/events.js';
import { dispatchCommand, type Authenticate, type CommandActions } from './command-dispatch.js';
import { verifyCommand } from './command-token.js';
import type { SeenCommandIds } from './command-replay.js';
import type { Body, Publisher } from './publisher.js';
import type { TelemetryLogger } from './types.js';

export interface CommandHandlerOptions {
  publisher: Publisher;
  bus: EventBus;
  logger: TelemetryLogger;
  actions: CommandActions;
  /** `<site>/<station>`: the audience a command must be signed for. */
  audience: string;
  /** HQ's trusted public command keys (read at every command); undefined when none is enrolled. */
  keys(): Promise<JSONWebKeySet | undefined>;
  now(): number;
  onError(error: unknown): void;
}

/**
 * Commands from headquarters, one at a time in arrival order: each must be a JWS signed by HQ's
 * command key for this station, unexpired and not seen before; each gets exactly one reply on
 * `reply/<name>`; a refused one also an event on the bus (which telemetry publishes as a code).
 */
export class CommandHandler {
  #chain: Promise<void> = Promise.resolve();
  /** Opened by the façade's start (it needs the data directory on disk). */
  seen: SeenCommandIds | undefined;

  constructor(private readonly o: CommandHandlerOptions) {}

  /** Queue a received command behind the ones before it. */
  receive(name: string, message: Buffer): void {
    this.#chain = this.#chain.then(() => this.#handle(name, message)).catch(this.o.onError);
  }

  /** Resolves when the queued commands are done, or after `timeoutMs` (a stuck handler). */
  settled(timeoutMs: number): Promise<unknown> {
    return Promise.race([this.#chain, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  readonly authenticate: Authenticate = async (name, payload) => {
    const { logger } = this.o;
    let keys: JSONWebKeySet | undefined;
    try {
      keys = await this.o.keys();
    } catch (e) {
      logger.error({ err: (e as Error).message }, 'HQ command keys unreadable; refusing commands');
    }
    const now = this.o.now();
    const v = await verifyCommand(name, payload, { keys, audience: this.o.audience, now });
    if (!v.ok) return v;
    const seen = this.seen;
    if (!seen) return { ok: false, reason: 'not-ready', requestId: null };
    if (seen.has(v.jti)) return { ok: false, reason: 'replayed', requestId: requestIdOf(v.body) };
    // On disk before it runs: after a crash the same command is a replay, never a second run.
    await seen.remember(v.jti, v.exp, now);
    return { ok: true, body: v.body };
  };

  async #handle(name: string, message: Buffer): Promise<void> {
    const { publisher, logger, bus } = this.o;
    const outcome = await dispatchCommand(name, message, this.o.actions, this.authenticate);
    const body: Body<'reply'> = {
      command: name.slice(0, 64),
      requestId: outcome.requestId,
      ok: outcome.ok,
      ...(outcome.result ? { result: outcome.result } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
    };
    await publisher.durable('reply', body, { name: outcome.replyName });
    if (outcome.refusal) {
      logger.warn(
        { command: outcome.replyName, reason: outcome.refusal, requestId: outcome.requestId },
        'telemetry command refused: not authenticated',
      );
      bus.emit('station:event', {
        level: 'warning',
        code: 'COMMAND_UNAUTHENTICATED',
        message: `command ${outcome.replyName} refused: ${outcome.refusal}`,
        source: 'telemetry',
      });
    } else if (!outcome.ok) {
      logger.warn({ command: outcome.replyName, code: outcome.error?.code }, 'telemetry command rejected');
      bus.emit('station:event', {
        level: 'warning',
        code: 'TELEMETRY_COMMAND_REJECTED',
        message: `command ${outcome.replyName} rejected: ${outcome.error?.code}`,
        source: 'telemetry',
      });
    } else {
      logger.info({ command: outcome.replyName }, 'telemetry command executed');
    }
  }
}

function requestIdOf(body: Record<string, unknown>): string | null {
  const id = body.requestId;
  return typeof id === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(id) ? id : null;
}
