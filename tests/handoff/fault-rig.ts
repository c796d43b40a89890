import pg from 'pg';
import pino, { type Logger } from 'pino';
import { runCli, startCli, type RunningProcess } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startStation, type StationRig } from './station-rig.js';

/** A seeded PRNG (mulberry32): the same seed gives the same fault plan. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// HQ comes back on the port its stations enrolled with.
export { freePort } from '../helpers/free-port.js';

/** A real `cardgate hq` process on PostgreSQL, restartable on its port and data directory. */
export class HqProcess {
  proc: RunningProcess | undefined;
  readonly dataDir = makeTempDir('cardgate-hq-faults-');
  readonly url: string;
  constructor(
    readonly db: string,
    readonly port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    this.proc = startCli(
      ['hq', '--db', this.db, '--data-dir', this.dataDir, '--http', '--host', '127.0.0.1'].concat([
        '--port',
        String(this.port),
      ]),
      { env: { CARDGATE_LOG_LEVEL: 'warn' } },
    );
    await this.proc.waitForOutput(/cardgate hq: listening on/, 120_000);
  }

  /** `cardgate hq station add`: the station's one-time enrolment token (its last line). */
  async addStation(site: string, station: string): Promise<string> {
    const r = await runCli(
      ['hq', 'station', 'add', '--db', this.db, '--data-dir', this.dataDir].concat([
        '--site',
        site,
        '--station',
        station,
      ]),
    );
    if (r.code !== 0) throw new Error(`hq station add failed: ${r.stderr}`);
    return r.stdout.trim().split('\n').at(-1)!.trim();
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.proc?.stop(signal);
  }
}

/** The hand-off's acknowledgements as a station logged them ('created' or 'duplicate' per record). */
export interface AckLog {
  log: Logger;
  results: Array<{ recordId: string; result: 'created' | 'duplicate' }>;
  /** Error lines (a record not built, an outbox write failed): a clean run has none. */
  errors: string[];
}
export function ackLog(): AckLog {
  const results: AckLog['results'] = [];
  const errors: string[] = [];
  const log = pino(
    { level: 'info' },
    {
      write(line: string) {
        const o = JSON.parse(line) as {
          level: number;
          msg?: string;
          recordId?: string;
          result?: 'created' | 'duplicate';
        };
        if (o.msg === 'record acknowledged by HQ') results.push({ recordId: o.recordId!, result: o.result! });
        if (o.level >= 50) errors.push(line);
      },
    },
  );
  return { log, results, errors };
}

export interface FaultStation {
  rig: StationRig;
  acks: AckLog;
  jobs: string[];
}

/** `count` stations enrolled at `hq` (real enrolment), each with its own number block. */
export async function enrolStations(hq: HqProcess, count: number): Promise<FaultStation[]> {
  const out: FaultStation[] = [];
  for (let i = 1; i <= count; i++) {
    const station = `st-${i}`;
    const token = await hq.addStation('site-f', station);
    const acks = ackLog();
    const rig = await startStation({
      hqUrl: hq.url,
      site: 'site-f',
      station,
      token,
      log: acks.log,
      issuance: {
        numberBlocks: [{ prefix: `F${String.fromCharCode(64 + i)}`, first: 1, last: 9999, width: 7 }],
      },
      settings: { retryMinMs: 20, retryMaxMs: 500 },
    });
    out.push({ rig, acks, jobs: [] });
  }
  return out;
}

/** Issues `perStation` cards at every station at once (each station in order). */
export async function issueAll(stations: FaultStation[], perStation: number): Promise<void> {
  await Promise.all(
    stations.map(async (s) => {
      // Names take letters only (an MRZ has no digits in a name): i as base-26 letters.
      for (let i = 0; i < perStation; i++)
        s.jobs.push(
          await s.rig.issue(
            `Faultova${i.toString(26).replace(/./g, (d) => 'abcdefghijklmnopqrstuvwxyz'[parseInt(d, 26)]!)}`,
          ),
        );
    }),
  );
}

/** What HQ's database holds: record ids (with repeats, if any), document rows. */
export async function storedAtHq(db: string): Promise<{ recordIds: string[]; documents: number }> {
  const c = new pg.Client({ connectionString: db });
  await c.connect();
  try {
    const ids = await c.query<{ record_id: string }>('SELECT record_id FROM records');
    const docs = await c.query<{ n: string }>('SELECT count(*) AS n FROM documents');
    return { recordIds: ids.rows.map((r) => r.record_id), documents: Number(docs.rows[0]!.n) };
  } finally {
    await c.end();
  }
}

/**
 * The number of records HQ has committed (fault moments are keyed to progress, not time), over
 * one connection kept open (a new PostgreSQL backend per poll would load the machine), opened
 * again after a database restart.
 */
export class RecordCounter {
  #client: pg.Client | undefined;
  constructor(private readonly db: string) {}

  async count(): Promise<number> {
    try {
      if (!this.#client) {
        const c = new pg.Client({ connectionString: this.db });
        c.on('error', () => undefined);
        await c.connect();
        this.#client = c;
      }
      return Number(
        (await this.#client.query<{ n: string }>('SELECT count(*) AS n FROM records')).rows[0]!.n,
      );
    } catch (e) {
      await this.close();
      throw e;
    }
  }

  async close(): Promise<void> {
    const c = this.#client;
    this.#client = undefined;
    await c?.end().catch(() => undefined);
  }
}
