import type { PrinterFault, PrinterFaultCode, PrinterStatus } from '../interface.js';
import { faultCodeForErrorText, makeFault } from './faults.js';

/** One read command (`Rr`, `Rco;l`…) → its text reply. */
export type ReadCommand = (name: string, ...params: string[]) => Promise<string>;

const volts = (s: string): number | null => {
  const m = /(-?\d+)[,.](\d+)/.exec(s);
  return m ? Number(`${m[1]}.${m[2]}`) : null;
};

/** `Rlr;p` names a card the printer cannot move (`ERR CARD`) or a mechanical trouble. */
function cardPathFault(lastCardReply: string): PrinterFaultCode | null {
  const t = lastCardReply.trim().toUpperCase();
  if (!/^ERR/.test(t)) return null;
  if (/ERR CARD|JAM|BLOCKED/.test(t)) return 'CARD_JAM';
  const code = faultCodeForErrorText(t);
  return code === 'MECHANICAL' ? 'MECHANICAL' : null;
}

/**
 * Reads everything the printer tells about its state: ribbon (type, end mark, cards left),
 * counters, sensors (cover, card, feeder), the card path and the cleaning request. The first
 * fault in the order an operator would fix them names the status.
 */
export async function readStatus(read: ReadCommand): Promise<PrinterStatus> {
  const ribbonType = await read('Rr');
  const ribbonEnd = await read('Rcr');
  const counters: Record<string, number> = {};
  for (const [key, p] of [
    ['cards', 'c'],
    ['panels', 'p'],
    ['cardsSinceCleaning', 'a'],
    ['ribbonCardsLeft', 'l'],
  ] as const) {
    const n = Number.parseInt(await read('Rco', p), 10);
    if (Number.isFinite(n)) counters[key] = n;
  }
  const sensors: Record<string, string> = {
    cover: await read('Rse', 'o'),
    card: await read('Rse', 'p'),
    feeder: await read('Rse', 'f'),
    cardPath: await read('Rlr', 'p'),
  };
  const cleaning = await read('Rlr', 'r');
  const coverV = volts(sensors.cover!);
  const cardV = volts(sensors.card!);
  const feederV = volts(sensors.feeder!);
  const ribbonMissing = /^(NONE|NO|ERR)/i.test(ribbonType) || ribbonType.trim() === '';
  const s: PrinterStatus = {
    ready: false,
    fault: null,
    ribbon: {
      type: ribbonMissing ? null : ribbonType,
      remaining: counters.ribbonCardsLeft ?? null,
      ended: !/^OK$/i.test(ribbonEnd),
    },
    feeder: { empty: feederV === null ? null : feederV < 2.5 },
    coverOpen: coverV === null ? null : coverV < 2.5,
    cardInside: cardV === null ? null : cardV >= 2.5,
    needsCleaning: /CLEAN/i.test(cleaning),
    counters,
    sensors,
  };
  const path = cardPathFault(sensors.cardPath!);
  s.fault = s.coverOpen
    ? 'COVER_OPEN'
    : path
      ? path
      : ribbonMissing
        ? 'RIBBON_MISSING'
        : s.ribbon.ended
          ? 'RIBBON_ENDED'
          : s.feeder.empty
            ? 'FEEDER_EMPTY'
            : s.needsCleaning
              ? 'NEED_CLEANING'
              : null;
  s.ready = s.fault === null;
  return s;
}

/**
 * What stops the printer from finishing a card now, judged from a status, or null. A card the
 * driver already holds needs no feeder; a ribbon with no whole card left (`Rco;l` = 0) would
 * run out on the card, so it counts as ended. Cleaning due blocks only where the printer
 * refuses to print until cleaned (`cleaningBlocks`).
 */
export function preflightFault(
  s: PrinterStatus,
  opts: { cardHeld: boolean; cleaningBlocks: boolean },
): PrinterFault | null {
  const fault = (code: PrinterFaultCode, why: string): PrinterFault =>
    makeFault(code, `preflight: ${why}; no card was moved`, { cardAtRisk: false });
  if (s.coverOpen) return fault('COVER_OPEN', 'the cover is open');
  if (s.fault === 'CARD_JAM')
    return fault('CARD_JAM', `a card is stuck in the card path (${s.sensors.cardPath})`);
  if (s.fault === 'MECHANICAL') return fault('MECHANICAL', `the printer reports ${s.sensors.cardPath}`);
  if (s.ribbon.type === null) return fault('RIBBON_MISSING', 'no ribbon is loaded');
  if (s.ribbon.ended) return fault('RIBBON_ENDED', 'the ribbon is on its end mark');
  if (s.ribbon.remaining === 0) return fault('RIBBON_ENDED', 'the ribbon has no whole card left');
  if (!opts.cardHeld && s.feeder.empty) return fault('FEEDER_EMPTY', 'the feeder is empty');
  if (opts.cleaningBlocks && s.needsCleaning) return fault('NEED_CLEANING', 'the printer asks for cleaning');
  return null;
}

/**
 * A NACK code names a family, not the cause (`T` is any time-out or mechanical fault, `R` any
 * ribbon trouble): ask the printer what it knows to name the fault precisely.
 */
export async function refineFault(f: PrinterFault, read: ReadCommand): Promise<PrinterFault> {
  if (!/NACK [TR]$/.test(f.message)) return f;
  try {
    if (f.code === 'RIBBON_ENDED') {
      const type = await read('Rr');
      if (/^(NONE|NO|ERR)/i.test(type)) return makeFault('RIBBON_MISSING', `${f.message} (no ribbon)`);
      return f;
    }
    if (/CLEAN/i.test(await read('Rlr', 'r')))
      return makeFault('NEED_CLEANING', `${f.message} (cleaning due)`);
    if (/ERR CARD|JAM/i.test(await read('Rlr', 'p')))
      return makeFault('CARD_JAM', `${f.message} (card jammed)`);
  } catch {
    // the printer cannot tell more: keep the family fault
  }
  return f;
}
