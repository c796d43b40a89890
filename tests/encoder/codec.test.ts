import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildApdu, parseApdu } from '../../drivers/encoder/apdu.js';
import { atrSupportsExtendedLength } from '../../drivers/encoder/pcsc/atr.js';
import { pcscError } from '../../drivers/encoder/pcsc/pcsc-errors.js';
import { parseSecurityObject } from '../../drivers/encoder/profiles/iso7816-fs/security-object.js';
import { swToError } from '../../drivers/encoder/status-words.js';
import { parseTlv, tlv } from '../../drivers/encoder/tlv.js';

describe('APDU codec', () => {
  it('parses back what it builds, short and extended', () => {
    fc.assert(
      fc.property(
        fc.record({
          ins: fc.integer({ min: 0, max: 255 }),
          p1: fc.integer({ min: 0, max: 255 }),
          p2: fc.integer({ min: 0, max: 255 }),
          data: fc.uint8Array({ maxLength: 600 }),
          le: fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
        }),
        (cmd) => {
          const extended = cmd.data.length > 255 || (cmd.le ?? 0) > 256;
          const parsed = parseApdu(buildApdu(cmd, extended));
          expect(parsed).toMatchObject({ ins: cmd.ins, p1: cmd.p1, p2: cmd.p2, le: cmd.le });
          expect(Buffer.from(parsed.data).equals(Buffer.from(cmd.data))).toBe(true);
        },
      ),
    );
  });

  it('refuses a long command on a short-only card, and malformed bytes', () => {
    expect(() => buildApdu({ ins: 0xd6, p1: 0, p2: 0, data: new Uint8Array(300) })).toThrow(RangeError);
    expect(() => parseApdu(Uint8Array.of(0, 0xb0, 0))).toThrow(RangeError);
    expect(() => parseApdu(Uint8Array.of(0, 0xd6, 0, 0, 5, 1, 2))).toThrow(RangeError);
  });
});

describe('status words and PC/SC errors', () => {
  it('map to stable codes and keep the SW', () => {
    expect(swToError(0x6a89, 'CREATE').code).toBe('FILE_EXISTS');
    expect(swToError(0x6a82, 'SELECT').code).toBe('FILE_NOT_FOUND');
    expect(swToError(0x6982, 'UPDATE').code).toBe('SECURITY');
    expect(swToError(0x63c2, 'VERIFY').code).toBe('SECURITY');
    expect(swToError(0x6a84, 'UPDATE').code).toBe('MEMORY');
    const other = swToError(0x6f00, 'X');
    expect(other.code).toBe('CARD_ERROR');
    expect(other.sw).toBe(0x6f00);
    expect(other.message).toContain('6F00');
    expect(pcscError(new Error('SCardTransmit error: Card was removed.(0x80100069)'), 'tx').code).toBe(
      'CARD_REMOVED',
    );
    expect(
      pcscError(new Error('SCardEstablishContext error: Service not available.(0x8010001d)'), 'x').code,
    ).toBe('PCSC_UNAVAILABLE');
    expect(pcscError(new Error('weird'), 'x', 'NO_CARD').code).toBe('NO_CARD');
  });
});

describe('ATR and TLV', () => {
  it('reads extended-length support from the card capabilities', () => {
    expect(atrSupportsExtendedLength(Buffer.from('3b951381018073ff01000b', 'hex'))).toBe(false);
    expect(atrSupportsExtendedLength(Buffer.from('3b951381018073ff01400b', 'hex'))).toBe(true);
    expect(atrSupportsExtendedLength(Uint8Array.of(0x3b))).toBe(false);
  });

  it('round-trips TLVs of any length, and malformed security objects throw RangeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (v) => {
        const t = parseTlv(tlv(0x5f2e, v));
        expect(t.tag).toBe(0x5f2e);
        expect(t.value.length).toBe(v.length);
      }),
      { numRuns: 30 },
    );
    expect(() => parseSecurityObject(Uint8Array.of(0x77, 0x03, 0x80, 0x01, 0x01))).toThrow(RangeError);
    expect(() => parseSecurityObject(Uint8Array.of(0x77, 0x10, 0x80))).toThrow(RangeError);
  });
});
