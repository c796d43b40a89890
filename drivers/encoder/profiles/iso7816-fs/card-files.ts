import { buildApdu, SHORT_MAX_LC, SHORT_MAX_LE } from '../../apdu.js';
import type { CardChannel } from '../../card-channel.js';
import { EncoderError } from '../../interface.js';
import { expectOk, isSuccess, swToError } from '../../status-words.js';
import { parseHeader, tlv } from '../../tlv.js';
import { APP_AID, APP_FID, MAX_FILE_BYTES, MF_FID } from './layout.js';

/**
 * ISO 7816-4 file commands the profile needs, over any CardChannel. SELECT always asks for no
 * response data (P2 = 0C): the vicc stand-in crashes when asked for an FCP, and the profile needs
 * none because every file carries its own length.
 */
const EXTENDED_CHUNK = 4096;

async function send(
  ch: CardChannel,
  cmd: { ins: number; p1: number; p2: number; data?: Uint8Array; le?: number },
): Promise<{ data: Uint8Array; sw: number }> {
  let res = await ch.transmit(buildApdu(cmd, ch.extendedLength));
  if (res.sw >> 8 === 0x6c) {
    res = await ch.transmit(buildApdu({ ...cmd, le: res.sw & 0xff || 256 }, ch.extendedLength));
  }
  let data = res.data;
  while (res.sw >> 8 === 0x61) {
    res = await ch.transmit(buildApdu({ ins: 0xc0, p1: 0, p2: 0, le: res.sw & 0xff || 256 }));
    data = Buffer.concat([data, res.data]);
  }
  return { data, sw: res.sw };
}

const fid2 = (fid: number): Uint8Array => Uint8Array.of(fid >> 8, fid & 0xff);

export async function selectMf(ch: CardChannel): Promise<void> {
  const r = await send(ch, { ins: 0xa4, p1: 0x00, p2: 0x0c, data: fid2(MF_FID) });
  expectOk(r.sw, 'SELECT MF');
}

/** Selects the application DF; false when the card has none. */
export async function selectApp(ch: CardChannel): Promise<boolean> {
  await selectMf(ch);
  const r = await send(ch, { ins: 0xa4, p1: 0x04, p2: 0x0c, data: APP_AID });
  if (r.sw === 0x6a82) return false;
  expectOk(r.sw, 'SELECT application');
  return true;
}

export async function createApp(ch: CardChannel): Promise<void> {
  await selectMf(ch);
  const fcp = tlv(0x62, tlv(0x82, Uint8Array.of(0x38)), tlv(0x83, fid2(APP_FID)), tlv(0x84, APP_AID));
  const r = await send(ch, { ins: 0xe0, p1: 0, p2: 0, data: fcp });
  expectOk(r.sw, 'CREATE application DF');
  if (!(await selectApp(ch))) throw new EncoderError('CARD_ERROR', 'application DF missing after CREATE');
}

/** Selects an EF of the current DF; false when it does not exist. */
export async function selectEf(ch: CardChannel, fid: number): Promise<boolean> {
  const r = await send(ch, { ins: 0xa4, p1: 0x02, p2: 0x0c, data: fid2(fid) });
  if (r.sw === 0x6a82) return false;
  expectOk(r.sw, `SELECT EF ${fid.toString(16)}`);
  return true;
}

export async function createEf(ch: CardChannel, fid: number, size: number): Promise<void> {
  const sizeBytes = Uint8Array.of(size >> 8, size & 0xff);
  const fcp = tlv(0x62, tlv(0x82, Uint8Array.of(0x01)), tlv(0x83, fid2(fid)), tlv(0x80, sizeBytes));
  const r = await send(ch, { ins: 0xe0, p1: 0, p2: 0, data: fcp });
  expectOk(r.sw, `CREATE EF ${fid.toString(16)}`);
  if (!(await selectEf(ch, fid))) throw new EncoderError('CARD_ERROR', 'EF missing after CREATE');
}

