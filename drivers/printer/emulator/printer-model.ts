import type { StreamCommand } from '../evolis/command-stream.js';
import { decodeBitmapCommand, JobDecodeError, type DecodedPanel } from '../evolis/job-decoder.js';
import type { EmulatorFault } from './faults.js';
import { EmulatorHistory, type CardPlace } from './history.js';
import { readReply } from './reads.js';
import { panelTime, stepMs, type PrintTiming } from './timing.js';
import { FaultSchedule } from './fault-schedule.js';

import { jobRecord as jobRecordOf, type EmulatedJob, type EmulatedSide } from './emulated-job.js';

export type { CardPlace } from './history.js';
export { jobRecord, type EmulatedJob, type EmulatedSide } from './emulated-job.js';

export interface PrinterModelOptions {
  feederCards: number;
  panelMs: number;
  /** A real card's timing (feed, each panel, flip, eject); without it every step takes panelMs. */
  timing?: PrintTiming;
  ribbon?: string;
  ribbonPanels?: number;
  serial?: string;
  /** Cards between cleanings before `ERR NEED CLEANING`. */
  cleaningEvery?: number;
}

/** What one command does to the printer: the reply, a delay, or a dropped link. */
export interface Outcome {
  reply: string | Buffer | null;
  delayMs: number;
  disconnect?: boolean;
  /** A job finished (ejected or rejected) and should be written out. */
  finished?: EmulatedJob;
}

/**
 * The printer side of the Evolis command language: state (feeder, ribbon, cover, cleaning,
 * card position, counters) and the reply to each command, with faults injected on request.
 */
export class PrinterModel {
  readonly model = 'Evolis Primacy (cardgate emulator)';
  readonly serial: string;
  readonly firmware = '1.7.3-emu';
  readonly printHead = 'KHE-300-EMU';
  feederCards: number;
  panelMs: number;
  timing: PrintTiming | null;
  ribbonType: string | null;
  ribbonPanelsLeft: number;
  coverOpen = false;
  needsCleaning = false;
  cardsSinceCleaning = 0;
  readonly cleaningEvery: number;
  #card: CardPlace = 'none';
  ackNack = false;
  /** Everything the printer did, in order (card movements, panel starts, faults, jobs). */
  readonly history = new EmulatorHistory();
  /** Faults waiting for a panel or a command (fault-schedule.ts). */
  readonly #faults = new FaultSchedule();
  #command = '';
  counters = { cards: 0, panels: 0, rejected: 0, jammed: 0 };
  jobRibbon: string | null = null;
  job: EmulatedJob | null = null;
  side: EmulatedSide | null = null;
  jobs: EmulatedJob[] = [];
  #jobNumber = 0;
  readonly commandLog: string[] = [];

  constructor(opts: PrinterModelOptions) {
    this.feederCards = opts.feederCards;
    this.panelMs = opts.panelMs;
    this.timing = opts.timing ?? null;
    this.ribbonType = opts.ribbon ?? 'ymcko';
    this.ribbonPanelsLeft = opts.ribbonPanels ?? 1000;
    this.serial = opts.serial ?? 'EMU0000001';
    this.cleaningEvery = opts.cleaningEvery ?? 5000;
  }

  /** Where the card is; every change is recorded in `history`. */
  get card(): CardPlace {
    return this.#card;
  }

