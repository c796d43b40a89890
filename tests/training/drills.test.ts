import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPath, verifyAuditFile } from '../../gateway/audit/audit-log.js';
import { drillRoutes } from '../../gateway/training/drill-routes.js';
import { buildPluginTestApp } from '../helpers/api.js';
import { projectRoot, startCli, waitFor, type RunningProcess } from '../helpers/processes.js';
import { describeWithSystem } from '../helpers/system.js';
import { startCliStation, type CliStation } from '../helpers/cli-station.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { requestPerson } from '../helpers/persons.js';

describe('drills outside training mode', () => {
  it('are refused with TRAINING_ONLY', async () => {
    const app = await buildPluginTestApp(drillRoutes, { book: null });
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/training/drills',
      headers: { 'x-test-role': 'admin' },
      payload: { fault: 'ribbon-ends', card: 3 },
    });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'TRAINING_ONLY' });
    await app.close();
  });
});

interface JobView {
  id: string;
  status: string;
  documentNumber: string | null;
  attempts: number;
  error: { code: string } | null;
}

interface DrillView {
  id: string;
  fault: string;
  card: number;
  state: string;
  jobId: string | null;
  documentNumber: string | null;
  trainee: string | null;
  met: string | null;
  cleared: boolean;
}

/**
 * A trainer schedules "card pulled from the encoder" on the 2nd card and "ribbon ends" on the 3rd;
 * a trainee issues cards through the real issuing path (emulated printer and encoder of a
 * `cardgate start --training` station). The faults happen on exactly those cards, the trainee
 * clears the ribbon (the emulator's control endpoint, as a person changing it) and resumes, and
 * the drill list tells which trainee met which fault on which card and that it was cleared.
 */
