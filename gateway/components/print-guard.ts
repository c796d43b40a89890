import { CardgateError } from '../core/errors.js';

/**
 * A card whose MRZ is not printed in OCR-B fails machine reading at every border: such a card may
 * go to the emulator or a preview, never to a real printer.
 */
export function assertPrintable(
  fonts: { printReady: boolean; reason: string | null },
  realPrinter: boolean,
): void {
  if (realPrinter && !fonts.printReady) {
    throw new CardgateError(
      'MRZ_FONT_MISSING',
      `${fonts.reason ?? 'OCR-B font missing'}: restore the template's OCR-B font file before printing on a real printer`,
      { status: 503 },
    );
  }
}