  set card(to: CardPlace) {
    if (to === this.#card) return;
    this.history.record({ type: 'card', from: this.#card, to, command: this.#command });
    this.#card = to;
  }

  /** Apply a fault now, or (with `when`) as the named panel of the current job starts downloading. */
  inject(f: EmulatorFault): void {
    if (f.when) {
      const { when, ...now } = f;
      this.#faults.at(when, now as EmulatorFault);
      return;
    }
    this.history.record({ type: 'fault-injected', fault: f.fault });
    if (this.#faults.arm(f)) return;
    switch (f.fault) {
      case 'cover-open':
        this.coverOpen = true;
        break;
      case 'feeder-empty':
        this.feederCards = 0;
        break;
      case 'ribbon-ended':
        this.ribbonPanelsLeft = 0;
        break;
      case 'ribbon-missing':
        this.ribbonType = null;
        break;
      case 'need-cleaning':
        this.needsCleaning = true;
        break;
    }
  }

  /** What an operator does at the printer: close the cover, remove a jam, load cards, change the ribbon. */
  clear(
    what: { cover?: boolean; jam?: boolean; feederCards?: number; ribbon?: string; cleaning?: boolean } = {},
  ): EmulatedJob | undefined {
    const all = Object.keys(what).length === 0;
    let finished: EmulatedJob | undefined;
    if (all || what.cover) this.coverOpen = false;
    if ((all || what.jam) && this.card === 'jammed') {
      this.card = 'none';
      finished = this.#finish('jammed');
    }
    if (all) this.#faults.clearAll();
    if (what.feederCards !== undefined) this.feederCards = what.feederCards;
    if (what.ribbon !== undefined || (all && (this.ribbonType === null || this.ribbonPanelsLeft === 0))) {
      this.ribbonType = what.ribbon ?? this.ribbonType ?? 'ymcko';
      this.ribbonPanelsLeft = 1000;
    }
    if (all || what.cleaning) this.needsCleaning = false;
    return finished;
  }

  snapshot(): Record<string, unknown> {
    return {
      model: this.model,
      serial: this.serial,
      firmware: this.firmware,
      feederCards: this.feederCards,
      ribbon: { type: this.ribbonType, panelsLeft: this.ribbonPanelsLeft },
      coverOpen: this.coverOpen,
      needsCleaning: this.needsCleaning,
      cardsSinceCleaning: this.cardsSinceCleaning,
      card: this.card,
      ackNack: this.ackNack,
      counters: { ...this.counters },
      jobs: this.jobs.map((j) => jobRecordOf(j)),
    };
  }

  #ok(): string {
    return this.ackNack ? 'ACK' : 'OK';
  }

  #err(nack: string, text: string): string {
    return this.ackNack ? `NACK ${nack}` : `ERR ${text}`;
  }

  #finish(result: EmulatedJob['result']): EmulatedJob | undefined {
    const job = this.job;
    if (!job) return undefined;
    job.result = result;
    job.endedAt = new Date().toISOString();
    this.history.record({ type: 'job-finished', job: job.number, result });
    this.job = null;
    this.side = null;
    return job;
  }

  handleProblem(message: string): Outcome {
    this.commandLog.push(`?${message}`);
    return this.#faults.deliver({ reply: this.#err('1', 'CMD'), delayMs: 0 });
  }

  handle(cmd: StreamCommand): Outcome {
    this.commandLog.push(cmd.name);
    if (this.commandLog.length > 1000) this.commandLog.splice(0, 500);
    this.#command = cmd.name;
    if ((cmd.name === 'Db' || cmd.name === 'Dbc') && this.job && this.side) this.#panelStarts(cmd);
    if (this.#faults.dropNow()) return { reply: null, delayMs: 0, disconnect: true };
    return this.#faults.deliver(this.#handle(cmd));
  }

  /** Record the panel's start and fire the faults scheduled for it (before it is handled). */
  #panelStarts(cmd: StreamCommand): void {
    const [panel = ''] = cmd.params;
    const side = this.side!.side;
    this.history.record({
      type: 'panel-started',
      job: this.job!.number,
      side,
      panel,
      index: this.side!.panels.length + 1,
    });
    for (const fault of this.#faults.due(panel, side)) this.inject(fault);
  }

  #movementBlocked(): string | null {
    if (this.coverOpen) return this.#err('C', 'COVER OPEN');
    if (this.card === 'jammed') return this.#err('T', 'CARD JAM');
    return null;
  }

  #handle(cmd: StreamCommand): Outcome {
    const [p0 = ''] = cmd.params;
    const ok = (delayMs = 0): Outcome => ({ reply: this.#ok(), delayMs });
    const value = (text: string): Outcome => ({ reply: text, delayMs: 0 });
    const fail = (nack: string, text: string): Outcome => ({ reply: this.#err(nack, text), delayMs: 0 });
    switch (cmd.name) {
      // --- reads (answered from the state as it is, faults included)
      case 'Rtp':
      case 'Rsn':
      case 'Rfv':
      case 'Rkn':
      case 'Rr':
      case 'Rcr':
      case 'Rco':
      case 'Rse':
      case 'Rlr':
      case 'Rcom': {
        const text = readReply(this, cmd.name, p0);
        return text === null ? fail('2', 'PARAM') : value(text);
      }
      // --- settings
      case 'Pem':
        this.ackNack = p0 !== '' && p0 !== '0';
        return ok();
      case 'Pr':
        if (!p0) return fail('2', 'PARAM');
        this.jobRibbon = p0;
        return ok();
      case 'Pmi':
        return /^[FMB]$/.test(p0) ? ok() : fail('2', 'PARAM');
      case 'Pc':
      case 'Pdt':
      case 'Ppws':
      case 'Pos':
      case 'Psc':
      case 'Pcom':
      case 'Mr':
      case 'Pbc':
      case 'Pmb':
        return ok();
      // --- card movement
      case 'Ss':
      case 'Si':
      case 'Sis':
      case 'Sic': {
        const blocked = this.#movementBlocked();
        if (blocked) return { reply: blocked, delayMs: 0 };
        if (this.ribbonType === null && cmd.name === 'Ss') return fail('R', 'RIBBON MISSING');
        if (this.needsCleaning && cmd.name === 'Ss') return fail('T', 'NEED CLEANING');
        const fromFeeder = this.card === 'none';
        if (fromFeeder) {
          if (this.feederCards <= 0) return fail('F', 'FEEDER EMPTY');
          this.feederCards--;
        }
        const moveMs = stepMs(this.timing, this.panelMs, fromFeeder ? 'feed' : 'contactToPrint');
        this.card = cmd.name === 'Sis' ? 'contact' : cmd.name === 'Sic' ? 'contactless' : 'printing';
        if (cmd.name === 'Ss') {
          this.job = {
            number: ++this.#jobNumber,
            ribbon: this.jobRibbon ?? this.ribbonType,
            startedAt: new Date().toISOString(),
            endedAt: null,
            result: 'printing',
            sides: [],
            wire: [],
          };
          this.side = null;
        }
        return ok(moveMs);
      }
      case 'Sr':
      case 'Sv': {
        if (!this.job) return fail('1', 'SEQUENCE');
        this.side = { side: cmd.name === 'Sr' ? 'front' : 'back', panels: [] };
        this.job.sides.push(this.side);
        // The card turns over for the back.
        return ok(cmd.name === 'Sv' ? stepMs(this.timing, this.panelMs, 'flip') : 0);
      }
      case 'Db':
      case 'Dbc':
        return this.#panel(cmd);
      case 'Se': {
        const blocked = this.#movementBlocked();
        if (blocked) return { reply: blocked, delayMs: 0 };
        if (this.card === 'none') return ok();
        this.card = 'none';
        if (!this.job) return ok(this.panelMs);
        this.counters.cards++;
        this.cardsSinceCleaning++;
        if (this.cardsSinceCleaning >= this.cleaningEvery) this.needsCleaning = true;
        return { ...ok(stepMs(this.timing, this.panelMs, 'eject')), finished: this.#finish('ejected')! };
      }
      case 'Ser':
      case 'Seb': {
        if (this.card === 'jammed') return fail('T', 'CARD JAM');
        if (this.coverOpen) return fail('C', 'COVER OPEN');
        if (this.card === 'none') return ok();
        this.card = 'none';
        this.counters.rejected++;
        const finished = this.#finish('rejected');
        return { ...ok(stepMs(this.timing, this.panelMs, 'reject')), ...(finished ? { finished } : {}) };
      }
      case 'Scp': {
        const blocked = this.#movementBlocked();
        if (blocked) return { reply: blocked, delayMs: 0 };
        this.needsCleaning = false;
        this.cardsSinceCleaning = 0;
        return ok(stepMs(this.timing, this.panelMs, 'clean'));
      }
      case 'St': {
        const blocked = this.#movementBlocked();
        if (blocked) return { reply: blocked, delayMs: 0 };
        if (this.card === 'none') {
          if (this.feederCards <= 0) return fail('F', 'FEEDER EMPTY');
          this.feederCards--;
        }
        this.card = 'none';
        this.counters.cards++;
        return ok(this.panelMs * 5);
      }
      case 'Srs':
        // A reset stops the sequence; a jammed card still needs hands.
        if (this.job && this.card !== 'jammed') this.#finish('rejected');
        if (this.card === 'printing') this.card = 'none';
        this.#faults.forgetJam();
        return ok(this.panelMs);
      default:
        return fail('1', 'CMD');
    }
  }

  #panel(cmd: StreamCommand): Outcome {
    const fail = (nack: string, text: string): Outcome => ({ reply: this.#err(nack, text), delayMs: 0 });
    if (!this.job || !this.side) return fail('1', 'SEQUENCE');
    const [panel = ''] = cmd.params;
    if (this.#faults.dropAt(panel)) return { reply: null, delayMs: 0, disconnect: true };
    if (this.coverOpen) return fail('C', 'COVER OPEN');
    if (this.card === 'jammed') return fail('T', 'CARD JAM');
    if (this.#faults.jamAt(panel, this.side.side)) {
      this.card = 'jammed';
      this.counters.jammed++;
      return fail('T', 'CARD JAM');
    }
    if (this.ribbonType === null) return fail('R', 'RIBBON MISSING');
    if (this.ribbonPanelsLeft <= 0) return fail('R', 'RIBBON END');
    let decoded: DecodedPanel;
    try {
      decoded = decodeBitmapCommand(cmd);
    } catch (e) {
      if (e instanceof JobDecodeError) return fail('2', 'DATA');
      throw e;
    }
    this.side.panels.push(decoded);
    this.job.wire.push({ panel, side: this.side.side, bytes: cmd.length, compressed: cmd.name === 'Dbc' });
    this.ribbonPanelsLeft--;
    this.counters.panels++;
    return { reply: this.#ok(), delayMs: panelTime(this.timing, this.panelMs, panel) };
  }

  /** Keep the last `keep` job records; dot data (6.5 MB a YMCKO card) only for the last `keepDots`. */
  remember(job: EmulatedJob, keep = 20, keepDots = 3): void {
    this.jobs.push(job);
    if (this.jobs.length > keep) this.jobs.shift();
    const old = this.jobs[this.jobs.length - 1 - keepDots];
    if (old) for (const s of old.sides) for (const p of s.panels) p.values = new Uint8Array(0);
  }
}
