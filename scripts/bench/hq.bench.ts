/**
 * `npm run bench hq` (issue 15): the registry on real PostgreSQL 15 (fsync on) behind real
 * `cardgate hq` processes.
 * - ingest: 10,000 records (each with the ~14 KB test face), sealed as the station seals them
 *   (JWS by the station identity key inside a JWE to HQ's record key) by 10 enrolled stations,
 *   POSTed to /api/v1/records through the station's hq-client, each station one record at a time
 *   as its pump sends; goal < 60 s. Once into one replica, then 10,000 more into two replicas on
 *   the same database. The records are sealed before each clock starts (that is the stations'
 *   cost, measured below). CPU per record of HQ, PostgreSQL and the stations; disk per record.
 *   BENCH_HQ_RECORDS, BENCH_HQ_STATIONS and BENCH_HQ_ROWS change the sizes.
 * - lookup: GET /api/v1/documents/{number} with 1,000,000 document rows (bulk-loaded with
 *   generate_series, not through the API), random numbers one after another; goal p99 < 20 ms.
 * - hand-off CPU per card at the station: process.cpuUsage around record build + sign + encrypt
 *   (the development file store); goal < 5 ms.
 */
import { createPublicKey } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import pg from 'pg';
import { systemClock } from '../../gateway/core/clock.js';
import type { PersonRecord } from '../../gateway/document/person.js';
import { enrolStation } from '../../gateway/enrolment/enrol.js';
import { hqEndpoint, postJson } from '../../gateway/enrolment/hq-client.js';
import type { EnrolmentFile } from '../../gateway/enrolment/enrolment-file.js';
import { sealRecord } from '../../gateway/handoff/jose/seal-record.js';
import { buildRecord } from '../../gateway/handoff/record-builder.js';
import { AccountStore } from '../../gateway/hq/accounts/account-store.js';
import { openDatabase } from '../../gateway/hq/db/database.js';
import { migrate } from '../../gateway/hq/db/migrator.js';
import { loadHqTrust } from '../../gateway/hq/enrolment/hq-trust.js';
import { StationBook } from '../../gateway/hq/enrolment/station-book.js';
import type { JobRecord } from '../../gateway/issuance/job.js';
import { FileKeyStore } from '../../gateway/keys/file-key-store.js';
import { openKeyStore } from '../../gateway/keys/open-key-store.js';
import { queuedJob } from '../../tests/issuance/parts-rig.js';
import { startPostgres } from '../../tests/helpers/postgres.js';
import { projectRoot, startCli } from '../../tests/helpers/processes.js';
import { makeTempDir } from '../../tests/helpers/temp-dir.js';
import { calibrationRow, percentile, type BenchRow } from './row.js';

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of a PostgreSQL cluster: its postmaster and every backend it forked. */
function clusterCpuSeconds(dir: string): number {
  const postmaster = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = cpuSecondsOf(postmaster);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(stat[1]) === postmaster) total += cpuSecondsOf(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

const STATIONS = Number(process.env.BENCH_HQ_STATIONS ?? 10);
const RECORDS = Number(process.env.BENCH_HQ_RECORDS ?? 10_000);
const ROWS = Number(process.env.BENCH_HQ_ROWS ?? 1_000_000);
const LOOKUPS = 2_000;
const PASSWORD = 'bench-password-1';

const person = JSON.parse(
  readFileSync(join(projectRoot, 'tests/fixtures/persons/romanian-diacritics.json'), 'utf8'),
) as PersonRecord;
const photo = readFileSync(join(projectRoot, 'tests/fixtures/face.jpg'));

interface Station {
  id: string;
  store: FileKeyStore;
  file: EnrolmentFile;
}

/** A finished job (the issuance tests' job fixture), as the station hands off. */
function doneJob(id: string, number: string): JobRecord {
  const at = '2026-11-30T08:00:00.000Z';
  return queuedJob(id, {
    status: 'done',
    createdAt: at,
    updatedAt: at,
    operator: 'op-ana',
    documentNumber: number,
    dateOfIssue: '2026-11-30',
    dateOfExpiry: '2027-05-29',
    attempts: 1,
    numberFate: 'issued',
    history: [{ status: 'done', at }],
  });
}

/** What the station's hand-off does per card: build the record, sign it, encrypt it to HQ. */
async function handOffOne(s: Station, n: number): Promise<string> {
  const number = `B${s.id.slice(-2)}${String(n).padStart(7, '0')}`;
  const record = buildRecord(
    doneJob(`20261130-${String(n).padStart(10, '0')}`, number),
    person,
    photo,
    undefined,
    {
      siteId: 'site-bench',
      stationId: s.id,
      training: false,
      issuingState: 'ROU',
      documentCode: 'ID',
      devices: { printerSerial: 'PRN-1', encoderSerial: 'ENC-1' },
      cardStockSerial: null,
      auditHead: 'a'.repeat(64),
      previousNumber: null,
      now: new Date(),
    },
  )!;
  return sealRecord(record, {
    store: s.store,
    signingLabel: s.file.identityLabel,
    certThumbprint: s.file.certThumbprint,
    recipient: createPublicKey({ key: s.file.recordKey, format: 'jwk' }),
    recipientKid: s.file.recordKey.kid,
  });
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [calibrationRow()];
  const load = () => loadavg()[0]!.toFixed(1);
  // Durable as a deployment: fsync and full-page writes on (the test clusters run without).
  const cluster = await startPostgres({ durable: true });
  const hqDir = makeTempDir('cardgate-bench-hq-');
  let hq: ReturnType<typeof startCli> | undefined;
  const replicas: ReturnType<typeof startCli>[] = [];
  try {
    const url = await cluster.createDatabase();
    // Stations and a verifier, made as `cardgate hq station add` / `hq user add` make them.
    const db = await openDatabase(url, hqDir);
    await migrate(db);
    const hqKeys = await openKeyStore({}, { dataDir: hqDir });
    const book = new StationBook(db, await loadHqTrust(db, hqKeys, systemClock), systemClock);
    await new AccountStore(db).add({ name: 'vera', role: 'verifier', password: PASSWORD });
    hq = startCli(['hq', '--db', url, '--data-dir', hqDir, '--http', '--port', '0'], {
      env: { CARDGATE_LOG_LEVEL: 'warn' },
    });
    const [, hqUrl] = await hq.waitForOutput(/cardgate hq: listening on (\S+)/, 120_000);
    const stations: Station[] = [];
    for (let i = 1; i <= STATIONS; i++) {
      const id = `st-${String(i).padStart(2, '0')}`;
      const dataDir = makeTempDir('cardgate-bench-st-');
      const store = new FileKeyStore(join(dataDir, 'keys'));
      const token = await book.add('site-bench', id);
      const file = await enrolStation({ dataDir, hqUrl: hqUrl!, token, store, clock: systemClock });
      stations.push({ id, store, file });
    }

    // The station's CPU per card (median of 200, after 20 to warm up).
    const cpu: number[] = [];
    for (let n = 0; n < 220; n++) {
      const c = process.cpuUsage();
      await handOffOne(stations[0]!, 900_000 + n);
      const d = process.cpuUsage(c);
      if (n >= 20) cpu.push((d.user + d.system) / 1000);
    }
    rows.push({
      name: 'hand-off CPU per card at the station (build + sign + encrypt, file store), median',
      value: percentile(cpu, 50),
      unit: 'ms',
      goal: '< 5 ms',
      note: `p95 ${percentile(cpu, 95).toFixed(2)} ms; load ${load()}`,
    });

    // One replica, then two (a second `cardgate hq` on the same database and data directory, as
    // behind a load balancer: stations 1-5 send to the first, 6-10 to the second). Each run
    // hands off RECORDS fresh records, sealed before its clock starts.
    replicas.push(hq);
    const urls = [hqUrl!];
    for (const count of [1, 2]) {
      while (replicas.length < count) {
        const more = startCli(['hq', '--db', url, '--data-dir', hqDir, '--http', '--port', '0'], {
          env: { CARDGATE_LOG_LEVEL: 'warn' },
        });
        replicas.push(more);
        const [, moreUrl] = await more.waitForOutput(/cardgate hq: listening on (\S+)/, 120_000);
        urls.push(moreUrl!);
      }
      const sealed: string[][] = [];
      for (const s of stations) {
        const mine: string[] = [];
        for (let n = 0; n < RECORDS / STATIONS; n++) mine.push(await handOffOne(s, count * 1_000_000 + n));
        sealed.push(mine);
      }
      const [{ n: before }] = (await db.query<{ n: string }>('SELECT count(*) AS n FROM records')) as [
        { n: string },
      ];
      const loadBefore = load();
      const hqCpu = () => replicas.reduce((t, r) => t + cpuSecondsOf(r.child.pid!), 0);
      const cpu0 = hqCpu();
      const pgCpu0 = clusterCpuSeconds(cluster.dir);
      const clientCpu0 = process.cpuUsage();
      const t0 = performance.now();
      await Promise.all(
        sealed.map(async (mine, i) => {
          // What each station's pump does: node:http POST, one record at a time.
          const endpoint = hqEndpoint(urls[Math.floor((i * count) / STATIONS)]!, 'records');
          for (const jwe of mine) {
            const r = await postJson(endpoint, { jwe });
            if (r.status !== 201) throw new Error(`ingest answered ${r.status}: ${JSON.stringify(r.body)}`);
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      const hqCpuMs = ((hqCpu() - cpu0) * 1000) / RECORDS;
      const pgCpuMs = ((clusterCpuSeconds(cluster.dir) - pgCpu0) * 1000) / RECORDS;
      const clientCpu = process.cpuUsage(clientCpu0);
      const clientCpuMs = (clientCpu.user + clientCpu.system) / 1000 / RECORDS;
      const [{ n: stored }] = (await db.query<{ n: string }>('SELECT count(*) AS n FROM records')) as [
        { n: string },
      ];
      const tag = count === 1 ? 'one HQ replica' : `${count} HQ replicas`;
      rows.push({
        name: `ingest ${RECORDS} records from ${STATIONS} stations through POST /api/v1/records, ${tag} (PostgreSQL)`,
        value: seconds,
        unit: 's',
        goal: '< 60 s',
        note: `${(RECORDS / seconds).toFixed(0)} records/s; ${Number(stored) - Number(before)} stored; load ${loadBefore} → ${load()}`,
      });
      // The machine's CPU per record, by process: HQ (open JWE, verify JWS, check, seal, store),
      // the database, and the simulated stations' POSTs, which share this machine here.
      rows.push({
        name: `${tag}: CPU per record of HQ / PostgreSQL / the simulated stations`,
        value: hqCpuMs,
        unit: 'ms',
        note: `HQ ${hqCpuMs.toFixed(2)} ms, PostgreSQL ${pgCpuMs.toFixed(2)} ms, stations ${clientCpuMs.toFixed(2)} ms`,
      });
    }

    // What a record costs on disk (sizing the registry's database).
    const [{ avg, total }] = (await db.query<{ avg: string; total: string }>(
      `SELECT avg(octet_length(sealed))::int AS avg, pg_total_relation_size('records') AS total FROM records`,
    )) as [{ avg: string; total: string }];
    const [{ n: all }] = (await db.query<{ n: string }>('SELECT count(*) AS n FROM records')) as [
      { n: string },
    ];
    rows.push({
      name: 'registry disk per record: sealed record (JWS with photo) / records table with indexes and TOAST',
      value: Number(avg) / 1024,
      unit: 'KB',
      note: `${(Number(total) / Number(all) / 1024).toFixed(1)} KB per row over ${all} rows`,
    });

    // 1,000,000 document rows beside them, bulk-loaded.
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(
      `INSERT INTO documents (number, status, document_code, date_of_issue, date_of_expiry, site, station,
         record_id, status_at)
       SELECT 'M' || lpad(g::text, 8, '0'), 'valid', 'ID', date '2026-01-01', date '2026-07-01',
              'site-bulk', 'st-' || (g % 500), 'bulk:' || g, now()
         FROM generate_series(1, $1::int) g`,
      [ROWS],
    );
    await c.query('ANALYZE documents');
    const [{ n: docs }] = (await c.query<{ n: string }>('SELECT count(*) AS n FROM documents')).rows as [
      { n: string },
    ];
    await c.end();
    const login = await fetch(`${hqUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: hqUrl! },
      body: JSON.stringify({ name: 'vera', password: PASSWORD }),
    });
    const cookie = login.headers
      .getSetCookie()
      .find((x) => x.startsWith('cardgate_session='))!
      .split(';', 1)[0]!;
    const times: number[] = [];
    for (let i = 0; i < LOOKUPS; i++) {
      const number = `M${String(1 + Math.floor(Math.random() * ROWS)).padStart(8, '0')}`;
      const t = performance.now();
      const r = await fetch(`${hqUrl}/api/v1/documents/${number}`, { headers: { cookie } });
      await r.arrayBuffer();
      times.push(performance.now() - t);
      if (r.status !== 200) throw new Error(`GET /documents/${number} answered ${r.status}`);
    }
    rows.push({
      name: `GET /api/v1/documents/{number} with ${docs} document rows, p99 of ${LOOKUPS} (one after another)`,
      value: percentile(times, 99),
      unit: 'ms',
      goal: '< 20 ms',
      note: `median ${percentile(times, 50).toFixed(2)} ms; load ${load()}`,
    });
    await hqKeys.close();
    await db.close();
  } finally {
    for (const r of replicas) await r.stop();
    if (!replicas.includes(hq!)) await hq?.stop();
    await cluster.close();
    rmSync(hqDir, { recursive: true, force: true });
  }
  return rows;
}
