import type { PcscFactory, PcscReader } from '../../drivers/encoder/pcsc/types.js';
import { VPCD_READER } from '../helpers/pcsc-stack.js';

/**
 * APDUs sent over a separate, exclusive PC/SC connection to the virtual reader, outside the
 * encoder: someone else touching the card, or a reader that does not know the MRZ. Answers in hex.
 */
export async function rawApdus(factory: PcscFactory, apdus: string[]): Promise<string[]> {
  const ctx = factory();
  ctx.on('error', () => {});
  const readers: PcscReader[] = [];
  try {
    const reader = await new Promise<PcscReader>((resolve) =>
      ctx.on('reader', (r: PcscReader) => {
        r.on('error', () => {});
        readers.push(r);
        if (r.name === VPCD_READER) resolve(r);
      }),
    );
    const protocol = await new Promise<number>((resolve, reject) =>
      reader.connect({ share_mode: reader.SCARD_SHARE_EXCLUSIVE }, (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    const out: string[] = [];
    for (const a of apdus) {
      out.push(
        await new Promise<string>((resolve, reject) =>
          reader.transmit(Buffer.from(a, 'hex'), 258, protocol, (err, res) =>
            err ? reject(err) : resolve(res.toString('hex')),
          ),
        ),
      );
    }
    await new Promise<void>((resolve) => reader.disconnect(reader.SCARD_LEAVE_CARD, () => resolve()));
    return out;
  } finally {
    for (const r of readers) r.close();
    ctx.close();
  }
}
