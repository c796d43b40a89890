import { EventEmitter } from 'node:events';
import type { ByteTransport } from '../../transport/types.js';
import type { PrinterFault } from '../interface.js';
import { isRetryable, makeFault } from './faults.js';
import { isPrinterFault, parseReply, ReplyReader, type ParsedReply } from './replies.js';

export interface SessionLogger {
  debug?(obj: object, msg?: string): void;
  warn?(obj: object, msg?: string): void;
}

export interface SendOptions {
  /** Name for messages and logs (no data). */
  label: string;
  timeoutMs?: number;
  /** Reads answer state as text (ERR texts are values). */
  read?: boolean;
  /** Technician's console: any printable reply is returned as text. */
  raw?: boolean;
  /** Retry once on TIMEOUT/PROTOCOL (idempotent commands only). */
  retry?: boolean;
  /** Report bytes written (bitmap streaming). */
  onWritten?: (bytes: number) => void;
}

interface Pending {
  label: string;
  read: boolean;
  raw: boolean;
  resolve: (r: ParsedReply) => void;
  reject: (e: PrinterFault) => void;
}

/**
 * One command in flight at a time over a byte transport: write, wait for its reply (or time
 * out), parse it. Later commands queue. After a time-out the reply may still come late: the
 * session drops the next reply that arrives within one more time-out before sending again, so
 * a late answer is never taken for the next command's.
 */
export class CommandSession extends EventEmitter<{ disconnected: [string] }> {
  readonly #transport: ByteTransport;
  readonly #timeoutMs: number;
  readonly #logger: SessionLogger | undefined;
  readonly #reader = new ReplyReader();
  #queue: Promise<unknown> = Promise.resolve();
  #pending: Pending | null = null;
  #stale = 0;
  #staleUntil = 0;
  #unsubscribe: (() => void) | null = null;

  constructor(transport: ByteTransport, opts: { commandTimeoutMs: number; logger?: SessionLogger }) {
    super();
    this.#transport = transport;
    this.#timeoutMs = opts.commandTimeoutMs;
    this.#logger = opts.logger;
  }

  get transport(): ByteTransport {
    return this.#transport;
  }

  attach(): void {
    this.#unsubscribe?.();
    this.#reader.reset();
    this.#stale = 0;
    this.#unsubscribe = this.#transport.onData((chunk) => this.#onData(chunk));
  }

  detach(reason: string): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    const p = this.#pending;
    this.#pending = null;
    p?.reject(makeFault('DISCONNECTED', `${p.label}: link lost (${reason})`));
  }

  #onData(chunk: Buffer): void {
    for (const reply of this.#reader.push(chunk)) {
      if (this.#stale > 0) {
        this.#stale--;
        this.#logger?.debug?.({ bytes: reply.length }, 'dropped a late reply');
        continue;
      }
      const p = this.#pending;
      if (!p) {
        this.#logger?.warn?.({ bytes: reply.length }, 'printer reply with no command waiting');
        continue;
      }
      this.#pending = null;
      try {
        p.resolve(parseReply(reply, p.label, { read: p.read, raw: p.raw }));
      } catch (e) {
        p.reject(isPrinterFault(e) ? e : makeFault('PROTOCOL', `${p.label}: ${(e as Error).message}`));
      }
    }
  }

  /** Queue one command (frame pieces written in order) and resolve with its parsed reply. */
  send(frame: Uint8Array | Uint8Array[], opts: SendOptions): Promise<ParsedReply> {
    const run = async (): Promise<ParsedReply> => {
      try {
        return await this.#exchange(frame, opts);
      } catch (e) {
        if (opts.retry && isPrinterFault(e) && isRetryable(e.code) && e.code !== 'DISCONNECTED') {
          this.#logger?.warn?.({ command: opts.label, code: e.code }, 'retrying command');
          return this.#exchange(frame, opts);
        }
        throw e;
      }
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #waitStale(): Promise<void> {
    while (this.#stale > 0 && Date.now() < this.#staleUntil) {
      await new Promise((r) => setTimeout(r, 10));
    }
    this.#stale = 0;
  }

  async #exchange(frame: Uint8Array | Uint8Array[], opts: SendOptions): Promise<ParsedReply> {
    await this.#waitStale();
    if (!this.#transport.isOpen || !this.#unsubscribe) {
      throw makeFault('DISCONNECTED', `${opts.label}: printer not connected`);
    }
    const timeoutMs = opts.timeoutMs ?? this.#timeoutMs;
    let pending!: Pending;
    const reply = new Promise<ParsedReply>((resolve, reject) => {
      pending = { label: opts.label, read: opts.read ?? false, raw: opts.raw ?? false, resolve, reject };
    });
    this.#pending = pending;
    // The reply may come before the write callback: attach handling now.
    reply.catch(() => undefined);
    const pieces = Array.isArray(frame) ? frame : [frame];
    try {
      for (const piece of pieces) {
        await this.#transport.write(piece);
        opts.onWritten?.(piece.length);
      }
    } catch (e) {
      this.#pending = null;
      throw makeFault('DISCONNECTED', `${opts.label}: write failed: ${(e as Error).message}`, { cause: e });
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        if (this.#pending === pending) {
          this.#pending = null;
          this.#stale++;
          this.#staleUntil = Date.now() + timeoutMs;
        }
        reject(makeFault('TIMEOUT', `${opts.label}: no reply within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([reply, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
