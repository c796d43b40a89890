import { parseApdu, type CommandApdu } from '../../apdu.js';
import type { ApduResponse, CardChannel } from '../../card-channel.js';
import { EncoderError } from '../../interface.js';
import { tlv, parseTlvList } from '../../tlv.js';
import { pad, retailMac, tdesDecrypt, tdesEncrypt, unpad, type SessionKeys } from './bac-crypto.js';

/**
 * Secure messaging after BAC (Doc 9303-11 §9.8): the command's data encrypted in DO'87', its Le
 * in DO'97', a retail MAC over the masked header and those objects (with the send sequence
 * counter in front) in DO'8E'; the answer carries DO'87' (data), DO'99' (status) and DO'8E'.
 * Every command and every answer moves the counter on by one.
 */
function increment(ssc: Buffer): void {
  for (let i = ssc.length - 1; i >= 0; i--) {
    ssc[i] = (ssc[i]! + 1) & 0xff;
    if (ssc[i] !== 0) break;
  }
}

const encodeLe = (le: number): Uint8Array => Uint8Array.of(le >= 256 ? 0 : le);

/** The protected command APDU (short form; BAC cards take short APDUs). */
export function wrapCommand(s: SessionKeys, c: CommandApdu): Uint8Array {
  const header = Uint8Array.of(c.cla | 0x0c, c.ins, c.p1, c.p2);
  const objects: Uint8Array[] = [];
  if (c.data.length > 0) {
    const enc = tdesEncrypt(s.enc, pad(c.data));
    // DO'85' for odd INS (data not BER-encoded); DO'87' with the padding-content indicator 01 else.
    objects.push(c.ins & 1 ? tlv(0x85, enc) : tlv(0x87, Uint8Array.of(0x01), enc));
  }
  if (c.le !== undefined) objects.push(tlv(0x97, encodeLe(c.le)));
  increment(s.ssc);
  const mac = retailMac(s.mac, Buffer.concat([s.ssc, pad(header), ...objects]));
  const body = Buffer.concat([...objects, tlv(0x8e, mac)]);
  if (body.length > 255) throw new RangeError('protected APDU longer than a short APDU');
  return Buffer.concat([header, Uint8Array.of(body.length), body, Uint8Array.of(0)]);
}

/** Checks and opens a protected answer; throws EncoderError('SECURITY') when its MAC is wrong. */
export function unwrapResponse(s: SessionKeys, r: ApduResponse): ApduResponse {
  increment(s.ssc);
  if (r.data.length === 0) return r; // an error the chip answered outside secure messaging
  let objects;
  try {
    objects = parseTlvList(r.data);
  } catch (e) {
    throw new EncoderError('SECURITY', 'secure-messaging answer is not valid TLV', { cause: e, sw: r.sw });
  }
  const mac = objects.find((o) => o.tag === 0x8e);
  const d87 = objects.find((o) => o.tag === 0x87);
  const d99 = objects.find((o) => o.tag === 0x99);
  if (!mac || !d99 || d99.value.length !== 2) {
    throw new EncoderError('SECURITY', 'secure-messaging answer lacks its status or MAC', { sw: r.sw });
  }
  const covered = Buffer.concat([...(d87 ? [tlv(0x87, d87.value)] : []), tlv(0x99, d99.value)]);
  if (!retailMac(s.mac, Buffer.concat([s.ssc, covered])).equals(mac.value)) {
    throw new EncoderError('SECURITY', 'secure-messaging answer has a wrong MAC', { sw: r.sw });
  }
  const sw = (d99.value[0]! << 8) | d99.value[1]!;
  if (!d87) return { data: new Uint8Array(0), sw };
  if (d87.value[0] !== 0x01) throw new EncoderError('SECURITY', 'unknown padding indicator in DO87', { sw });
  return { data: unpad(tdesDecrypt(s.enc, d87.value.subarray(1))), sw };
}

/**
 * A CardChannel that protects every APDU with the session: the profile's file commands run over
 * it unchanged. Counts are those of the underlying channel (what really crossed the reader).
 */
export function secureChannel(ch: CardChannel, s: SessionKeys): CardChannel {
  return {
    extendedLength: false,
    stats: ch.stats,
    async transmit(apdu) {
      const wrapped = wrapCommand(s, parseApdu(apdu));
      return unwrapResponse(s, await ch.transmit(wrapped));
    },
  };
}
