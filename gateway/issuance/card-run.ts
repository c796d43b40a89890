import { documentDates } from '../document/checks/dates.js';
import type { PrintProgress } from '../../drivers/printer/interface.js';
import { asPrinterFault, checkCanFeed, refusalMessage } from './printer-gate.js';
import {
  EncoderError,
  type CardEncoder,
  type ChipSigner,
  type EncoderProgress,
} from '../../drivers/encoder/interface.js';
import type { CardgateError } from '../core/errors.js';
import type { PersonalStore } from '../crypto/personal-store.js';
import type { PersonRecord } from '../document/person.js';
import type { ProduceCard, ProducedCard } from './deps.js';
import type { JobRecord } from './job.js';
import { checkLowNumbers, isoDay } from './ledger.js';
import { allocate } from './numbers.js';
import { createOutcomes, type OutcomeDeps } from './outcomes.js';
import { lineBook } from './line-books.js';
import { storeCardArtefacts } from './card-artefacts.js';

export interface CardRunDeps<S extends ChipSigner = ChipSigner> extends OutcomeDeps {
  encoder: CardEncoder;
  produceCard: ProduceCard<S>;
  signer: S;
  personal: PersonalStore;
  cfg: {
    maxCardAttempts: number;
    validityDays: number;
    documentCode: string;
    issuingState: string;
    lowNumbersWarning: number;
  };
  cardWaitMs: number;
  /**
   * With several lines: a fault of this line's devices stops the line, not the job. The job goes
   * back to the queue (its spoiled blank already counted here) for another line to take. Without
   * it (one line) the job waits for a person, as it always did.
   */
  lineFault?: (id: string, fault: LineFaultInput) => Promise<void>;
}

/** A device fault that takes the line out of work; `card` when its blank is stuck in the printer. */
export interface LineFaultInput {
  code: string;
  message: string;
  card?: { reason: string; attempt: number };
}

type Stage = 'feed' | 'print' | 'reject';

/** Encoder failures that are the reader's, not the blank's: the line stops, the job moves. */
const READER_GONE = new Set(['NO_READER', 'PCSC_UNAVAILABLE']);

/**
 * One job's way through the devices: a document number, the card's content, then for each blank
 * feed → encode → print, with the fault policy deciding whether the next blank is tried, the job
 * waits for a person, or it fails. The attempt budget is counted on the job (`runAttempts`).
 */
