import { readFile } from 'node:fs/promises';
import { CardgateError } from '../core/errors.js';

/** A file named on the command line, or FILE_UNREADABLE (exit 2) naming it and why. */
export async function readInputFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new CardgateError('FILE_UNREADABLE', `cannot read ${path}: ${(e as Error).message}`, {
      status: 400,
    });
  }
}
