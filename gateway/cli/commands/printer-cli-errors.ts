import { CardgateError } from '../../core/errors.js';

/** Driver, transport and picture errors → CardgateError with their stable code (fix included for faults). */
export function printerCliError(e: unknown): unknown {
  if (e instanceof CardgateError) return e;
  const err = e as { name?: string; code?: string; message?: string; fix?: string };
  if (err?.name === 'PrinterFault')
    return new CardgateError(`PRINTER_${err.code}`, `${err.message} — fix: ${err.fix}`, {
      status: 503,
      cause: e,
    });
  if (err?.name === 'TransportError')
    return new CardgateError(err.code ?? 'TRANSPORT', err.message ?? 'transport error', {
      status: err.code === 'TRANSPORT_URL' ? 400 : 503,
      cause: e,
    });
  if (err?.code === 'CARD_PICTURE_INVALID')
    return new CardgateError(err.code, err.message ?? '', { status: 400, cause: e });
  return e;
}
