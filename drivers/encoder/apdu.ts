/**
 * ISO 7816-4 command APDUs: building them (drivers, profiles) and parsing them (the emulator's
 * virtual card), short and extended length.
 */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Uint8Array;
  /** Expected response length; 0 means "as much as the card has" (256 short, 65536 extended). */
  le: number | undefined;
}

export const SHORT_MAX_LC = 255;
export const SHORT_MAX_LE = 256;
export const EXTENDED_MAX_LE = 65536;

export function buildApdu(
  cmd: { cla?: number; ins: number; p1: number; p2: number; data?: Uint8Array; le?: number },
  extended = false,
): Uint8Array {
  const data = cmd.data ?? new Uint8Array(0);
  const header = [cmd.cla ?? 0x00, cmd.ins, cmd.p1 & 0xff, cmd.p2 & 0xff];
  const needsExtended = data.length > SHORT_MAX_LC || (cmd.le ?? 0) > SHORT_MAX_LE;
  if (needsExtended && !extended) {
    throw new RangeError(`APDU needs extended length (Lc ${data.length}, Le ${cmd.le ?? 0})`);
  }
  const out: number[] = [...header];
  if (extended && needsExtended) {
    out.push(0x00);
    if (data.length > 0) out.push(data.length >> 8, data.length & 0xff, ...data);
    if (cmd.le !== undefined) {
      const le = cmd.le >= EXTENDED_MAX_LE ? 0 : cmd.le;
      out.push(le >> 8, le & 0xff);
    }
  } else {
    if (data.length > 0) out.push(data.length, ...data);
    if (cmd.le !== undefined) out.push(cmd.le >= SHORT_MAX_LE ? 0 : cmd.le);
  }
  return Uint8Array.from(out);
}

/** Parses the four ISO cases, short and extended. Throws RangeError on malformed bytes. */
export function parseApdu(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw new RangeError('APDU shorter than its header');
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  const body = bytes.subarray(4);
  const none = new Uint8Array(0);
  if (body.length === 0) return { cla, ins, p1, p2, data: none, le: undefined };
  if (body.length === 1) return { cla, ins, p1, p2, data: none, le: body[0] === 0 ? 256 : body[0]! };
  if (body[0] !== 0 || body.length < 3) {
    const lc = body[0]!;
    if (body.length === 1 + lc) return { cla, ins, p1, p2, data: body.slice(1), le: undefined };
    if (body.length === 2 + lc) {
      const le = body[1 + lc]!;
      return { cla, ins, p1, p2, data: body.slice(1, 1 + lc), le: le === 0 ? 256 : le };
    }
    throw new RangeError('APDU length does not match Lc');
  }
  // Extended: 00 followed by two length bytes.
  const n = (body[1]! << 8) | body[2]!;
  if (body.length === 3) return { cla, ins, p1, p2, data: none, le: n === 0 ? 65536 : n };
  if (body.length === 3 + n) return { cla, ins, p1, p2, data: body.slice(3), le: undefined };
  if (body.length === 5 + n) {
    const le = (body[3 + n]! << 8) | body[4 + n]!;
    return { cla, ins, p1, p2, data: body.slice(3, 3 + n), le: le === 0 ? 65536 : le };
  }
  throw new RangeError('extended APDU length does not match Lc');
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
