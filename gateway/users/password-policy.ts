import { CardgateError } from '../core/errors.js';

/**
 * What a new password must be (every way one is set: new account, own change, admin reset,
 * `cardgate user`). The rule, as the admin page and docs state it:
 *
 * - at least 12 characters (Unicode characters, not bytes): a passphrase of three or more
 *   words passes easily and is easier to type at a counter than a short random string;
 * - not one character repeated, a short group repeated (`abcabc…`, `1212…`) or a run
 *   (`123456789012`, `abcdefghijkl`);
 * - not one of the 10,000 most common passwords (gateway/users/common-passwords.ts), in any
 *   letter case, nor one of them with digits or symbols put before or after (`Password2026!`).
 */
export const MIN_PASSWORD_LENGTH = 12;

let common: Set<string> | undefined;

async function commonPasswords(): Promise<Set<string>> {
  // Loaded on the first password change, not at start-up.
  common ??= new Set((await import('./common-passwords.js')).COMMON_PASSWORDS.split('\n'));
  return common;
}

export async function checkNewPassword(password: string): Promise<void> {
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) {
    throw new CardgateError(
      'PASSWORD_TOO_SHORT',
      `a password needs at least ${MIN_PASSWORD_LENGTH} characters (a few words make a good one)`,
      { status: 400 },
    );
  }
  if (isRepetitionOrRun(chars)) {
    throw new CardgateError(
      'PASSWORD_TOO_SIMPLE',
      'a password may not be a repetition or a run of characters',
      {
        status: 400,
      },
    );
  }
  const lower = password.normalize('NFKC').toLowerCase();
  const list = await commonPasswords();
  const candidates = [
    lower,
    lower.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''),
    lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''),
  ];
  if (candidates.some((c, i) => (i === 0 || c.length >= 4) && list.has(c))) {
    throw new CardgateError(
      'PASSWORD_TOO_COMMON',
      'this password is on the list of common passwords (or is one with digits or symbols added)',
      { status: 400 },
    );
  }
}

function isRepetitionOrRun(chars: string[]): boolean {
  const codes = chars.map((c) => c.toLowerCase().codePointAt(0)!);
  if (new Set(codes).size < 5) return true;
  // A group of up to half the length repeated to the end (`abcabcab`).
  for (let k = 1; k <= codes.length / 2; k++) {
    if (codes.every((c, i) => i < k || c === codes[i - k])) return true;
  }
  // Every step up or down by one (digits wrap: …8901…): `123456789012`, `zyxwvu…`.
  const isDigit = (c: number) => c >= 48 && c <= 57;
  const step = (a: number, b: number) =>
    Math.abs(b - a) === 1 || (isDigit(a) && isDigit(b) && Math.abs(b - a) === 9);
  return codes.every((c, i) => i === 0 || step(codes[i - 1]!, c));
}
