import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { CommandStreamParser } from '../evolis/command-stream.js';
import { EmulatorFaultError, parseFault, type EmulatorFault } from './faults.js';
import type { EmulatorHistory } from './history.js';
import { EmulatorOutputs } from './outputs.js';
import type { PrintTiming } from './timing.js';
import { jobRecord, PrinterModel, type EmulatedJob, type Outcome } from './printer-model.js';

export interface PrinterEmulatorOptions {
  /** TCP port to listen on (0 = any free port). */
  tcpPort?: number;
  host?: string;
  /** A serial device path (one end of a socat pty pair) to serve instead of TCP. */
  serialPath?: string;
  panelMs: number;
  /** A real card's timing (drivers/printer/emulator/timing.ts); every step panelMs when absent. */
  timing?: PrintTiming;
  feederCards: number;
  /**
   * Where PNGs and JSON records of printed jobs go; none written when absent. They hold the
   * card's photo, names and seal: written 0600 in a 0700 folder and purged by `retainMs`/`maxFiles`.
   */
  outDir?: string;
  /** Keep output files this long (checked after each job and every `min(retainMs, 1 h)`). */
  retainMs?: number;
  /** Keep at most this many output files. */
  maxFiles?: number;
  /**
   * A frame whose bytes stop arriving (a `Db` without its data) is dropped after this long and
   * answered with an error, as a printer's reception time-out does. Default 1000 ms.
   */
  frameTimeoutMs?: number;
  /** HTTP control endpoint port (0 = any free port); none when absent. */
  controlPort?: number;
  ribbon?: string;
  ribbonPanels?: number;
  serial?: string;
  faults?: EmulatorFault[];
  /** Reply terminator: CR (serial, TCP) or NUL (as over USB). */
  terminator?: 'cr' | 'nul';
  log?: (line: string) => void;
}

