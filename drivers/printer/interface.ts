/**
 * What the gateway may ask of any card printer. Vendor specifics (command language, panel
 * encoding, reply parsing) stay inside each implementation folder (`evolis/`, later others).
 */
import type { EventEmitter } from 'node:events';
import { DeviceError } from '../device/errors.js';

/** Dimensions of a card side as the document renders it: landscape, 300 dpi, the printer buffer. */
export const CARD_WIDTH = 1016;
export const CARD_HEIGHT = 648;

/**
 * One side of the vendor-neutral card image. All planes are landscape, row-major,
 * `width × height` (CARD_WIDTH × CARD_HEIGHT); the printer driver rotates as its hardware needs.
 */
export interface CardSideImage {
  width: number;
  height: number;
  /** RGB, 3 bytes a dot: artwork and photo, printed with the colour panels. */
  rgb: Uint8Array;
  /** 1 byte a dot, non-zero = black resin (text, MRZ, seal). Colour panels carry no ink under it. */
  k: Uint8Array;
  /** 1 byte a dot, non-zero = overlay varnish (left bare over the chip contacts). */
  overlay: Uint8Array;
}

export interface CardImage {
  front: CardSideImage;
  back?: CardSideImage;
}

export type RibbonType = string; // 'ymcko' | 'ymckos' | 'ymckok' | 'kb' | 'ko' | 'k' | …

export interface PrintJob {
  /** Correlates progress and faults with the issuance job; never personal data. */
  jobId: string;
  ribbon?: RibbonType;
  image: CardImage;
  /** The card is already inside (moved to the contact station): print it instead of feeding a new one. */
  cardInside?: boolean;
}

export interface PrintProgress {
  jobId: string;
  step: 'feeding' | 'side' | 'panel' | 'ejecting' | 'done';
  side?: 'front' | 'back';
  panel?: string;
  bytesSent: number;
  bytesTotal: number;
}

export interface PrinterIdentity {
  vendor: string;
  model: string;
  serial: string;
  firmware: string;
  printHead?: string;
}

export interface PrinterStatus {
  ready: boolean;
  /** Stable fault code when not ready (see PrinterFaultCode). */
  fault: PrinterFaultCode | null;
  ribbon: { type: string | null; remaining: number | null; ended: boolean };
  feeder: { empty: boolean | null };
  coverOpen: boolean | null;
  cardInside: boolean | null;
  needsCleaning: boolean;
  counters: Record<string, number>;
  sensors: Record<string, string>;
}

/** Every fault a printer driver reports; the catalogue knows each as `PRINTER_<code>`. */
export const PRINTER_FAULT_CODES = [
  'COVER_OPEN',
  'FEEDER_EMPTY',
  'RIBBON_ENDED',
  'RIBBON_MISSING',
  'CARD_JAM',
  'NEED_CLEANING',
  'MECHANICAL',
  'TIMEOUT',
  'DISCONNECTED',
  'PROTOCOL',
  'COMMAND_REJECTED',
] as const;
export type PrinterFaultCode = (typeof PRINTER_FAULT_CODES)[number];

/** A fault the printer reported or the link suffered; `needsOperator` tells the workflow to wait for a person. */
export class PrinterFault extends DeviceError<PrinterFaultCode> {
  readonly explanation: string;
  readonly fix: string;
  readonly needsOperator: boolean;
  /** Whether the card being printed is spoiled by this fault (to be rejected and counted). */
  readonly spoilsCard: boolean;
  constructor(
    code: PrinterFaultCode,
    message: string,
    opts: { explanation: string; fix: string; needsOperator: boolean; spoilsCard: boolean; cause?: unknown },
  ) {
    super('printer', code, message, opts.cause === undefined ? {} : { cause: opts.cause });
    this.name = 'PrinterFault';
    this.explanation = opts.explanation;
    this.fix = opts.fix;
    this.needsOperator = opts.needsOperator;
    this.spoilsCard = opts.spoilsCard;
  }

  override get detail(): string {
    return `${this.explanation || this.message} Fix: ${this.fix}`.trim();
  }
}

export interface PrinterEvents {
  status: [PrinterStatus];
  progress: [PrintProgress];
  fault: [PrinterFault];
  connection: [{ connected: boolean; reason?: string }];
}

export interface CardPrinter extends EventEmitter<PrinterEvents> {
  readonly id: string;
  /** e.g. 'evolis' */
  readonly driver: string;
  /** e.g. 'tcp://127.0.0.1:9100' (no secrets) */
  readonly transport: string;
  connect(): Promise<void>;
  close(): Promise<void>;
  identity(): Promise<PrinterIdentity>;
  status(): Promise<PrinterStatus>;
  /** Resolves when the printer can finish a card now; rejects with PrinterFault (needsOperator, no card moved) naming what prevents it. */
  preflight(): Promise<void>;
  /** Feed a blank and stop it under the contact smart-card station. */
  moveToContactStation(): Promise<void>;
  /** Print both sides and eject to the output hopper. Rejects with PrinterFault. */
  print(job: PrintJob, opts?: { signal?: AbortSignal }): Promise<void>;
  eject(): Promise<void>;
  /** Eject the card inside into the reject box. */
  reject(): Promise<void>;
  clean(): Promise<void>;
  testCard(): Promise<void>;
  reset(): Promise<void>;
  /** Technician's console: one command, its raw reply. */
  raw(command: string): Promise<string>;
}