/**
 * DELETE FILE of a child (p1 = 01 DF, 02 EF). Returns false when the card does not implement
 * DELETE (6D00/6E00/6A81), so wipe falls back to overwriting with zeros.
 */
export async function deleteFile(ch: CardChannel, p1: 0x01 | 0x02, fid: number): Promise<boolean> {
  const r = await send(ch, { ins: 0xe4, p1, p2: 0x00, data: fid2(fid) });
  if (r.sw === 0x6d00 || r.sw === 0x6e00 || r.sw === 0x6a81) return false;
  if (r.sw === 0x6a82) return true;
  expectOk(r.sw, `DELETE ${fid.toString(16)}`);
  return true;
}

export function chunkSizes(ch: CardChannel): { write: number; read: number } {
  return ch.extendedLength
    ? { write: EXTENDED_CHUNK, read: EXTENDED_CHUNK }
    : { write: SHORT_MAX_LC, read: SHORT_MAX_LE };
}

/** UPDATE BINARY of the selected EF in chunks; onChunk after each accepted chunk. */
export async function updateBinary(
  ch: CardChannel,
  bytes: Uint8Array,
  onChunk: (done: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  if (bytes.length > MAX_FILE_BYTES) {
    throw new EncoderError('TOO_LARGE', `file of ${bytes.length} bytes exceeds ${MAX_FILE_BYTES}`);
  }
  const { write } = chunkSizes(ch);
  for (let off = 0; off < bytes.length; off += write) {
    signal?.throwIfAborted();
    const chunk = bytes.subarray(off, Math.min(off + write, bytes.length));
    const r = await send(ch, { ins: 0xd6, p1: (off >> 8) & 0x7f, p2: off & 0xff, data: chunk });
    expectOk(r.sw, `UPDATE BINARY at ${off}`);
    onChunk(off + chunk.length);
  }
}

async function readAt(ch: CardChannel, offset: number, le: number): Promise<Uint8Array> {
  const r = await send(ch, { ins: 0xb0, p1: (offset >> 8) & 0x7f, p2: offset & 0xff, le });
  // An empty file: some cards answer "offset outside the file" rather than no data.
  if (offset === 0 && r.sw === 0x6b00) return new Uint8Array(0);
  if (!isSuccess(r.sw)) throw swToError(r.sw, `READ BINARY at ${offset}`);
  return r.data;
}

/**
 * Reads the one TLV the selected EF holds. A file that starts with 00 (never written, or wiped
 * with zeros) reads as empty.
 */
export async function readTlvFile(ch: CardChannel, signal?: AbortSignal): Promise<Uint8Array> {
  const { read } = chunkSizes(ch);
  let buf: Uint8Array = await readAt(ch, 0, read);
  if (buf.length === 0 || buf[0] === 0x00) return new Uint8Array(0);
  let header;
  try {
    header = parseHeader(buf);
  } catch (e) {
    throw new EncoderError('CARD_ERROR', 'file does not start with a valid TLV', { cause: e });
  }
  if (!header) throw new EncoderError('CARD_ERROR', 'file too short for its TLV header');
  const total = header.headerSize + header.length;
  if (total > MAX_FILE_BYTES) throw new EncoderError('TOO_LARGE', `file claims ${total} bytes`);
  while (buf.length < total) {
    signal?.throwIfAborted();
    const more = await readAt(ch, buf.length, Math.min(read, total - buf.length));
    if (more.length === 0) throw new EncoderError('CARD_ERROR', 'file shorter than its TLV length');
    buf = Buffer.concat([buf, more]);
  }
  return buf.slice(0, total);
}

/** First bytes of the selected EF, to tell a blank or zeroed file from one holding data. */
export async function peek(ch: CardChannel, n: number): Promise<Uint8Array> {
  return readAt(ch, 0, n);
}
