import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { DayQuery } from '../calendar-date.js';
import type { EventBus, GatewayEvents } from '../../core/events.js';
import {
  assertNoFieldErrors,
  checkIssuanceRequest,
  type DocumentRules,
} from '../../document/checks/index.js';
import type { IssuanceService, JobView } from '../../issuance/service.js';
import { RESTING } from '../../issuance/state-machine.js';
import { JobStatusSchema } from '../../issuance/job-status.js';
import { eventStream } from '../sse.js';
import { CreateBody, JobId, JobPage, JobSchema, StationSchema, present } from './issuance-schemas.js';

export interface IssuancesDeps {
  issuance: IssuanceService;
  bus: EventBus;
  /** Keep-alive comment interval on event streams (ms). */
  sseKeepAliveMs?: number;
  /** The station's day, validity and extra nationalities the request is checked against. */
  rules?: () => DocumentRules;
}

/** Without configuration: today by the system clock, the schema's default validity. */
const defaultRules = (): DocumentRules => ({
  today: new Date().toISOString().slice(0, 10),
  validityDays: 180,
});

export { JobSchema, JobPage, StationSchema, present } from './issuance-schemas.js';

const seesPersons = (req: FastifyRequest): boolean =>
  req.principal?.role === 'operator' || req.principal?.role === 'admin';

const jobEventOf = (j: JobView): GatewayEvents['issuance:job'] => ({
  jobId: j.id,
  kind: j.kind,
  status: j.status,
  documentNumber: j.documentNumber,
  error: j.error && { code: j.error.code, message: j.error.message, needsOperator: j.error.needsOperator },
});

