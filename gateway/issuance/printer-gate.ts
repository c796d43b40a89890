import { PrinterFault, type CardPrinter } from '../../drivers/printer/interface.js';
import { CardgateError } from '../core/errors.js';

/** Why no blank may be fed now: the printer's fault, or no blank recorded in the books. */
export interface FeedRefusal {
  /** The job's error code: the printer's fault code, or STOCK_EMPTY. */
  code: string;
  /** The code in the error catalogue (PRINTER_COVER_OPEN, STOCK_EMPTY). */
  catalogueCode: string;
  explanation: string;
  fix: string;
}

/** Any failure of a printer call as a typed fault (an untyped one is the printer failing unexpectedly). */
export function asPrinterFault(e: unknown, spoilsCard = false): PrinterFault {
  if (e instanceof PrinterFault) return e;
  return new PrinterFault('PROTOCOL', (e as Error)?.message ?? String(e), {
    explanation: 'The printer failed unexpectedly.',
    fix: 'Check the printer, then resume the job.',
    needsOperator: true,
    spoilsCard,
  });
}

/**
 * Checked before every blank is fed and before a job is resumed: the books must hold a blank and
 * the printer must be able to finish a card (its pre-flight check moves no card). A refusal costs
 * nothing: no blank, no chip write.
 */
export async function checkCanFeed(
  printer: CardPrinter,
  blanksInFeeder: number,
): Promise<FeedRefusal | null> {
  if (blanksInFeeder < 1) {
    return {
      code: 'STOCK_EMPTY',
      catalogueCode: 'STOCK_EMPTY',
      explanation: 'No blank cards are recorded in the feeder.',
      fix: 'Record the blanks you loaded (technician: card stock, load), then resume.',
    };
  }
  try {
    await printer.preflight();
    return null;
  } catch (e) {
    const f = asPrinterFault(e);
    return { code: f.code, catalogueCode: f.catalogueCode, explanation: f.explanation, fix: f.fix };
  }
}

export const refusalMessage = (r: FeedRefusal): string => `${r.explanation} ${r.fix}`;

/** The answer to a resume while the cause remains: 409, naming the cause and its fix. */
export function notReadyError(r: FeedRefusal): CardgateError {
  return new CardgateError(
    r.code === 'STOCK_EMPTY' ? 'STOCK_EMPTY' : 'PRINTER_NOT_READY',
    refusalMessage(r),
    {
      status: 409,
      details: { errors: [{ field: 'printer', code: r.catalogueCode }], fault: r.code, fix: r.fix },
    },
  );
}
