/**
 * In-test stand-ins for the printer, encoder and renderer, used until (and beside) the real
 * emulators: they keep the physical facts the workflow relies on (a card is inside or not, the
 * feeder has N cards) and let a test inject faults.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import {
  CARD_HEIGHT,
  CARD_WIDTH,
  PrinterFault,
  type CardPrinter,
  type PrinterEvents,
  type PrinterStatus,
  type PrintJob,
  type PrinterFaultCode,
} from '../../drivers/printer/interface.js';
import {
  EncoderError,
  type CardEncoder,
  type ChipContents,
  type ChipPersonalization,
  type EncoderErrorCode,
  type EncoderEvents,
} from '../../drivers/encoder/interface.js';
import type { ProduceCard } from '../../gateway/issuance/deps.js';
import { projectRoot } from '../helpers/processes.js';

export const facePhoto = (): Buffer => readFileSync(join(projectRoot, 'tests/fixtures/face.jpg'));
export const silentLogger = () => pino({ level: 'silent' });

export class FakePrinter extends EventEmitter<PrinterEvents> implements CardPrinter {
  readonly id = 'printer-1';
  readonly driver = 'fake';
  readonly transport = 'fake://';
  cardInside = false;
  /** Conditions the pre-flight check reports (a fault waiting for a person). */
  blocked: PrinterFaultCode | null = null;
  preflights = 0;
  feeder: number;
  rejected = 0;
  printed: string[] = [];
  /** Faults to throw, consumed in order, by operation. */
  faults: Array<{
    on: 'feed' | 'print';
    code: PrinterFaultCode;
    needsOperator: boolean;
    spoilsCard: boolean;
  }> = [];
  constructor(feeder = 1000) {
    super();
    this.feeder = feeder;
  }
  async connect() {}
  async close() {}
  async identity() {
    return { vendor: 'fake', model: 'fake', serial: '1', firmware: '1' };
  }
  async status(): Promise<PrinterStatus> {
    return {
      ready: true,
      fault: null,
      ribbon: { type: 'ymcko', remaining: 100, ended: false },
      feeder: { empty: this.feeder === 0 },
      coverOpen: false,
      cardInside: this.cardInside,
      needsCleaning: false,
      counters: {},
      sensors: {},
    };
  }
  #fault(on: 'feed' | 'print'): void {
    const i = this.faults.findIndex((f) => f.on === on);
    if (i === -1) return;
    const f = this.faults.splice(i, 1)[0]!;
    throw new PrinterFault(f.code, f.code, {
      explanation: f.code,
      fix: 'fix it',
      needsOperator: f.needsOperator,
      spoilsCard: f.spoilsCard,
    });
  }
  async preflight() {
    this.preflights++;
    const code = this.blocked ?? (this.feeder === 0 ? 'FEEDER_EMPTY' : null);
    if (code)
      throw new PrinterFault(code, code, {
        explanation: `${code} explained`,
        fix: `fix ${code}`,
        needsOperator: true,
        spoilsCard: false,
      });
  }
  async moveToContactStation() {
    if (this.feeder === 0)
      throw new PrinterFault('FEEDER_EMPTY', 'empty', {
        explanation: 'feeder empty',
        fix: 'load cards',
        needsOperator: true,
        spoilsCard: false,
      });
    this.#fault('feed');
    this.feeder--;
    this.cardInside = true;
    this.emit('progress', { jobId: '', step: 'feeding', bytesSent: 0, bytesTotal: 0 });
  }
  async print(job: PrintJob) {
    if (!job.cardInside || !this.cardInside) throw new Error('no card inside');
    this.emit('progress', {
      jobId: job.jobId,
      step: 'panel',
      side: 'front',
      panel: 'y',
      bytesSent: 10,
      bytesTotal: 10,
    });
    this.#fault('print');
    this.cardInside = false;
    this.printed.push(job.jobId);
  }
  async eject() {
    this.cardInside = false;
  }
  async reject() {
    if (this.cardInside) this.rejected++;
    this.cardInside = false;
  }
  async clean() {}
  async testCard() {}
  async reset() {}
  async raw() {
    return 'OK';
  }
}

export class FakeEncoder extends EventEmitter<EncoderEvents> implements CardEncoder {
  readonly id = 'encoder-1';
  readonly driver = 'fake';
  readonly emulated = true;
  failures: EncoderErrorCode[] = [];
  written: string[] = [];
  constructor(private readonly printer: FakePrinter) {
    super();
  }
  async start() {}
  async stop() {}
  state() {
    return { available: true, readers: ['fake'], cardPresent: this.printer.cardInside };
  }
  async waitForCard() {
    if (!this.printer.cardInside) throw new EncoderError('NO_CARD', 'no card');
  }
  async personalize(input: ChipPersonalization) {
    const f = this.failures.shift();
    if (f) throw new EncoderError(f, f);
    this.emit('progress', {
      jobId: input.jobId,
      step: 'write',
      file: 'dg1',
      bytesDone: input.dg1.length,
      bytesTotal: input.dg1.length,
    });
    this.written.push(Buffer.from(input.dg1).toString('latin1'));
    return { apdus: 3, bytesWritten: input.dg1.length };
  }
  async readBack(): Promise<ChipContents> {
    return { files: {} };
  }
  async verify() {
    return { ok: true, failures: [] };
  }
  verifyContents() {
    return { ok: true, failures: [] };
  }
}

const blankSide = () => ({
  width: CARD_WIDTH,
  height: CARD_HEIGHT,
  rgb: new Uint8Array(0),
  k: new Uint8Array(0),
  overlay: new Uint8Array(0),
});

/** Stands in for the document renderer: the chip's DG1 carries the document number, as the MRZ does. */
export const fakeProduceCard: ProduceCard = ({ person, photoJpeg }) => ({
  image: { front: blankSide(), back: blankSide() },
  chip: {
    dg1: Buffer.from(`${person.documentCode}${person.issuingState}${person.documentNumber}`, 'latin1'),
    dg2: photoJpeg,
    documentData: Buffer.from(JSON.stringify({ n: person.documentNumber, e: person.dateOfExpiry })),
  },
});

export const fakeSigner = { sign: async () => new Uint8Array(64), certificateDer: new Uint8Array(10) };
