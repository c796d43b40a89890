import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseApdu } from '../../drivers/encoder/apdu.js';
import {
  documentKeys,
  externalAuthenticateData,
  keySeed,
  retailMac,
  sessionFromResponse,
  tdesEncrypt,
  type SessionKeys,
} from '../../drivers/encoder/profiles/icao-lds1/bac-crypto.js';
import { keyFieldsFromMrz, mrzInformation } from '../../drivers/encoder/profiles/icao-lds1/mrz-key.js';
import { unwrapResponse, wrapCommand } from '../../drivers/encoder/profiles/icao-lds1/secure-messaging.js';
import { JMRTD_CARD, prepareViccMend, VICC_PYTHON } from '../helpers/pcsc-stack.js';
import { describeWithSystem } from '../helpers/system.js';

// ICAO Doc 9303-11, Appendix D (worked example of BAC and secure messaging).
const h = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex');
const EX = {
  mrzInfo: 'L898902C<369080619406236',
  kSeed: h('239AB9CB282DAF66231DC5A4DF6BFBAE'),
  kEnc: h('AB94FDECF2674FDFB9B391F85D7F76F2'),
  kMac: h('7962D9ECE03D1ACD4C76089DCE131543'),
  rndIcc: h('4608F91988702212'),
  rndIfd: h('781723860C06C226'),
  kIfd: h('0B795240CB7049B01C19B33E32804F0B'),
  eIfd: h('72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2'),
  mIfd: h('5F1448EEA8AD90A7'),
  response: h('46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449'),
  ksEnc: h('979EC13B1CBFE9DCD01AB0FED307EAE5'),
  ksMac: h('F1CB1F1FB5ADF208806B89DC579DC1F8'),
  ssc: h('887022120C06C226'),
};

describe('BAC against the Doc 9303-11 appendix D worked example', () => {
  it('derives the MRZ information and the document keys', () => {
    // The example's MRZ fields, as a TD3 line 2 would hold them, and as its fields.
    expect(
      mrzInformation({ documentNumber: 'L898902C', dateOfBirth: '690806', dateOfExpiry: '940623' }),
    ).toBe(EX.mrzInfo);
    expect(keySeed(EX.mrzInfo)).toEqual(EX.kSeed);
    expect(documentKeys(EX.mrzInfo)).toEqual({ enc: EX.kEnc, mac: EX.kMac });
  });

  it('builds E_IFD ‖ M_IFD and derives the session keys and SSC from the chip answer', () => {
    const keys = documentKeys(EX.mrzInfo);
    expect(externalAuthenticateData(keys, EX.rndIcc, EX.rndIfd, EX.kIfd)).toEqual(
      Buffer.concat([EX.eIfd, EX.mIfd]),
    );
    const s = sessionFromResponse(keys, EX.response, EX.rndIcc, EX.rndIfd, EX.kIfd);
    expect(s).toEqual({ enc: EX.ksEnc, mac: EX.ksMac, ssc: EX.ssc });
  });

  it('refuses a chip answer made with other keys', () => {
    const other = documentKeys('L898902C<369080619406237');
    expect(sessionFromResponse(other, EX.response, EX.rndIcc, EX.rndIfd, EX.kIfd)).toBeUndefined();
  });

  it('protects SELECT EF.COM and READ BINARY and opens the answers as in the example', () => {
    const s: SessionKeys = { enc: EX.ksEnc, mac: EX.ksMac, ssc: Buffer.from(EX.ssc) };
    expect(Buffer.from(wrapCommand(s, parseApdu(h('00A4020C02011E'))))).toEqual(
      h('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800'),
    );
    expect(unwrapResponse(s, { data: h('990290008E08FA855A5D4C50A8ED'), sw: 0x9000 })).toEqual({
      data: new Uint8Array(0),
      sw: 0x9000,
    });
    expect(Buffer.from(wrapCommand(s, parseApdu(h('00B0000004'))))).toEqual(
      h('0CB000000D9701048E08ED6705417E96BA5500'),
    );
    const first = unwrapResponse(s, {
      data: h('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED'),
      sw: 0x9000,
    });
    expect(Buffer.from(first.data)).toEqual(h('60145F01'));
    expect(Buffer.from(wrapCommand(s, parseApdu(h('00B0000412'))))).toEqual(
      h('0CB000040D9701128E082EA28A70F3C7B53500'),
    );
    const rest = unwrapResponse(s, {
      data: h('871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D74'),
      sw: 0x9000,
    });
    expect(Buffer.from(rest.data)).toEqual(h('04303130365F36063034303030305C026175'));
  });

  it('rejects an answer whose MAC was altered', () => {
    const s: SessionKeys = { enc: EX.ksEnc, mac: EX.ksMac, ssc: h('887022120C06C227') };
    expect(() => unwrapResponse(s, { data: h('990290008E08FA855A5D4C50A8EE'), sw: 0x9000 })).toThrow(
      expect.objectContaining({ code: 'SECURITY' }),
    );
  });

  it('takes the key fields from a TD1 MRZ, also with a long document number', () => {
    const td1 =
      'I<UTOD231458907<<<<<<<<<<<<<<<' + '7408122F1204159UTO<<<<<<<<<<<6' + 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<';
    expect(mrzInformation(keyFieldsFromMrz(td1))).toBe('D23145890774081221204159');
    const long =
      'I<UTOD23145890<AB1127<<<<<<<<<' + '7408122F1204159UTO<<<<<<<<<<<6' + 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<';
    expect(keyFieldsFromMrz(long).documentNumber).toBe('D23145890AB112');
    expect(() => keyFieldsFromMrz('TOO<SHORT')).toThrow(RangeError);
  });

  it('matches the retail MAC of the example key derivation inputs', () => {
    expect(retailMac(EX.kMac, EX.eIfd)).toEqual(EX.mIfd);
    expect(tdesEncrypt(EX.kEnc, Buffer.concat([EX.rndIfd, EX.rndIcc, EX.kIfd]))).toEqual(EX.eIfd);
  });
});

describeWithSystem(['vicc'], 'the virtual JMRTD card (Python) against the same worked example', () => {
  it('derives the same keys, cryptogram and MAC', () => {
    const mend = prepareViccMend();
    try {
      const script = [
        'import sys, runpy',
        `m = runpy.run_path(${JSON.stringify(JMRTD_CARD)})`,
        `enc, mac = m["document_keys"](m["mrz_information"]("L898902C", "690806", "940623"))`,
        `s = bytes.fromhex("${EX.rndIfd.toString('hex')}${EX.rndIcc.toString('hex')}${EX.kIfd.toString('hex')}")`,
        'e = m["tdes_enc"](enc, s)',
        'print(enc.hex(), mac.hex(), e.hex(), m["retail_mac"](mac, e).hex())',
      ].join('\n');
      const out = execFileSync(VICC_PYTHON, ['-c', script], { env: { ...process.env, PYTHONPATH: mend } })
        .toString()
        .trim()
        .split(' ');
      expect(out).toEqual([EX.kEnc, EX.kMac, EX.eIfd, EX.mIfd].map((b) => b.toString('hex')));
    } finally {
      rmSync(mend, { recursive: true, force: true });
    }
  });
});
