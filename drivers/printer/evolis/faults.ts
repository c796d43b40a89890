import { PrinterFault, type PrinterFaultCode } from '../interface.js';

interface FaultRule {
  explanation: string;
  fix: string;
  needsOperator: boolean;
  /** Whether a card being printed when this happens is spoiled (is rejected and counted). */
  spoilsCard: boolean;
  /** Whether the driver retries an idempotent command (reads, settings) on its own. */
  retryable: boolean;
}

/** The recovery rule and the words for each fault: the faults table of docs/printer.md. */
export const FAULT_RULES: Record<PrinterFaultCode, FaultRule> = {
  COVER_OPEN: {
    explanation: 'The printer cover is open; the printer will not move a card or print.',
    fix: 'Close the cover until it clicks, then resume the job.',
    needsOperator: true,
    spoilsCard: false,
    retryable: false,
  },
  FEEDER_EMPTY: {
    explanation: 'The card feeder is empty or the card did not feed.',
    fix: 'Load blank cards into the feeder (check they are not stuck together), then resume.',
    needsOperator: true,
    spoilsCard: false,
    retryable: false,
  },
  RIBBON_ENDED: {
    explanation: 'The ribbon has run out (end mark reached) during or before printing.',
    fix: 'Replace the ribbon with one of the same type, then resume; the partly printed card is rejected.',
    needsOperator: true,
    spoilsCard: true,
    retryable: false,
  },
  RIBBON_MISSING: {
    explanation: 'No ribbon, or a ribbon of the wrong type, is loaded.',
    fix: 'Insert the ribbon type configured for this station (e.g. YMCKO) and close the cover.',
    needsOperator: true,
    spoilsCard: false,
    retryable: false,
  },
  CARD_JAM: {
    explanation: 'A card is jammed in the card path; the card being printed is spoiled.',
    fix: 'Open the cover, remove the jammed card (count it as spoiled), close the cover, then resume.',
    needsOperator: true,
    spoilsCard: true,
    retryable: false,
  },
  NEED_CLEANING: {
    explanation: 'The printer asks for a cleaning cycle before it prints again.',
    fix: 'Run a cleaning cycle with a cleaning card (technician page: action "clean").',
    needsOperator: true,
    spoilsCard: false,
    retryable: false,
  },
  MECHANICAL: {
    explanation: 'The printer reported a mechanical or print-head fault (NACK T or a mechanical error).',
    fix: 'Reset the printer (action "reset"); if it returns, power-cycle it and call service.',
    needsOperator: false,
    spoilsCard: true,
    retryable: true,
  },
  TIMEOUT: {
    explanation: 'The printer did not answer a command in time.',
    fix: 'Check the printer is on and not busy with another program; the command is retried once.',
    needsOperator: false,
    spoilsCard: true,
    retryable: true,
  },
  DISCONNECTED: {
    explanation: 'The link to the printer dropped (cable, network or USB).',
    fix: 'Check the cable or network and the printer power; the driver reconnects on its own.',
    needsOperator: false,
    spoilsCard: true,
    retryable: true,
  },
  PROTOCOL: {
    explanation: 'The printer sent a reply the driver cannot understand.',
    fix: 'Check the port settings (baud rate, parity) and that no other program talks to the printer.',
    needsOperator: false,
    spoilsCard: true,
    retryable: true,
  },
  COMMAND_REJECTED: {
    explanation: 'The printer refused a command or its parameters (NACK 1/2, ERR CMD).',
    fix: 'Check the ribbon setting and the printer firmware against the supported models.',
    needsOperator: false,
    spoilsCard: true,
    retryable: false,
  },
};

export function isRetryable(code: PrinterFaultCode): boolean {
  return FAULT_RULES[code].retryable;
}

/**
 * A typed fault with the rule's words. `cardAtRisk` says whether a card was in the printer being
 * worked on: a fault that spoils cards only spoils one when there is one.
 */
export function makeFault(
  code: PrinterFaultCode,
  message: string,
  opts: { cardAtRisk?: boolean; cause?: unknown } = {},
): PrinterFault {
  const rule = FAULT_RULES[code];
  return new PrinterFault(code, message, {
    explanation: rule.explanation,
    fix: rule.fix,
    needsOperator: rule.needsOperator,
    spoilsCard: rule.spoilsCard && (opts.cardAtRisk ?? false),
    cause: opts.cause,
  });
}

/** The same fault, re-judged for whether a card was at risk. */
export function withCardAtRisk(f: PrinterFault, cardAtRisk: boolean): PrinterFault {
  return makeFault(f.code, f.message, { cardAtRisk, cause: f.cause });
}

/**
 * The cover opened after panels were printed: the card cannot be finished (printing it again
 * would lay the panels twice), so it is spoiled and goes to the reject box once the cover closes.
 */
export function coverOpenedMidCard(f: PrinterFault): PrinterFault {
  return new PrinterFault('COVER_OPEN', f.message, {
    explanation:
      'The printer cover was opened while the card was being printed; the partly printed card cannot be finished.',
    fix: 'Close the cover: the partly printed card goes to the reject box (counted as spoiled); then resume with a new blank.',
    needsOperator: true,
    spoilsCard: true,
    cause: f.cause,
  });
}

/** NACK codes of ACK/NACK mode. */
export const NACK_CODES: Record<string, PrinterFaultCode> = {
  '1': 'COMMAND_REJECTED',
  '2': 'COMMAND_REJECTED',
  T: 'MECHANICAL',
  C: 'COVER_OPEN',
  F: 'FEEDER_EMPTY',
  R: 'RIBBON_ENDED',
  K: 'MECHANICAL',
  D: 'MECHANICAL',
  W: 'MECHANICAL',
};

/** An `ERR …`/`ERROR …`/`NO CARD` text reply → fault code. */
export function faultCodeForErrorText(text: string): PrinterFaultCode {
  const t = text.toUpperCase();
  if (t.includes('COVER')) return 'COVER_OPEN';
  if (t.includes('CLEAN')) return 'NEED_CLEANING';
  if (t.includes('RIBBON')) return /END|OUT|EMPTY/.test(t) ? 'RIBBON_ENDED' : 'RIBBON_MISSING';
  if (t.includes('FEEDER') || t.includes('NO CARD') || t.includes('HOPPER')) return 'FEEDER_EMPTY';
  if (t.includes('JAM') || t.includes('ERR CARD') || t.includes('BLOCKED')) return 'CARD_JAM';
  if (/MECHANICAL|HEAD|MOTOR|TIMEOUT|TIME OUT/.test(t)) return 'MECHANICAL';
  return 'COMMAND_REJECTED';
}