export interface PrinterEmulator {
  url: string;
  controlUrl: string | null;
  control: {
    inject(f: EmulatorFault | string): void;
    clear(what?: Parameters<PrinterModel['clear']>[0]): void;
  };
  state(): Record<string, unknown>;
  /** Full jobs with decoded dots (in-process use: round-trip tests). */
  jobs(): EmulatedJob[];
  model: PrinterModel;
  /** What the printer did, in order: card movements, panel starts, injected faults, finished jobs. */
  history: EmulatorHistory;
  /** Delete output files written before `olderThan` (the station's retention rules call this). */
  purgeOutputs(olderThan: Date): Promise<number>;
  /** Resolves once every finished job's files are written. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface Link {
  write(data: Buffer | string): void;
  drop(): void;
}

/** Start the printer emulator in this process, over TCP or a serial device. */
export async function startPrinterEmulator(opts: PrinterEmulatorOptions): Promise<PrinterEmulator> {
  const model = new PrinterModel({
    feederCards: opts.feederCards,
    panelMs: opts.panelMs,
    ...(opts.timing ? { timing: opts.timing } : {}),
    ...(opts.ribbon ? { ribbon: opts.ribbon } : {}),
    ...(opts.ribbonPanels !== undefined ? { ribbonPanels: opts.ribbonPanels } : {}),
    ...(opts.serial ? { serial: opts.serial } : {}),
  });
  for (const f of opts.faults ?? []) model.inject(f);
  const term = opts.terminator === 'nul' ? '\0' : '\r';
  const log = opts.log ?? (() => undefined);
  let writes: Promise<unknown> = Promise.resolve();
  const outputs = opts.outDir
    ? new EmulatorOutputs(opts.outDir, {
        ...(opts.retainMs !== undefined ? { retainMs: opts.retainMs } : {}),
        ...(opts.maxFiles !== undefined ? { maxFiles: opts.maxFiles } : {}),
      })
    : null;
  const purge = (): void => {
    if (!outputs) return;
    writes = writes.then(() =>
      outputs.purge().catch((e: unknown) => log(`could not purge outputs: ${(e as Error).message}`)),
    );
  };
  await outputs?.init();
  purge();
  let purgeTimer: NodeJS.Timeout | null = null;
  if (outputs && opts.retainMs !== undefined) {
    purgeTimer = setInterval(purge, Math.max(1000, Math.min(opts.retainMs, 3_600_000)));
    purgeTimer.unref();
  }

  const record = (job: EmulatedJob): void => {
    // The files are written later: hold this job's dots even if the model drops them meanwhile.
    const sides = job.sides.map((s) => ({ side: s.side, panels: s.panels.map((p) => ({ ...p })) }));
    model.remember(job);
    log(`job ${job.number} ${job.result}`);
    if (!outputs) return;
    writes = writes.then(async () => {
      try {
        const base = `job-${String(job.number).padStart(4, '0')}`;
        const files: Record<string, string> = {};
        for (const s of sides) {
          const file = `${base}-${s.side}.png`;
          // The PNG writer loads the canvas library: only when a card is actually printed.
          const { sidePng } = await import('./side-png.js');
          await outputs.write(file, await sidePng(s));
          files[s.side] = file;
        }
        await outputs.write(`${base}.json`, JSON.stringify({ ...jobRecord(job), png: files }, null, 2));
      } catch (e) {
        log(`could not write job ${job.number}: ${(e as Error).message}`);
      }
    });
    purge();
  };

  /** Serve one link: parse commands, answer each in order after its simulated time. */
  const serve = (link: Link): ((chunk: Buffer) => void) => {
    const parser = new CommandStreamParser();
    let chain: Promise<void> = Promise.resolve();
    let dropped = false;
    let frameTimer: NodeJS.Timeout | null = null;
    const frameTimeoutMs = opts.frameTimeoutMs ?? 1000;
    const run = (outcome: () => Outcome) => {
      chain = chain.then(async () => {
        if (dropped) return;
        const o = outcome();
        if (o.finished) record(o.finished);
        if (o.delayMs > 0) await new Promise((r) => setTimeout(r, o.delayMs));
        if (dropped) return;
        if (o.disconnect) {
          dropped = true;
          log('dropping the link (injected)');
          link.drop();
          return;
        }
        if (o.reply !== null)
          link.write(
            typeof o.reply === 'string' ? o.reply + term : Buffer.concat([o.reply, Buffer.from(term)]),
          );
      });
    };
    const armFrameTimer = (): void => {
      if (frameTimer) clearTimeout(frameTimer);
      frameTimer = null;
      if (parser.pending === 0 || dropped) return;
      frameTimer = setTimeout(() => {
        frameTimer = null;
        const p = parser.abandon();
        if (p) {
          log(`reception time-out: ${p.message}`);
          run(() => model.handleProblem(p.message));
        }
      }, frameTimeoutMs);
      frameTimer.unref();
    };
    return (chunk: Buffer) => {
      const { commands, problems } = parser.push(chunk);
      for (const p of problems) run(() => model.handleProblem(p.message));
      for (const c of commands) run(() => model.handle(c));
      armFrameTimer();
    };
  };

  const closers: (() => Promise<void>)[] = [];
  let url: string;
  if (opts.serialPath) {
    const { SerialPort } = await import('serialport');
    const port = new SerialPort({ path: opts.serialPath, baudRate: 115200, autoOpen: false, lock: false });
    await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
    const onData = serve({
      write: (d) => void port.write(d),
      drop: () => undefined, // a serial line cannot be unplugged from here: the host sees silence
    });
    port.on('data', onData);
    port.on('error', (e: Error) => log(`serial error: ${e.message}`));
    url = `serial://${opts.serialPath}`;
    closers.push(() => new Promise<void>((res) => (port.isOpen ? port.close(() => res()) : res())));
  } else {
    const sockets = new Set<Socket>();
    const server = createTcpServer((socket) => {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      socket.on(
        'data',
        serve({
          write: (d) => {
            if (!socket.destroyed) socket.write(d);
          },
          drop: () => socket.destroy(),
        }),
      );
    });
    const host = opts.host ?? '127.0.0.1';
    await new Promise<void>((res, rej) => {
      server.once('error', rej);
      server.listen(opts.tcpPort ?? 0, host, () => res());
    });
    url = `tcp://${host}:${(server.address() as AddressInfo).port}`;
    closers.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    });
  }

  const control = {
    inject: (f: EmulatorFault | string) => model.inject(typeof f === 'string' ? parseFault(f) : f),
    clear: (what?: Parameters<PrinterModel['clear']>[0]) => {
      const finished = model.clear(what);
      if (finished) record(finished);
    },
  };

  let controlUrl: string | null = null;
  if (opts.controlPort !== undefined) {
    const http = createHttpServer((req, res) => void handleControl(req, res, model, control));
    await new Promise<void>((res, rej) => {
      http.once('error', rej);
      http.listen(opts.controlPort, '127.0.0.1', () => res());
    });
    controlUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    closers.push(() => {
      http.closeAllConnections();
      return new Promise<void>((res) => http.close(() => res()));
    });
  }

  return {
    url,
    controlUrl,
    control,
    model,
    history: model.history,
    purgeOutputs: async (olderThan: Date) => {
      if (!outputs) return 0;
      await writes;
      return outputs.purgeOutputs(olderThan);
    },
    state: () => model.snapshot(),
    jobs: () => model.jobs,
    idle: () => writes.then(() => undefined),
    close: async () => {
      if (purgeTimer) clearInterval(purgeTimer);
      for (const c of closers.reverse()) await c();
      await writes;
    },
  };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 10_000) throw new EmulatorFaultError('body too large');
  }
  return text ? JSON.parse(text) : {};
}

/** GET /state; POST /faults {fault,…}; POST /clear {cover?,jam?,feederCards?,ribbon?,cleaning?}. */
async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  model: PrinterModel,
  control: PrinterEmulator['control'],
): Promise<void> {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  try {
    if (req.method === 'GET' && req.url === '/state') return send(200, model.snapshot());
    if (req.method === 'POST' && req.url === '/faults') {
      control.inject(parseFault(await readBody(req)));
      return send(200, model.snapshot());
    }
    if (req.method === 'POST' && req.url === '/clear') {
      const b = (await readBody(req)) as Record<string, unknown>;
      const what: Parameters<PrinterModel['clear']>[0] = {};
      if (b.cover === true) what.cover = true;
      if (b.jam === true) what.jam = true;
      if (b.cleaning === true) what.cleaning = true;
      if (Number.isInteger(b.feederCards) && (b.feederCards as number) >= 0)
        what.feederCards = b.feederCards as number;
      if (typeof b.ribbon === 'string' && /^[a-z]{1,8}$/.test(b.ribbon)) what.ribbon = b.ribbon;
      control.clear(what);
      return send(200, model.snapshot());
    }
    send(404, { code: 'NOT_FOUND' });
  } catch (e) {
    send(400, { code: (e as { code?: string }).code ?? 'BAD_REQUEST', message: (e as Error).message });
  }
}
