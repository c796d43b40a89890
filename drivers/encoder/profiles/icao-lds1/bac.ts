import { buildApdu } from '../../apdu.js';
import type { CardChannel } from '../../card-channel.js';
import { EncoderError } from '../../interface.js';
import { swHex } from '../../status-words.js';
import {
  documentKeys,
  externalAuthenticateData,
  random16,
  random8,
  sessionFromResponse,
  type SessionKeys,
} from './bac-crypto.js';
import { keyFieldsFromMrz, mrzInformation } from './mrz-key.js';
import { secureChannel } from './secure-messaging.js';

/**
 * Basic Access Control as the inspection system runs it (Doc 9303-11 §4.3): GET CHALLENGE, then
 * EXTERNAL AUTHENTICATE with the terminal's cryptogram; a chip that does not know our MRZ answers
 * with an error (6300 on the JMRTD applet; 6988 or 6982 elsewhere) and nothing is read.
 * Returns a channel whose every APDU is protected by the session.
 */
export async function openBac(
  ch: CardChannel,
  mrz: string,
): Promise<{ channel: CardChannel; session: SessionKeys }> {
  let info: string;
  try {
    info = mrzInformation(keyFieldsFromMrz(mrz));
  } catch (e) {
    throw new EncoderError('BAC_REFUSED', `no BAC key: ${(e as Error).message}`, { cause: e });
  }
  const keys = documentKeys(info);
  const challenge = await ch.transmit(buildApdu({ ins: 0x84, p1: 0, p2: 0, le: 8 }));
  if (challenge.sw !== 0x9000 || challenge.data.length !== 8) {
    throw new EncoderError('BAC_REFUSED', `GET CHALLENGE: card answered ${swHex(challenge.sw)}`, {
      sw: challenge.sw,
    });
  }
  const rndIfd = random8();
  const kIfd = random16();
  const data = externalAuthenticateData(keys, challenge.data, rndIfd, kIfd);
  const answer = await ch.transmit(buildApdu({ ins: 0x82, p1: 0, p2: 0, data, le: 40 }));
  if (answer.sw !== 0x9000) {
    throw new EncoderError(
      'BAC_REFUSED',
      `EXTERNAL AUTHENTICATE refused: card answered ${swHex(answer.sw)}`,
      {
        sw: answer.sw,
      },
    );
  }
  const session = sessionFromResponse(keys, answer.data, challenge.data, rndIfd, kIfd);
  if (!session) throw new EncoderError('BAC_REFUSED', 'the chip answered BAC with a wrong cryptogram');
  return { channel: secureChannel(ch, session), session };
}
