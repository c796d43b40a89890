import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { buildApiServer, API_PREFIX } from '../../gateway/api/server.js';
import { validateConfig } from '../../gateway/config/load.js';
import { DeviceRegistry } from '../../gateway/core/registry.js';
import { UserStore } from '../../gateway/users/store.js';
import { issuanceRoutes } from '../../gateway/api/routes/issuances.js';
import type { FastifyInstance } from 'fastify';
import { projectRoot, runCli } from '../helpers/processes.js';
import { makeRig, person, tempDir, type Rig } from './service-helpers.js';

let rig: Rig;
let app: FastifyInstance;
let url: string;
let token: string;
const facePath = join(projectRoot, 'tests/fixtures/face.jpg');

beforeAll(async () => {
  rig = await makeRig();
  await rig.service.loadStock(20, 'tech');
  const config = validateConfig({ dataDir: rig.dataDir, api: { http: true, port: 0 } });
  const users = await UserStore.open(rig.dataDir);
  await users.add({
    name: 'ana',
    role: 'operator',
    password: 'correct horse battery',
    mustChangePassword: false,
  });
  token = (await users.createToken('ana', 'cli')).token;
  app = await buildApiServer({
    config,
    registry: new DeviceRegistry(rig.bus, rig.clock),
    bus: rig.bus,
    users,
    audit: rig.audit,
    logger: pino({ level: 'silent' }),
  });
  await app.register(issuanceRoutes, { prefix: API_PREFIX, issuance: rig.service, bus: rig.bus });
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await app?.close();
  await rig?.close();
});

describe('cardgate issue', () => {
  it('issues one card with a name and password and waits for it', async () => {
    const dir = tempDir();
    // The shared fixture carries a document number: the station ignores it and allocates its own.
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ ...person(), documentNumber: 'RT0000040' }));
    const r = await runCli([
      'issue',
      '--server',
      url,
      '--user',
      'ana',
      '--password',
      'correct horse battery',
      '--person',
      join(dir, 'p.json'),
      '--photo',
      facePath,
      '--wait',
      '--poll-ms',
      '50',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const job = JSON.parse(r.stdout);
    expect(job).toMatchObject({ status: 'done', documentNumber: 'RT0000001', operator: 'ana' });
    expect(r.stderr).toContain('ignoring documentNumber');
  }, 60_000);

  it('issues a CSV batch in order with a token, with a summary; bad credentials exit 2', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'b.csv'),
      [
        'surname,givenNames,sex,dateOfBirth,nationality,personalCode,placeOfResidence,photo',
        `Alpha,"One, Two",F,1990-01-01,SYR,1900101000001,"Centrul ""Nord""",${facePath}`,
        `Beta,,M,1991-XX-XX,AFG,,Centrul Sud,${facePath}`,
        `Gamma,X,Q,1992-02-02,IRQ,,,${facePath}`,
      ].join('\n'),
    );
    const r = await runCli([
      'issue',
      '--server',
      url,
      '--token',
      token,
      '--batch',
      join(dir, 'b.csv'),
      '--poll-ms',
      '50',
    ]);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ total: 3, done: 2, failed: 1 });
    expect(summary.jobs.map((j: { status: string }) => j.status)).toEqual(['done', 'done', 'rejected']);
    expect(summary.jobs[2].error).toMatch(/^FST_ERR_VALIDATION|^VALIDATION|400|sex/i);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/3\/3/);
    const numbers = summary.jobs.slice(0, 2).map((j: { documentNumber: string }) => j.documentNumber);
    expect(numbers[0] < numbers[1]).toBe(true);

    const jsonl = join(dir, 'b.jsonl');
    writeFileSync(jsonl, JSON.stringify({ person: person(), photo: facePath }) + '\n');
    const ok = await runCli([
      'issue',
      '--server',
      url,
      '--token',
      token,
      '--batch',
      jsonl,
      '--poll-ms',
      '50',
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ total: 1, done: 1 });

    const bad = await runCli([
      'issue',
      '--server',
      url,
      '--user',
      'ana',
      '--password',
      'wrong',
      '--person',
      jsonl,
      '--photo',
      facePath,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('LOGIN_FAILED');
  }, 90_000);
});
