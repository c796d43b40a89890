import type { PrinterFault } from '../interface.js';
import { coverOpenedMidCard, withCardAtRisk } from './faults.js';
import { isPrinterFault } from './replies.js';
import { refineFault } from './status.js';

/** What the recovery rule needs from the driver: its link, a read, a quiet reject, its events. */
export interface RecoveryContext {
  connected(): boolean;
  read(name: string, ...params: string[]): Promise<string>;
  /** Send the card to the reject box; false when the printer cannot move it now. */
  rejectQuietly(): Promise<boolean>;
  /** Reject the card before the next one, once the printer can (cover closed, link back). */
  rejectLater(): void;
  emitFault(f: PrinterFault): void;
}

/**
 * Apply the fault's recovery rule to the card: spoiled → into the reject box (a jammed card
 * stays for the operator); needs the operator and not spoiled → the card waits where it is;
 * link lost → rejected once the link is back. Returns what the caller throws.
 */
export async function recoverCard(
  ctx: RecoveryContext,
  e: unknown,
  cardAtRisk: boolean,
  panelsPrinted = 0,
): Promise<unknown> {
  if (!isPrinterFault(e)) {
    if (cardAtRisk && ctx.connected()) await ctx.rejectQuietly();
    return e; // an abort: the card went to the reject box
  }
  const refined = ctx.connected() ? await refineFault(e, (n, ...p) => ctx.read(n, ...p)) : e;
  let fault = withCardAtRisk(refined, cardAtRisk);
  if (fault.code === 'COVER_OPEN' && cardAtRisk && panelsPrinted > 0) fault = coverOpenedMidCard(fault);
  if (fault.spoilsCard) {
    if (fault.code === 'DISCONNECTED' || !ctx.connected()) ctx.rejectLater();
    // A card the printer cannot move now (cover open) goes to the reject box once it can.
    else if (fault.code !== 'CARD_JAM' && !(await ctx.rejectQuietly())) ctx.rejectLater();
  }
  ctx.emitFault(fault);
  return fault;
}
