/**
 * Splits a multipart/x-mixed-replace MJPEG stream into JPEG frames. Cameras disagree on the
 * details (boundary with or without "--", Content-Length present or not, extra CRLFs), so the
 * parser takes each part's Content-Length when given and otherwise scans for the JPEG's end.
 */
export class MjpegParser {
  #buf: Buffer = Buffer.alloc(0);
  readonly #maxFrame: number;

  constructor(opts: { maxFrameBytes?: number } = {}) {
    this.#maxFrame = opts.maxFrameBytes ?? 8 * 1024 * 1024;
  }

  push(chunk: Buffer): Buffer[] {
    this.#buf = this.#buf.length ? Buffer.concat([this.#buf, chunk]) : chunk;
    const frames: Buffer[] = [];
    for (;;) {
      const soi = this.#buf.indexOf(SOI);
      if (soi < 0) {
        this.#buf = this.#buf.subarray(Math.max(0, this.#buf.length - 1));
        break;
      }
      const headers = this.#buf.subarray(Math.max(0, soi - 512), soi).toString('latin1');
      const lengths = [...headers.matchAll(/content-length:\s*(\d+)/gi)];
      const declared = lengths.length ? Number(lengths[lengths.length - 1]![1]) : NaN;
      let end: number;
      if (Number.isFinite(declared) && declared > 0) {
        if (this.#buf.length < soi + declared) break;
        end = soi + declared;
      } else {
        const eoi = this.#buf.indexOf(EOI, soi + 2);
        if (eoi < 0) break;
        end = eoi + 2;
      }
      frames.push(Buffer.from(this.#buf.subarray(soi, end)));
      this.#buf = this.#buf.subarray(end);
    }
    if (this.#buf.length > this.#maxFrame) this.#buf = Buffer.alloc(0); // garbage or a runaway part
    return frames;
  }
}

const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);
