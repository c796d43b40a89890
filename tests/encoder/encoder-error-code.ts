import { expect } from 'vitest';
import { EncoderError } from '../../drivers/encoder/interface.js';

/** The code of the EncoderError a promise rejects with (fails the test if it resolves or throws something else). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(EncoderError);
  return (e as EncoderError).code;
}
