import { buildApdu, SHORT_MAX_LC } from '../../apdu.js';
import type { CardChannel } from '../../card-channel.js';
import { EncoderError } from '../../interface.js';
import { expectOk, isSuccess, swToError } from '../../status-words.js';
import { parseHeader, tlv } from '../../tlv.js';
import { LDS1_AID } from './layout.js';

/**
 * The ISO 7816-4 file commands the LDS1 profile sends, over any channel (plain or secure
 * messaging). SELECT asks for no FCI (P2 0C), as inspection systems do. Reads under secure
 * messaging take at most 0xDF bytes so the protected answer fits a short APDU.
 */
export const MAX_FILE_BYTES = 0x7fff;
const SM_READ = 0xdf;

export async function send(
  ch: CardChannel,
  cmd: { ins: number; p1: number; p2: number; data?: Uint8Array; le?: number },
): Promise<{ data: Uint8Array; sw: number }> {
  return ch.transmit(buildApdu(cmd));
}

const fid2 = (fid: number): Uint8Array => Uint8Array.of(fid >> 8, fid & 0xff);

/** SELECT the LDS1 application by its AID; false when the card has none. */
export async function selectLds(ch: CardChannel): Promise<boolean> {
  const r = await send(ch, { ins: 0xa4, p1: 0x04, p2: 0x0c, data: LDS1_AID });
  if (r.sw === 0x6a82) return false;
  expectOk(r.sw, 'SELECT LDS1 application');
  return true;
}

/** SELECT an EF of the application; false when it does not exist. */
export async function selectEf(ch: CardChannel, fid: number): Promise<boolean> {
  const r = await send(ch, { ins: 0xa4, p1: 0x02, p2: 0x0c, data: fid2(fid) });
  if (r.sw === 0x6a82) return false;
  expectOk(r.sw, `SELECT EF ${fid.toString(16).padStart(4, '0')}`);
  return true;
}

/** UPDATE BINARY of the selected EF in short-APDU chunks. */
export async function writeSelected(
  ch: CardChannel,
  bytes: Uint8Array,
  onChunk: (done: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  if (bytes.length > MAX_FILE_BYTES) {
    throw new EncoderError('TOO_LARGE', `file of ${bytes.length} bytes exceeds ${MAX_FILE_BYTES}`);
  }
  for (let off = 0; off < bytes.length; off += SHORT_MAX_LC) {
    signal?.throwIfAborted();
    const chunk = bytes.subarray(off, Math.min(off + SHORT_MAX_LC, bytes.length));
    const r = await send(ch, { ins: 0xd6, p1: off >> 8, p2: off & 0xff, data: chunk });
    expectOk(r.sw, `UPDATE BINARY at ${off}`);
    onChunk(off + chunk.length);
  }
}

async function readAt(ch: CardChannel, offset: number, le: number): Promise<Uint8Array> {
  const r = await send(ch, { ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, le });
  if (offset === 0 && r.sw === 0x6b00) return new Uint8Array(0);
  if (!isSuccess(r.sw)) throw swToError(r.sw, `READ BINARY at ${offset}`);
  return r.data;
}

/**
 * Reads the one TLV the selected EF holds (its length from the first bytes); empty when blank.
 * `secure`: the channel is secure messaging, whose answers must fit a short APDU.
 */
export async function readSelected(
  ch: CardChannel,
  secure: boolean,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const chunk = ch.extendedLength ? 4096 : secure ? SM_READ : 256;
  let buf: Uint8Array = await readAt(ch, 0, chunk);
  if (buf.length === 0 || buf[0] === 0x00 || buf[0] === 0xff) return new Uint8Array(0);
  const header = parseHeader(buf);
  if (!header) throw new EncoderError('CARD_ERROR', 'file too short for its TLV header');
  const total = header.headerSize + header.length;
  if (total > MAX_FILE_BYTES) throw new EncoderError('TOO_LARGE', `file claims ${total} bytes`);
  while (buf.length < total) {
    signal?.throwIfAborted();
    const more = await readAt(ch, buf.length, Math.min(chunk, total - buf.length));
    if (more.length === 0) throw new EncoderError('CARD_ERROR', 'file shorter than its TLV length');
    buf = Buffer.concat([buf, more]);
  }
  return buf.slice(0, total);
}

/** JMRTD applet: CREATE FILE takes `63 04 <size> <fid>` (its only form). */
export async function createEfJmrtd(ch: CardChannel, fid: number, size: number): Promise<void> {
  const data = Uint8Array.of(0x63, 0x04, size >> 8, size & 0xff, fid >> 8, fid & 0xff);
  const r = await send(ch, { ins: 0xe0, p1: 0, p2: 0, data });
  expectOk(r.sw, `CREATE FILE ${fid.toString(16)}`);
}

/** JMRTD applet: PUT DATA 62 { 04 number, 04 birth, 04 expiry }: the chip derives its BAC keys. */
export async function putMrzSeed(
  ch: CardChannel,
  f: { documentNumber: string; dateOfBirth: string; dateOfExpiry: string },
): Promise<void> {
  const a = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'ascii'));
  const data = tlv(
    0x62,
    tlv(0x04, a(f.documentNumber)),
    tlv(0x04, a(f.dateOfBirth)),
    tlv(0x04, a(f.dateOfExpiry)),
  );
  const r = await send(ch, { ins: 0xda, p1: 0x00, p2: 0x62, data });
  expectOk(r.sw, 'PUT DATA (MRZ key seed)');
}

/** JMRTD applet: PUT DATA DE AD locks personalisation; from then on reads need BAC. */
export async function lockApplet(ch: CardChannel): Promise<void> {
  const r = await send(ch, { ins: 0xda, p1: 0xde, p2: 0xad });
  expectOk(r.sw, 'PUT DATA (lock)');
}

/** ISO 7816-4 file system (vicc iso7816, the emulator): the application DF with the LDS1 AID. */
export async function createLdsDf(ch: CardChannel): Promise<void> {
  const mf = await send(ch, { ins: 0xa4, p1: 0x00, p2: 0x0c, data: fid2(0x3f00) });
  expectOk(mf.sw, 'SELECT MF');
  const fcp = tlv(0x62, tlv(0x82, Uint8Array.of(0x38)), tlv(0x83, fid2(0x4c44)), tlv(0x84, LDS1_AID));
  const r = await send(ch, { ins: 0xe0, p1: 0, p2: 0, data: fcp });
  expectOk(r.sw, 'CREATE LDS1 DF');
}

/** ISO 7816-4 file system: a transparent EF in the current DF. */
export async function createEfIso(ch: CardChannel, fid: number, size: number): Promise<void> {
  const fcp = tlv(
    0x62,
    tlv(0x82, Uint8Array.of(0x01)),
    tlv(0x83, fid2(fid)),
    tlv(0x80, Uint8Array.of(size >> 8, size & 0xff)),
  );
  const r = await send(ch, { ins: 0xe0, p1: 0, p2: 0, data: fcp });
  expectOk(r.sw, `CREATE EF ${fid.toString(16)}`);
}

/** True when SELECT MF works: an ISO 7816-4 file-system card, not an applet card. */
export async function hasMasterFile(ch: CardChannel): Promise<boolean> {
  const r = await send(ch, { ins: 0xa4, p1: 0x00, p2: 0x0c, data: fid2(0x3f00) });
  return r.sw === 0x9000;
}