export function createCardRun<S extends ChipSigner>(d: CardRunDeps<S>) {
  const { book, printer, encoder, bus, log, cfg } = d;

  const { fail, needsOperator, resolveBlank, finish, stationEvent } = createOutcomes(d);

  function completePerson(j: JobRecord, p: PersonRecord): PersonRecord {
    return {
      ...p,
      // The station owns the document: its configuration, never the stored request.
      documentCode: cfg.documentCode,
      issuingState: cfg.issuingState,
      documentNumber: j.documentNumber!,
      dateOfIssue: j.dateOfIssue!,
      dateOfExpiry: j.dateOfExpiry!,
    };
  }

  /** The document number, durably, before anything touches a card. */
  function start(id: string): Promise<JobRecord | 'NO_NUMBERS' | null> {
    return book.exclusive(async () => {
      const cur = await book.load(id);
      if (cur.status !== 'queued') return null;
      let s = book.state;
      const patch: Partial<JobRecord> = { error: null, blank: 'none', ...(d.line ? { line: d.line } : {}) };
      if (!cur.documentNumber) {
        const a = allocate(s.numbers.blocks);
        if (!a) return 'NO_NUMBERS' as const;
        const low = checkLowNumbers(
          { ...s, numbers: { ...s.numbers, blocks: a.blocks } },
          cfg.lowNumbersWarning,
        );
        s = low.s;
        if (low.warn) {
          const left = a.blocks.reduce((n, b) => n + Math.max(0, b.last - b.next + 1), 0);
          stationEvent('warning', 'NUMBERS_LOW', `${left} document numbers left in the leased blocks`);
        }
        // Issued today, valid for the configured days: the rule the preview shows (documentDates).
        const dates = documentDates(isoDay(d.now()), cfg.validityDays);
        patch.documentNumber = a.number;
        patch.numberFate = 'pending';
        patch.dateOfIssue = dates.dateOfIssue;
        patch.dateOfExpiry = dates.dateOfExpiry;
      }
      const j = book.transition(cur, 'encoding', patch);
      await book.commit([j], s);
      return j;
    });
  }

  async function work(id: string): Promise<void> {
    const started = await start(id);
    if (started === null) return;
    if (started === 'NO_NUMBERS') {
      stationEvent(
        'fault',
        'NUMBERS_EXHAUSTED',
        'no document numbers left: the data centre must assign a block',
      );
      await fail(id, {
        code: 'NO_NUMBERS',
        message: 'no document numbers left',
        needsOperator: false,
        retryable: true,
      });
      return;
    }
    const person = await d.personal.getJson<PersonRecord>(id);
    const photo = await d.personal.get(id, 'photo');
    if (!person || !photo) {
      await fail(id, {
        code: 'PERSONAL_DATA_MISSING',
        message: 'person record or photo is gone',
        needsOperator: false,
        retryable: false,
      });
      return;
    }
    let produced: ProducedCard;
    try {
      produced = await d.produceCard(
        { person: completePerson(started, person), photoJpeg: photo },
        { signer: d.signer },
      );
    } catch (e) {
      const code = (e as CardgateError).code ?? 'RENDER_FAILED';
      await fail(id, {
        code: `RENDER_${String(code)}`.slice(0, 60),
        message: 'the card could not be rendered',
        needsOperator: false,
        retryable: false,
      });
      return;
    }
    const onPrint = (p: PrintProgress): void => {
      if (p.jobId !== id) return;
      bus.emit('issuance:progress', {
        jobId: id,
        step: p.step === 'feeding' ? 'feeding' : p.step === 'ejecting' ? 'ejecting' : 'printing',
        detail: {
          ...(p.side ? { side: p.side } : {}),
          ...(p.panel ? { panel: p.panel } : {}),
          done: p.bytesSent,
          total: p.bytesTotal,
        },
      });
    };
    const onEncode = (p: EncoderProgress): void => {
      if (p.jobId !== id) return;
      bus.emit('issuance:progress', {
        jobId: id,
        step: 'encoding',
        detail: { ...(p.file ? { file: p.file } : {}), done: p.bytesDone, total: p.bytesTotal },
      });
    };
    printer.on('progress', onPrint);
    encoder.on('progress', onEncode);
    try {
      await blanks(id, produced);
    } finally {
      printer.off('progress', onPrint);
      encoder.off('progress', onEncode);
    }
  }

  async function blanks(id: string, produced: ProducedCard): Promise<void> {
    for (;;) {
      const cur = await book.load(id);
      if ((cur.runAttempts ?? 0) >= cfg.maxCardAttempts) {
        await fail(id, {
          code: 'ATTEMPTS_EXHAUSTED',
          message: `${cfg.maxCardAttempts} blanks spoiled for this card`,
          needsOperator: false,
          retryable: true,
        });
        return;
      }
      if (!(await readyToFeed(id))) return;
      const attempt = cur.attempts + 1;
      await book.update(
        id,
        'encoding',
        { attempts: attempt, runAttempts: (cur.runAttempts ?? 0) + 1, blank: 'feeding' },
        `attempt ${attempt}`,
      );
      bus.emit('issuance:progress', { jobId: id, step: 'feeding', detail: { done: 0, total: 1, attempt } });
      try {
        await printer.moveToContactStation();
      } catch (e) {
        if (await printerFault(id, e, 'feed')) return;
        continue;
      }
      await book.patch(id, { blank: 'inside' });
      let securityObject: Uint8Array | undefined;
      try {
        await encoder.waitForCard(d.cardWaitMs);
        ({ securityObject } = await encoder.personalize({
          jobId: id,
          dg1: produced.chip.dg1,
          dg2: produced.chip.dg2,
          documentData: produced.chip.documentData,
          signer: d.signer,
          wipe: true,
        }));
      } catch (e) {
        const code = e instanceof EncoderError ? e.code : 'CARD_ERROR';
        log.warn(
          { jobId: id, code, attempt, err: (e as Error).message },
          'encoding failed; rejecting the blank',
        );
        try {
          await spoil(id, `encode:${code}`);
        } catch (re) {
          if (await printerFault(id, re, 'reject')) return;
        }
        if (d.lineFault && READER_GONE.has(code)) {
          await d.lineFault(id, {
            code: `ENCODER_${code}`,
            message: `The line's chip encoder cannot be used (${code}).`,
          });
          return;
        }
        continue;
      }
      // Durable before the job moves on: a restart after this still hands off the card's seal and SOD.
      await storeCardArtefacts(d.personal, id, {
        mrz: produced.mrz ?? null,
        seal: produced.seal ?? null,
        chipSecurityObject: securityObject ?? null,
      });
      await book.update(id, 'printing');
      try {
        await printer.print({ jobId: id, image: produced.image, cardInside: true });
      } catch (e) {
        if (await printerFault(id, e, 'print')) return;
        continue;
      }
      await finish(id);
      return;
    }
  }

  async function spoil(id: string, reason: string, rejectedByPrinter = false): Promise<void> {
    await resolveBlank(id, reason, rejectedByPrinter).catch((e: unknown) => {
      log.error({ jobId: id, err: (e as Error).message }, 'could not reject the card');
      throw e;
    });
  }

  /** Handles a printer failure; true when the job stops here (waits for a person or failed). */
  async function printerFault(id: string, e: unknown, stage: Stage): Promise<boolean> {
    const fault = asPrinterFault(e, stage !== 'feed');
    const message = `${fault.explanation} ${fault.fix}`;
    log.warn({ jobId: id, code: fault.code, stage }, 'printer fault');
    // A card stopped during printing cannot be finished: it goes to the reject box, counted.
    if (fault.spoilsCard || stage === 'print') {
      try {
        // The driver rejects a card its fault spoils, except a jammed one (it cannot move) and
        // one cut off by a lost link (rejected once the link is back).
        const byPrinter = fault.spoilsCard && fault.code !== 'CARD_JAM' && fault.code !== 'DISCONNECTED';
        await spoil(id, `print:${fault.code}`, byPrinter);
      } catch {
        // The printer cannot reject it now (cover open, jam): it waits in the printer and is
        // rejected, and counted, when the operator resumes or cancels.
        const j = await book.load(id);
        if (d.lineFault) {
          await d.lineFault(id, {
            code: fault.code,
            message,
            card: { reason: `print:${fault.code}`, attempt: j.attempts },
          });
          return true;
        }
        const card = {
          where: 'in-printer' as const,
          spoiled: false,
          reason: `print:${fault.code}`,
          attempt: j.attempts,
        };
        await needsOperator(id, fault.code, message, { card });
        return true;
      }
    }
    if (fault.needsOperator || stage === 'reject') {
      if (d.lineFault) await d.lineFault(id, { code: fault.code, message });
      else await needsOperator(id, fault.code, message);
      return true;
    }
    return false;
  }

  /** Before a blank is fed: false (the job waits for a person) when the books or the printer refuse. */
  async function readyToFeed(id: string): Promise<boolean> {
    const inFeeder = d.line ? lineBook(book.state, d.line).stock.inFeeder : book.state.stock.inFeeder;
    const refusal = await checkCanFeed(printer, inFeeder);
    if (!refusal) return true;
    log.warn({ jobId: id, code: refusal.code }, 'no blank fed: the printer or the books refuse');
    if (d.lineFault) await d.lineFault(id, { code: refusal.code, message: refusalMessage(refusal) });
    else await needsOperator(id, refusal.code, refusalMessage(refusal));
    return false;
  }

  return { work, resolveBlank, needsOperator, fail };
}

export type CardRun = ReturnType<typeof createCardRun>;
