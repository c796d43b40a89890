import { isLevels, PANEL_HEIGHT, plainSize } from './bitmap-codec.js';

/**
 * Splits a byte stream sent to an Evolis printer into commands: `ESC name(;param)* CR`, ESC
 * optional right after a CR, `Psc` redefining the three framing characters, `Db`/`Dbc` bitmap
 * data framed by length (it contains CR and ESC bytes), NUL padding between frames skipped.
 * Used by the printer emulator and the job decoder.
 */
export interface StreamCommand {
  name: string;
  params: string[];
  /** Bitmap bytes of `Db`/`Dbc`. */
  data?: Uint8Array;
  /** Offset of the frame in the whole stream and its length, for accounting. */
  offset: number;
  length: number;
}

export interface StreamProblem {
  offset: number;
  message: string;
  /** What the bytes were, for a printer's error reply. */
  name: string;
}

const DEFAULT_START = 0x1b;
const DEFAULT_SEP = 0x3b; // ;
const DEFAULT_END = 0x0d;
/** Longest text frame accepted; longer means we lost framing. */
const MAX_TEXT_FRAME = 512;

export class CommandStreamParser {
  #buf: Buffer = Buffer.alloc(0);
  #base = 0; // stream offset of #buf[0]
  #start = DEFAULT_START;
  #sep = DEFAULT_SEP;
  #end = DEFAULT_END;
  /** Bytes a pending bitmap frame needs before it is worth parsing again. */
  #need = 0;
  #paddingSkipped = 0;
  #waiting: Buffer[] = [];
  #waitingLength = 0;

  /** NUL bytes skipped between frames so far. */
  get paddingSkipped(): number {
    return this.#paddingSkipped;
  }

  /** Bytes held that do not yet form a full frame. */
  get pending(): number {
    return this.#buf.length + this.#waitingLength;
  }

