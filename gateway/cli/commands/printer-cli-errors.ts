import { CardgateError } from '../../core/errors.js';
import { isDeviceError } from '../../../drivers/device/errors.js';

/** Driver, transport and picture errors → CardgateError under their catalogue code (fix included for faults). */
export function printerCliError(e: unknown): unknown {
  if (e instanceof CardgateError) return e;
  if (isDeviceError(e)) return new CardgateError(e.catalogueCode, e.detail, { cause: e });
  const err = e as { code?: string; message?: string };
  if (err?.code === 'CARD_PICTURE_INVALID')
    return new CardgateError(err.code, err.message ?? '', { cause: e });
  return e;
}
