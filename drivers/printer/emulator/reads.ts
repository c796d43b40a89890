import type { CardPlace } from './history.js';

/** The state a read command reports. */
export interface ReadableState {
  readonly model: string;
  readonly serial: string;
  readonly firmware: string;
  readonly printHead: string;
  readonly ribbonType: string | null;
  readonly ribbonPanelsLeft: number;
  readonly coverOpen: boolean;
  readonly needsCleaning: boolean;
  readonly cardsSinceCleaning: number;
  readonly feederCards: number;
  readonly card: CardPlace;
  readonly counters: { cards: number; panels: number; rejected: number; jammed: number };
}

const VOLTS = (on: boolean): string => (on ? '5,00 Volts' : '0,00 Volts');

const CARD_REPLY: Record<CardPlace, string> = {
  none: 'NO CARD',
  jammed: 'ERR CARD',
  contact: 'SMART CARD',
  contactless: 'CONTACTLESS CARD',
  printing: 'OK',
};

/**
 * The text a read command (`Rtp`, `Rco;l`, `Rse;o`, `Rlr;p`…) answers in the printer's present
 * state, whatever fault it is in; null for a parameter the printer does not know.
 */
export function readReply(s: ReadableState, name: string, p0: string): string | null {
  switch (name) {
    case 'Rtp':
      return s.model;
    case 'Rsn':
      return s.serial;
    case 'Rfv':
      return s.firmware;
    case 'Rkn':
      return s.printHead;
    case 'Rr':
      return s.ribbonType ?? 'NONE';
    case 'Rcr':
      return s.ribbonType !== null && s.ribbonPanelsLeft === 0 ? 'ERR RIBBON END' : 'OK';
    case 'Rco': {
      const panelsPerCard = Math.max(1, (s.ribbonType ?? 'k').replace(/[^ymcko]/g, '').length);
      const n: Record<string, number> = {
        p: s.counters.panels,
        c: s.counters.cards,
        a: s.cardsSinceCleaning,
        m: s.counters.rejected,
        n: s.counters.jammed,
        l: s.ribbonType === null ? 0 : Math.floor(s.ribbonPanelsLeft / panelsPerCard),
      };
      return n[p0] === undefined ? null : String(n[p0]);
    }
    case 'Rse': {
      const v: Record<string, string> = {
        o: VOLTS(!s.coverOpen),
        p: VOLTS(s.card !== 'none'),
        f: VOLTS(s.feederCards > 0),
        m: VOLTS(s.feederCards > 0),
        c: VOLTS(true),
        r: VOLTS(s.ribbonType !== null),
      };
      return v[p0] ?? null;
    }
    case 'Rlr':
      if (p0 === 'p') return CARD_REPLY[s.card];
      if (p0 === 'r') return s.needsCleaning ? 'ERR NEED CLEANING' : 'OK';
      return null;
    case 'Rcom':
      return '1;115200;NONE;8;1;ACK/NACK;1';
    default:
      return null;
  }
}