  push(chunk: Uint8Array): { commands: StreamCommand[]; problems: StreamProblem[] } {
    const commands: StreamCommand[] = [];
    const problems: StreamProblem[] = [];
    // While a bitmap frame is incomplete, only collect chunks: joining them once is linear.
    this.#waiting.push(Buffer.from(chunk));
    this.#waitingLength += chunk.length;
    if (this.#buf.length + this.#waitingLength < this.#need) return { commands, problems };
    this.#buf = Buffer.concat([this.#buf, ...this.#waiting]);
    this.#waiting = [];
    this.#waitingLength = 0;
    this.#need = 0;
    let pos = 0;
    const buf = this.#buf;
    for (;;) {
      while (pos < buf.length && buf[pos] === 0) {
        pos++;
        this.#paddingSkipped++;
      }
      if (pos >= buf.length) break;
      const frameStart = pos;
      let p = pos;
      if (buf[p] === this.#start) p++;
      const r = this.#parseFrame(buf, p);
      if (r.kind === 'incomplete') {
        this.#need = r.need ?? 0;
        break;
      }
      if (r.kind === 'bad') {
        problems.push({ offset: this.#base + frameStart, message: r.message, name: r.name });
        pos = r.resume;
        continue;
      }
      const cmd: StreamCommand = {
        name: r.name,
        params: r.params,
        offset: this.#base + frameStart,
        length: r.next - frameStart,
      };
      if (r.data) cmd.data = r.data;
      commands.push(cmd);
      if (r.name === 'Psc') this.#applyPsc(r.params);
      pos = r.next;
    }
    this.#buf = buf.subarray(pos);
    if (this.#need) this.#need -= pos;
    this.#base += pos;
    return { commands, problems };
  }

  /**
   * Give up the incomplete frame held (a printer's reception time-out: a `Db` whose data never
   * comes must not swallow every later command). Returns it as a problem, or null when none.
   */
  abandon(): StreamProblem | null {
    const held = this.pending;
    if (held === 0) return null;
    const buf = Buffer.concat([this.#buf, ...this.#waiting]);
    const head = buf.toString('latin1', buf[0] === this.#start ? 1 : 0, Math.min(buf.length, 9));
    const name = /^[A-Za-z]*/.exec(head)?.[0] ?? '?';
    const problem = {
      offset: this.#base,
      message: `${name || 'frame'}: incomplete after ${held} bytes, dropped`,
      name: name || '?',
    };
    this.#base += buf.length;
    this.#buf = Buffer.alloc(0);
    this.#waiting = [];
    this.#waitingLength = 0;
    this.#need = 0;
    return problem;
  }

  #applyPsc(params: string[]): void {
    if (params.length === 0) {
      this.#start = DEFAULT_START;
      this.#sep = DEFAULT_SEP;
      this.#end = DEFAULT_END;
      return;
    }
    const code = (s: string | undefined, d: number): number => (s && s.length === 1 ? s.charCodeAt(0) : d);
    this.#start = code(params[0], DEFAULT_START);
    this.#sep = code(params[1], DEFAULT_SEP);
    this.#end = code(params[2], DEFAULT_END);
  }

  /** Read text fields up to `count` separators (or the end char) starting at p. */
  #fields(
    buf: Buffer,
    p: number,
    count: number,
  ): { fields: string[]; next: number; ended: boolean } | 'incomplete' | 'too-long' {
    const fields: string[] = [];
    let fieldStart = p;
    for (let i = p; i < buf.length; i++) {
      if (i - p > MAX_TEXT_FRAME) return 'too-long';
      const b = buf[i]!;
      if (b === this.#sep || b === this.#end) {
        fields.push(buf.toString('latin1', fieldStart, i));
        if (b === this.#end) return { fields, next: i + 1, ended: true };
        if (fields.length === count) return { fields, next: i + 1, ended: false };
        fieldStart = i + 1;
      }
    }
    return buf.length - p > MAX_TEXT_FRAME ? 'too-long' : 'incomplete';
  }

  /**
   * The guide's `Dbc;panel;levels;first-line;nbytes;data` form has one more number before the
   * data than the vendor driver's `Dbc;panel;levels;nbytes;data`; the data is binary and may
   * itself start with digits and `;`, so the parameter count is settled this way: a first-line is
   * below PANEL_HEIGHT while a whole panel's compressed byte count never is (every line takes at
   * least one byte), and the frame must end where the fourth number says. Returns that count and
   * where the data starts, null for the three-parameter form, or 'incomplete' (with the bytes
   * needed) while that cannot be told yet.
   */
  #guideCount(
    buf: Buffer,
    p: number,
    third: string,
  ): { text: string; next: number } | null | { incomplete: number } {
    if (!/^\d{1,4}$/.test(third) || Number(third) >= PANEL_HEIGHT) return null;
    const MAX_DIGITS = 7; // plainSize(128) * 2, the largest count accepted, has 7 digits
    for (let i = p; i <= p + MAX_DIGITS; i++) {
      if (i >= buf.length) return { incomplete: 0 };
      const b = buf[i]!;
      if (b === this.#sep && i > p) {
        const text = buf.toString('latin1', p, i);
        if (Number(text) > plainSize(128) * 2) return null;
        const end = i + 1 + Number(text);
        if (end >= buf.length) return { incomplete: end + 1 };
        return buf[end] === this.#end ? { text, next: i + 1 } : null;
      }
      if (b < 0x30 || b > 0x39) return null;
    }
    return null;
  }

  #skipToEnd(buf: Buffer, p: number): number {
    const i = buf.indexOf(this.#end, p);
    return i < 0 ? buf.length : i + 1;
  }

  #parseFrame(
    buf: Buffer,
    p: number,
  ):
    | { kind: 'incomplete'; need?: number }
    | { kind: 'bad'; message: string; name: string; resume: number }
    | { kind: 'ok'; name: string; params: string[]; data?: Uint8Array; next: number } {
    // Bitmap frames are recognised by name before reading parameters as text.
    const head = buf.toString('latin1', p, Math.min(buf.length, p + 4));
    const isDbc = head.startsWith('Dbc') && (head.length < 4 || head.charCodeAt(3) === this.#sep);
    const isDb = !isDbc && head.startsWith('Db') && (head.length < 3 || head.charCodeAt(2) === this.#sep);
    if ((isDb || isDbc) && head.length < (isDbc ? 4 : 3)) return { kind: 'incomplete' };
    if (isDb || isDbc) {
      const f = this.#fields(buf, p, isDbc ? 4 : 3);
      if (f === 'incomplete') return { kind: 'incomplete' };
      const name = isDbc ? 'Dbc' : 'Db';
      if (f === 'too-long' || f.ended)
        return {
          kind: 'bad',
          name,
          message: `${name} without bitmap data`,
          resume: f === 'too-long' ? this.#skipToEnd(buf, p) : f.next,
        };
      const [, panel, levelsText, nText] = f.fields;
      const levels = Number(levelsText);
      if (!isLevels(levels))
        return {
          kind: 'bad',
          name,
          message: `${name}: bad level count '${levelsText}'`,
          resume: this.#skipToEnd(buf, f.next),
        };
      let countText = nText;
      let dataStart = f.next;
      let firstLine: string | null = null;
      if (isDbc) {
        const guide = this.#guideCount(buf, f.next, nText ?? '');
        if (guide && 'incomplete' in guide) return { kind: 'incomplete', need: guide.incomplete };
        if (guide) {
          firstLine = nText ?? '';
          countText = guide.text;
          dataStart = guide.next;
        }
      }
      const n = isDbc ? Number(countText) : plainSize(levels);
      if (!Number.isInteger(n) || n <= 0 || n > plainSize(128) * 2)
        return {
          kind: 'bad',
          name,
          message: `${name}: bad byte count '${countText}'`,
          resume: this.#skipToEnd(buf, dataStart),
        };
      const dataEnd = dataStart + n;
      if (buf.length < dataEnd + 1) return { kind: 'incomplete', need: dataEnd + 1 };
      if (buf[dataEnd] !== this.#end)
        return {
          kind: 'bad',
          name,
          message: `${name}: no end of frame after ${n} bytes of data`,
          resume: this.#skipToEnd(buf, dataEnd),
        };
      // Params mirror the wire form, so consumers tell the two Dbc forms apart by their count.
      const params = !isDbc
        ? [panel ?? '', String(levels)]
        : firstLine === null
          ? [panel ?? '', String(levels), String(n)]
          : [panel ?? '', String(levels), firstLine, String(n)];
      return { kind: 'ok', name, params, data: buf.subarray(dataStart, dataEnd), next: dataEnd + 1 };
    }
    const f = this.#fields(buf, p, Number.MAX_SAFE_INTEGER);
    if (f === 'incomplete') return { kind: 'incomplete' };
    if (f === 'too-long')
      return { kind: 'bad', name: '?', message: 'frame without end', resume: this.#skipToEnd(buf, p) };
    const [name = '', ...params] = f.fields;
    if (!/^[A-Za-z]{1,8}$/.test(name))
      return {
        kind: 'bad',
        name: name.slice(0, 16),
        message: `not a command: '${name.slice(0, 16)}'`,
        resume: f.next,
      };
    return { kind: 'ok', name, params, next: f.next };
  }
}
