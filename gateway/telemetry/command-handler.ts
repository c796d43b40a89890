import type { EventBus } from '../core/events.js';
import { dispatchCommand, type CommandActions } from './command-dispatch.js';
import type { Body, Publisher } from './publisher.js';
import type { TelemetryLogger } from './types.js';

export interface CommandHandlerOptions {
  publisher: Publisher;
  bus: EventBus;
  logger: TelemetryLogger;
  actions: CommandActions;
  onError(error: unknown): void;
}

/** Replies remembered for commands redelivered with the same request id. */
const REMEMBERED = 256;

/**
 * Commands from headquarters, one at a time in arrival order: each gets exactly one reply on
 * `reply/<name>`; a refused one also an event on the bus (which telemetry publishes as codes).
 */
export class CommandHandler {
  #chain: Promise<void> = Promise.resolve();
  readonly #replies = new Map<string, Body<'reply'>>();

  constructor(private readonly o: CommandHandlerOptions) {}

  /** Queue a received command behind the ones before it. */
  receive(name: string, message: Buffer): void {
    this.#chain = this.#chain.then(() => this.#handle(name, message)).catch(this.o.onError);
  }

  /** Resolves when the queued commands are done, or after `timeoutMs` (a stuck handler). */
  settled(timeoutMs: number): Promise<unknown> {
    return Promise.race([this.#chain, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  async #handle(name: string, message: Buffer): Promise<void> {
    const { publisher, logger, bus } = this.o;
    const probeId = probe(name, message);
    // QoS 1 may deliver a command twice: answer again, do not run it again.
    const previous = probeId ? this.#replies.get(probeId) : undefined;
    if (previous) {
      await publisher.durable('reply', { ...previous }, { name });
      return;
    }
    const outcome = await dispatchCommand(name, message, this.o.actions);
    const body: Body<'reply'> = {
      command: name.slice(0, 64),
      requestId: outcome.requestId,
      ok: outcome.ok,
      ...(outcome.result ? { result: outcome.result } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
    };
    // Only executed commands are remembered: a rejected one is simply rejected again.
    if (probeId && outcome.requestId && outcome.ok) {
      this.#replies.set(probeId, body);
      if (this.#replies.size > REMEMBERED) this.#replies.delete(this.#replies.keys().next().value!);
    }
    await publisher.durable('reply', body, { name: outcome.replyName });
    if (!outcome.ok) {
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

function probe(name: string, message: Buffer): string | undefined {
  try {
    const id = (JSON.parse(message.toString('utf8')) as { requestId?: unknown }).requestId;
    return typeof id === 'string' ? `${name}\u0000${id}` : undefined;
  } catch {
    return undefined;
  }
}
