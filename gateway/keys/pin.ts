import { stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CardgateError } from '../core/errors.js';

export interface PinSource {
  /** A file holding the PIN, readable by its owner only. */
  pinFile?: string | undefined;
  /** systemd credential name, read from $CREDENTIALS_DIRECTORY/<name> when there is no pinFile. */
  pinCredential?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

/** Where the PIN is read from, for messages: a path, never the PIN. */
export function pinLocation(src: PinSource): string {
  const env = src.env ?? process.env;
  if (src.pinFile) return src.pinFile;
  const dir = env.CREDENTIALS_DIRECTORY;
  return dir
    ? join(dir, src.pinCredential ?? 'cardgate-token-pin')
    : `$CREDENTIALS_DIRECTORY/${src.pinCredential ?? 'cardgate-token-pin'}`;
}

const pinError = (reason: string, message: string, fix: string): CardgateError =>
  new CardgateError('KEY_STORE_UNAVAILABLE', message, { details: { reason, fix } });

/**
 * Reads the token PIN at each login (so a corrected PIN file is taken without a restart). A PIN
 * file must be mode 0600 or stricter: systemd credentials are private to the unit by design.
 */
export async function readPin(src: PinSource): Promise<string> {
  const env = src.env ?? process.env;
  const where = pinLocation(src);
  if (!src.pinFile && !env.CREDENTIALS_DIRECTORY)
    throw pinError(
      'pin-missing',
      'no PIN source: security.keyStore.pinFile is not set and $CREDENTIALS_DIRECTORY is empty',
      `set security.keyStore.pinFile to a 0600 file holding the token PIN, or pass it as the systemd credential ${src.pinCredential ?? 'cardgate-token-pin'}`,
    );
  let text: string;
  try {
    if (src.pinFile && ((await stat(src.pinFile)).mode & 0o077) !== 0)
      throw pinError('pin-file-insecure', `${where} can be read by other users`, `chmod 600 ${where}`);
    text = await readFile(where, 'utf8');
  } catch (e) {
    if (e instanceof CardgateError) throw e;
    throw pinError(
      'pin-missing',
      `the token PIN cannot be read from ${where}`,
      `create ${where} (mode 0600) with the token user PIN`,
    );
  }
  const pin = text.replace(/\r?\n$/, '');
  if (pin === '' || pin.includes('\n'))
    throw pinError(
      'pin-missing',
      `${where} holds no PIN`,
      `write the token user PIN on one line into ${where}`,
    );
  return pin;
}
