/**
 * DEV TOOL ONLY — a fake gateway API for working on the pages without the station.
 * Not used by any test (the UI tests start the real station). Answers the contract's shapes from
 * memory and simulates a print job with SSE progress; `?fault=COVER_OPEN` on POST /issuances
 * makes the job stop for the operator once.
 *
 *   npm run build:ui && npx tsx appliance-ui/dev/mock-api.ts [port]   # then open http://127.0.0.1:5180/
 * (or run `npx vite --config appliance-ui/vite.config.ts`, which proxies /api to this server)
 */
import Fastify from 'fastify';
import type { ServerResponse } from 'node:http';
import { uiRoutes } from '../../gateway/api/routes/ui.js';

const port = Number(process.argv[2] ?? 5180);
const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
const users = [
  { name: 'op', role: 'operator', password: 'operator-pass', mustChangePassword: false },
  { name: 'tech', role: 'technician', password: 'technician-pass', mustChangePassword: false },
  { name: 'admin', role: 'admin', password: 'admin-pass-1', mustChangePassword: true },
];
const sessions = new Map<string, (typeof users)[number]>();
const jobs: Record<string, unknown>[] = [];
const clients = new Set<ServerResponse>();
let seq = 1;
const send = (event: string, data: unknown) => {
  for (const c of clients) c.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
};
const who = (cookie: string | undefined) =>
  sessions.get(/cardgate_session=([^;]+)/.exec(cookie ?? '')?.[1] ?? '');