describeWithSystem([], 'drills on a training station', () => {
  const dataDir = makeTempDir('cardgate-drills-');
  const person = requestPerson('romanian-diacritics');
  const photo = readFileSync(join(projectRoot, 'tests/fixtures/face.jpg')).toString('base64');
  let cli: CliStation | undefined;
  let station: RunningProcess;
  let url: string;
  let login: CliStation['login'];
  let control: string;

  beforeAll(async () => {
    cli = await startCliStation({
      dataDir,
      users: [
        ['ioana', 'operator'],
        ['trainer', 'admin'],
      ],
      args: ['--training'],
    });
    station = cli.proc;
    url = cli.url;
    login = cli.login;
    control = (await station.waitForOutput(/"control":"(http:\/\/127\.0\.0\.1:\d+)"/, 10_000))[1]!;
  }, 90_000);

  afterAll(async () => {
    await cli?.stop();
  });

  const getJob = async (id: string, cookie: string): Promise<JobView> =>
    (await (await fetch(`${url}/api/v1/issuances/${id}`, { headers: { cookie } })).json()) as JobView;

  /** Issue one card and wait until it is done or waits for a person (observed from its status). */
  async function issue(cookie: string): Promise<JobView> {
    const created = await fetch(`${url}/api/v1/issuances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ kind: 'new', person, photo }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    return waitFor(
      async () => {
        const j = await getJob(id, cookie);
        return ['done', 'needs-operator', 'failed'].includes(j.status) ? j : null;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the card done or waiting for a person' },
    );
  }

  it('a scheduled fault happens at the card it names, and the page data shows who met and cleared it', async () => {
    const trainer = await login('trainer');
    const schedule = async (body: unknown) =>
      fetch(`${url}/api/v1/training/drills`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: trainer },
        body: JSON.stringify(body),
      });
    expect((await schedule({ fault: 'card-pulled-from-encoder', card: 2 })).status).toBe(201);
    expect((await schedule({ fault: 'ribbon-ends', card: 3 })).status).toBe(201);
    const bad = await schedule({ fault: 'printer-on-fire', card: 1 });
    expect(bad.status).toBe(400);

    const ioana = await login('ioana');
    const first = await issue(ioana);
    expect(first).toMatchObject({ status: 'done', attempts: 1 });

    // The 2nd card: pulled out at its first write, rejected, and made again on a new blank.
    const second = await issue(ioana);
    expect(second).toMatchObject({ status: 'done', attempts: 2 });

    // The 3rd card: the ribbon ends while it prints; the trainee sees the fault box.
    const third = await issue(ioana);
    expect(third.status).toBe('needs-operator');
    expect(third.error?.code).toMatch(/RIBBON/);
    // Cards 1 and 2 never waited for a person: the fault came at the 3rd card only.
    for (const j of [first, second]) expect(j.error).toBeNull();

    // The trainee changes the ribbon and resumes: the card is finished.
    expect((await fetch(`${control}/clear`, { method: 'POST', body: '{"ribbon":"ymcko"}' })).status).toBe(
      200,
    );
    const resumed = await fetch(`${url}/api/v1/issuances/${third.id}/resume`, {
      method: 'POST',
      headers: { cookie: ioana },
    });
    expect(resumed.status).toBe(200);
    await waitFor(async () => (await getJob(third.id, ioana)).status === 'done', {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: 'the 3rd card done after the ribbon was changed',
    });

    const drills = await waitFor(
      async () => {
        const list = (await (
          await fetch(`${url}/api/v1/training/drills`, { headers: { cookie: trainer } })
        ).json()) as DrillView[];
        return list.every((d) => d.cleared) ? list : null;
      },
      { timeoutMs: 10_000, intervalMs: 100, what: 'both drills cleared' },
    );
    expect(drills).toEqual([
      expect.objectContaining({
        fault: 'card-pulled-from-encoder',
        card: 2,
        state: 'armed',
        jobId: second.id,
        documentNumber: second.documentNumber,
        trainee: 'ioana',
        met: 'CARD_REMOVED',
        cleared: true,
      }),
      expect.objectContaining({
        fault: 'ribbon-ends',
        card: 3,
        state: 'armed',
        jobId: third.id,
        documentNumber: third.documentNumber,
        trainee: 'ioana',
        met: third.error!.code,
        cleared: true,
      }),
    ]);
    // An operator may not schedule drills.
    expect((await fetch(`${url}/api/v1/training/drills`, { headers: { cookie: ioana } })).status).toBe(403);
  }, 180_000);

  it('ending training (the next start without --training) purges its data, with an entry in the production audit log', async () => {
    // Keep the data: the production start below reads the same directory.
    await cli!.stop({ keepData: true });
    const trainingDir = join(dataDir, 'training');
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
      );
    // The training cards' ZZ numbers are in its books before; after, in no file of the folder.
    const withNumbers = () => files(trainingDir).filter((f) => /ZZ\d{7}/.test(readFileSync(f, 'latin1')));
    expect(withNumbers().length).toBeGreaterThan(0);
    const production = startCli(
      ['start', '--http', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir],
      {
        env: { CARDGATE_ENCODER__DRIVER: 'emulator', CARDGATE_MQTT__EMBEDDEDPORT: '0' },
      },
    );
    try {
      await production.waitForOutput(/listening on (\S+)/, 60_000);
    } finally {
      expect(await production.stop('SIGTERM')).toBe(0);
    }
    // Only the training signer stays (certificates and keys).
    expect(readdirSync(trainingDir).sort()).toEqual(['keys', 'pki']);
    expect(existsSync(join(dataDir, 'training-purge'))).toBe(false);
    expect(withNumbers()).toEqual([]);

    const log = auditPath(dataDir);
    const entries = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; actor: string; details?: { entries?: string } });
    const purged = entries.filter((e) => e.action === 'training.purged');
    expect(purged).toHaveLength(1);
    expect(purged[0]).toMatchObject({ actor: 'system' });
    expect(purged[0]!.details?.entries).toMatch(/drills\.json/);
    expect((await verifyAuditFile(log)).valid).toBe(true);
  }, 120_000);
});