/** Issuance jobs, their live progress, and the station's lock and counters. */
export const issuanceRoutes: FastifyPluginAsyncTypebox<IssuancesDeps> = async (app, deps) => {
  const svc = deps.issuance;
  const keepAlive = deps.sseKeepAliveMs ?? 15_000;
  const rules = deps.rules ?? defaultRules;

  app.post(
    '/issuances',
    {
      config: { access: ['operator'] },
      bodyLimit: 6 * 1024 * 1024,
      schema: {
        tags: ['issuances'],
        summary: 'Queue a card: new issue, re-issue (voids the previous card) or extension',
        body: CreateBody,
        response: { 201: JobSchema },
      },
    },
    async (req, reply) => {
      // Everything the MRZ, the card and the seal need is checked here, before a number is spent.
      const checked = checkIssuanceRequest(req.body.person, rules());
      assertNoFieldErrors(checked.errors);
      const photo = Buffer.from(req.body.photo, 'base64');
      const job = await svc.create(
        {
          kind: req.body.kind,
          previousJobId: req.body.previousJobId ?? null,
          person: checked.person,
          photoJpeg: photo,
          line: req.body.line ?? null,
          cardType: req.body.cardType ?? null,
          desk: req.body.desk ?? null,
          ...(req.body.protection ? { protection: req.body.protection } : {}),
        },
        req.principal!.name,
      );
      req.log.info({ jobId: job.id, kind: job.kind }, 'issuance job created');
      return reply.code(201).send(present(await svc.get(job.id, { withPerson: true }), true));
    },
  );

  app.get(
    '/issuances',
    {
      config: { access: ['operator', 'technician'] },
      schema: {
        tags: ['issuances'],
        summary: 'Jobs of a day, optionally by status, paginated',
        querystring: Type.Object({
          date: Type.Optional(DayQuery),
          status: Type.Optional(JobStatusSchema),
          /** Only the caller's own jobs ("my jobs" at a desk). */
          mine: Type.Optional(Type.Boolean()),
          desk: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' })),
          page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        }),
        response: {
          200: JobPage,
        },
      },
    },
    async (req) => {
      const withPerson = seesPersons(req);
      const r = await svc.list({
        ...(req.query.date ? { date: req.query.date } : {}),
        ...(req.query.status ? { status: req.query.status } : {}),
        ...(req.query.mine ? { operator: req.principal!.name } : {}),
        ...(req.query.desk ? { desk: req.query.desk } : {}),
        page: req.query.page ?? 1,
        pageSize: req.query.pageSize ?? 50,
        withPerson,
      });
      return { ...r, items: r.items.map((j) => present(j, withPerson)) };
    },
  );

  app.get(
    '/issuances/:id',
    {
      config: { access: ['operator', 'technician'] },
      schema: { tags: ['issuances'], params: Type.Object({ id: JobId }), response: { 200: JobSchema } },
    },
    async (req) => present(await svc.get(req.params.id, { withPerson: seesPersons(req) }), seesPersons(req)),
  );

  for (const action of ['cancel', 'resume'] as const) {
    app.post(
      `/issuances/:id/${action}`,
      {
        config: { access: ['operator'] },
        schema: {
          tags: ['issuances'],
          summary:
            action === 'cancel' ? 'Cancel a queued job' : 'Continue after the operator fixed the printer',
          params: Type.Object({ id: JobId }),
          response: { 200: JobSchema },
        },
      },
      async (req) => {
        await svc[action](req.params.id, req.principal!.name);
        return present(await svc.get(req.params.id, { withPerson: true }), true);
      },
    );
  }

  app.post(
    '/issuances/:id/void',
    {
      config: { access: ['operator'] },
      schema: {
        tags: ['issuances'],
        summary: 'Declare an issued card invalid (lost, damaged, misprinted)',
        params: Type.Object({ id: JobId }),
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: JobSchema },
      },
    },
    async (req) => {
      await svc.void(req.params.id, req.body.reason, req.principal!.name);
      return present(await svc.get(req.params.id, { withPerson: true }), true);
    },
  );

  app.get(
    '/issuances/:id/events',
    {
      config: { access: ['operator', 'technician'] },
      schema: {
        tags: ['issuances'],
        summary: 'Server-sent events of one job',
        params: Type.Object({ id: JobId }),
      },
    },
    async (req, reply) => {
      const id = req.params.id;
      const job = await svc.get(id);
      const stream = eventStream(req, reply, keepAlive);
      stream.send('job', jobEventOf(job));
      // The stream ends when the job comes to rest; a job waiting for the operator stays open.
      if (RESTING.has(job.status) && job.status !== 'needs-operator') return stream.end();
      stream.onClose(
        deps.bus.on('issuance:job', (e) => {
          if (e.jobId !== id) return;
          stream.send('job', e);
          if (RESTING.has(e.status) && e.status !== 'needs-operator') stream.end();
        }),
      );
      stream.onClose(deps.bus.on('issuance:progress', (e) => e.jobId === id && stream.send('progress', e)));
    },
  );

  app.get(
    '/events',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['issuances'],
        summary: 'Server-sent events of the station (jobs, progress, devices, lock, print lines)',
      },
    },
    async (req, reply) => {
      const stream = eventStream(req, reply, keepAlive);
      stream.send('station', { ...svc.station(), type: 'snapshot' });
      stream.onClose(deps.bus.on('issuance:job', (e) => stream.send('job', e)));
      stream.onClose(deps.bus.on('issuance:progress', (e) => stream.send('progress', e)));
      stream.onClose(deps.bus.on('device:changed', (e) => stream.send('device', e)));
      stream.onClose(deps.bus.on('station:event', (e) => stream.send('station', e)));
      stream.onClose(deps.bus.on('station:lock', (e) => stream.send('station', e)));
      stream.onClose(deps.bus.on('issuance:counters', (e) => stream.send('counters', e)));
      // A print line's state (the technician's line panels): ids and codes only.
      stream.onClose(deps.bus.on('issuance:line', (e) => stream.send('line', e)));
    },
  );

  app.get(
    '/station',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['issuances'],
        summary: 'Lock, numbers left and counters',
        response: { 200: StationSchema },
      },
    },
    async () => svc.station(),
  );

  for (const action of ['lock', 'unlock'] as const) {
    app.post(
      `/station/${action}`,
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['issuances'],
          summary: action === 'lock' ? 'Stop operators from issuing' : 'Allow issuing again',
          body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 300 })) }),
          response: { 200: StationSchema },
        },
      },
      async (req) => {
        if (action === 'lock')
          await svc.lock('admin', req.body?.reason ?? 'locked by an administrator', req.principal!.name);
        else await svc.unlock('admin', req.principal!.name);
        return svc.station();
      },
    );
  }
};
