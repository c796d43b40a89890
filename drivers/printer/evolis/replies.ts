import type { PrinterFault } from '../interface.js';
import { faultCodeForErrorText, makeFault, NACK_CODES } from './faults.js';

/**
 * Splits the bytes a printer sends back into replies: text ended by CR (serial, TCP) or NUL
 * (USB); both accepted, runs of terminators (CR NUL, NUL padding) give no empty replies.
 */
export class ReplyReader {
  #parts: Buffer[] = [];
  #length = 0;
  readonly #maxLength: number;

  constructor(maxLength = 4096) {
    this.#maxLength = maxLength;
  }

  /** Returns complete replies (raw bytes, without terminator). Overlong garbage is returned as one reply. */
  push(chunk: Uint8Array): Buffer[] {
    const out: Buffer[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x0d || b === 0x00) {
        const piece = Buffer.from(chunk.subarray(start, i));
        const reply = this.#length ? Buffer.concat([...this.#parts, piece]) : piece;
        this.#parts = [];
        this.#length = 0;
        if (reply.length > 0) out.push(reply);
        start = i + 1;
      }
    }
    if (start < chunk.length) {
      const rest = Buffer.from(chunk.subarray(start));
      this.#parts.push(rest);
      this.#length += rest.length;
      if (this.#length > this.#maxLength) {
        out.push(Buffer.concat(this.#parts));
        this.#parts = [];
        this.#length = 0;
      }
    }
    return out;
  }

  reset(): void {
    this.#parts = [];
    this.#length = 0;
  }
}

export type ParsedReply = { kind: 'ok'; text: string } | { kind: 'value'; text: string };

/**
 * One reply → its meaning. `OK`/`ACK` → ok; `ERR…`/`ERROR…`/`NO CARD`/`NACK x` → a typed
 * PrinterFault thrown (for reads, ERR text is a value); other printable text → a value. Anything that is not
 * printable ASCII is a PROTOCOL fault. Never throws anything but PrinterFault.
 */
export function parseReply(
  raw: Uint8Array,
  command = '?',
  opts: { read?: boolean; raw?: boolean } = {},
): ParsedReply {
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b < 0x20 || b > 0x7e) {
      throw makeFault(
        'PROTOCOL',
        `unreadable reply to ${command} (byte 0x${b.toString(16).padStart(2, '0')} at ${i})`,
      );
    }
  }
  const text = Buffer.from(raw).toString('latin1').trim();
  if (text.length === 0) throw makeFault('PROTOCOL', `empty reply to ${command}`);
  const upper = text.toUpperCase();
  if (opts.raw) return { kind: 'value', text };
  if (upper === 'OK' || upper === 'ACK') return { kind: 'ok', text };
  if (upper.startsWith('NACK')) {
    const code = upper.slice(4).trim();
    const fault = NACK_CODES[code];
    if (!fault) throw makeFault('PROTOCOL', `unknown NACK code '${code.slice(0, 8)}' to ${command}`);
    throw makeFault(fault, `${command}: printer answered NACK ${code}`);
  }
  // Reads answer state as text, `NO CARD` and `ERR NEED CLEANING` included: those are values.
  if (!opts.read && (upper.startsWith('ERR') || upper === 'NO CARD')) {
    throw makeFault(faultCodeForErrorText(upper), `${command}: printer answered '${text}'`);
  }
  return { kind: 'value', text };
}

export function isPrinterFault(e: unknown): e is PrinterFault {
  return e instanceof Error && e.name === 'PrinterFault' && typeof (e as PrinterFault).code === 'string';
}