await app.register(uiRoutes, { locale: 'ro' });
await app.register(
  async (api) => {
    api.addHook('onRequest', async (req, reply) => {
      if (req.url.endsWith('/session') && (req.method === 'POST' || req.method === 'GET')) return;
      if (!who(req.headers.cookie))
        return reply.code(401).send({ code: 'UNAUTHENTICATED', detail: 'log in' });
    });
    api.post('/session', async (req, reply) => {
      const b = req.body as { name: string; password: string };
      const u = users.find((x) => x.name === b.name && x.password === b.password);
      if (!u) return reply.code(401).send({ code: 'INVALID_CREDENTIALS', detail: 'wrong' });
      const id = String(Math.random()).slice(2);
      sessions.set(id, u);
      reply.header('set-cookie', `cardgate_session=${id}; HttpOnly; SameSite=Strict; Path=/`);
      return { user: { name: u.name, role: u.role, mustChangePassword: u.mustChangePassword } };
    });
    api.get('/session', async (req) => {
      const u = who(req.headers.cookie);
      if (!u) return { authenticated: false, user: null };
      return {
        authenticated: true,
        user: { name: u.name, role: u.role, mustChangePassword: u.mustChangePassword },
      };
    });
    api.delete('/session', async () => ({}));
    api.post('/session/password', async (req) => {
      who(req.headers.cookie)!.mustChangePassword = false;
      return {};
    });
    api.get('/station', async () => ({
      locked: false,
      lockReason: null,
      numbersRemaining: 840,
      counters: {},
    }));
    api.post('/mrz', async (req) => {
      const p = (req.body as { person: Record<string, string> }).person;
      const name = `${p.latinSurname ?? p.surname}<<${p.latinGivenNames ?? p.givenNames}`
        .toUpperCase()
        .replace(/[^A-Z<]/g, '<');
      return {
        lines: [
          `IRROU000000001<<<<<<<<<<<<<<<`,
          `${p.dateOfBirth!.replace(/-/g, '').slice(2)}0${p.sex}3012311${p.nationality}<<<<<<<<<<<0`,
          name.padEnd(30, '<').slice(0, 30),
        ],
      };
    });
    api.post('/preview', async () => {
      const svg = (text: string) =>
        `data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1016" height="648"><rect width="1016" height="648" fill="#dde8f5"/><text x="40" y="80" font-size="48">${text}</text></svg>`).toString('base64')}`;
      return { front: svg('MOCK FRONT'), back: svg('MOCK BACK'), mrz: [], warnings: [] };
    });
    api.get('/cameras', async () => ({
      items: [
        {
          id: 'desk',
          driver: 'http',
          health: { online: true, lastFrameAt: null, width: 640, height: 480, lastError: null },
        },
      ],
    }));
    api.post('/issuances', async (req, reply) => {
      const b = req.body as { kind: string; person: unknown; previousJobId?: string };
      const fault = (req.query as { fault?: string }).fault ?? process.env.MOCK_FAULT;
      const now = new Date().toISOString();
      const job: Record<string, unknown> = {
        id: `job-${seq++}`,
        kind: b.kind,
        status: 'queued',
        createdAt: now,
        updatedAt: now,
        documentNumber: null,
        attempts: 1,
        error: null,
        previousJobId: b.previousJobId ?? null,
        person: b.person,
        operator: 'op',
      };
      jobs.unshift(job);
      void simulate(job, fault);
      return reply.code(201).send(job);
    });
    api.get('/issuances', async () => ({ items: jobs, total: jobs.length }));
    api.get('/issuances/:id', async (req) => jobs.find((j) => j.id === (req.params as { id: string }).id));
    api.post('/issuances/:id/resume', async (req) => {
      const j = jobs.find((x) => x.id === (req.params as { id: string }).id)!;
      resumeFns.get(String(j.id))?.();
      return j;
    });
    api.post('/issuances/:id/void', async (req) => {
      const j = jobs.find((x) => x.id === (req.params as { id: string }).id)!;
      j.status = 'voided';
      return j;
    });
    api.get('/events', (req, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      reply.raw.write(': hi\n\n');
      clients.add(reply.raw);
      req.raw.on('close', () => clients.delete(reply.raw));
    });
    const printer = {
      id: 'printer-1',
      class: 'printer',
      driver: 'evolis',
      transport: 'tcp://127.0.0.1:9100',
      emulated: true,
      state: 'online',
      lastErrorCode: null,
      lastErrorText: null,
      lastSeen: new Date().toISOString(),
      info: { model: 'Primacy 2', serial: 'EMU0001', firmware: '1.2.3' },
    };
    const encoder = {
      ...printer,
      id: 'encoder-1',
      class: 'encoder',
      driver: 'pcsc',
      transport: 'pcsc://vicc',
      info: { reader: 'Virtual PCD 00 00' },
    };
    api.get('/devices', async () => ({
      items: [printer, encoder, { ...printer, id: 'board', class: 'board', driver: 'firmata', info: {} }],
    }));
    api.get('/printers/:id/status', async () => ({
      id: 'printer-1',
      identity: { vendor: 'Evolis', model: 'Primacy 2', serial: 'EMU0001', firmware: '1.2.3' },
      status: {
        ready: true,
        fault: null,
        ribbon: { type: 'ymcko', remaining: 187, ended: false },
        feeder: { empty: false },
        coverOpen: false,
        cardInside: false,
        needsCleaning: false,
        counters: { cards: 1234, panels: 6170 },
        sensors: { cover: '5.00 Volts', feeder: '5.00 Volts' },
      },
    }));
    api.get('/printers/:id/faults', async () => ({
      items: [
        { code: 'COVER_OPEN', explanation: 'cover open', fix: 'close it', at: new Date().toISOString() },
      ],
    }));
    api.post(
      '/printers/:id/actions/:action',
      async () => new Promise((r) => setTimeout(() => r({ ok: true }), 400)),
    );
    api.post('/printers/:id/raw', async (req) => ({
      reply: `OK ${(req.body as { command: string }).command}`,
    }));
    api.get('/encoders/:id', async () => ({ reader: 'Virtual PCD 00 00', cardPresent: true }));
    api.post('/encoders/:id/read', async () => ({
      files: { dg1: 93, dg2: 14000, data: 120, sod: 1800 },
      verify: { ok: true, failures: [] },
    }));
    api.get('/board', async () => ({
      connected: true,
      light: 'green',
      state: 'ready',
      readings: { doorOpen: false, hopperLow: false, temperatureC: 31.5, humidityPercent: 40 },
      reasons: { faults: [], needsOperator: [], warnings: [], busy: [], lock: null },
    }));
    api.post('/board/light-test', async () => ({}));
    api.get('/telemetry', async () => ({
      connected: true,
      broker: 'mqtts://hq.example:8883',
      outboxDepth: 0,
      lastPublishedAt: new Date().toISOString(),
      lastError: null,
    }));
    api.get('/stock', async () => ({ loaded: 500, inFeeder: 87, good: 410, spoiled: 3 }));
    api.post('/stock/load', async () => ({}));
    api.get('/stock/reconciliation', async () => ({
      date: 'today',
      loaded: 100,
      issued: 12,
      spoiled: 1,
      voided: 0,
      balanced: true,
    }));
    api.get('/audit', async () => ({
      next: 2,
      items: [
        {
          at: new Date().toISOString(),
          actor: 'tech',
          action: 'printer.raw',
          source: 'printer-1',
          detail: { command: 'Rfv' },
        },
      ],
    }));
    api.get('/users', async () => ({ items: users.map(({ password: _p, ...u }) => u) }));
    api.post('/users', async (req) => {
      const b = req.body as { name: string; role: string; password: string };
      users.push({ ...b, mustChangePassword: true });
      return {};
    });
    api.delete('/users/:name', async () => ({}));
    api.post('/users/:name/tokens', async () => ({ token: 'cg_mock_token' }));
  },
  { prefix: '/api/v1' },
);

const resumeFns = new Map<string, () => void>();
const step = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function simulate(job: Record<string, unknown>, fault?: string) {
  const set = (status: string, error: unknown = null) => {
    job.status = status;
    job.error = error;
    send('job', { jobId: job.id, kind: job.kind, status, documentNumber: job.documentNumber, error });
  };
  await step(300);
  set('encoding');
  for (let i = 1; i <= 4; i++) {
    send('progress', {
      jobId: job.id,
      step: 'encoding',
      detail: { file: ['COM', 'DG1', 'DG2', 'SOD'][i - 1], done: i, total: 4 },
    });
    await step(200);
  }
  set('printing');
  for (const side of ['front', 'back'] as const) {
    const panels = side === 'front' ? ['Y', 'M', 'C', 'K', 'O'] : ['K', 'O'];
    for (let i = 0; i < panels.length; i++) {
      if (fault && side === 'front' && i === 2) {
        set('needs-operator', { code: fault, message: `printer reports ${fault}`, needsOperator: true });
        await new Promise<void>((r) => resumeFns.set(String(job.id), r));
        fault = undefined;
        set('printing');
      }
      send('progress', {
        jobId: job.id,
        step: 'printing',
        detail: { side, panel: panels[i], done: i + 1, total: panels.length },
      });
      await step(250);
    }
  }
  job.documentNumber = `RO${String(1000000 + seq)}`;
  set('done');
}

await app.listen({ port, host: '127.0.0.1' });
console.log(
  `mock-api (dev only): http://127.0.0.1:${port}/  users op/operator-pass, tech/technician-pass, admin/admin-pass-1`,
);
