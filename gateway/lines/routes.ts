import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { IssuanceService } from '../issuance/service.js';

export interface LineRoutesDeps {
  issuance: IssuanceService;
}

const Totals = Type.Object({
  loaded: Type.Integer(),
  inFeeder: Type.Integer(),
  good: Type.Integer(),
  spoiled: Type.Integer(),
  voided: Type.Integer(),
  identityHolds: Type.Boolean(),
});

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** One print line as the pages and the technician see it. */
export const LineSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  state: Type.Union([
    Type.Literal('offline'),
    Type.Literal('fault'),
    Type.Literal('out-of-service'),
    Type.Literal('busy'),
    Type.Literal('idle'),
  ]),
  reason: Nullable(Type.Object({ code: Type.String(), message: Type.String(), at: Nullable(Type.String()) })),
  reader: Nullable(Type.String()),
  printer: Type.String(),
  encoder: Type.String(),
  cardTypes: Nullable(Type.Array(Type.String())),
  currentJob: Nullable(
    Type.Object({
      id: Type.String(),
      stage: Type.Union([
        Type.Literal('feeding'),
        Type.Literal('encoding'),
        Type.Literal('printing'),
        Type.Literal('ejecting'),
        Type.Literal('rejecting'),
      ]),
    }),
  ),
  stock: Totals,
  ribbon: Type.Object({ type: Nullable(Type.String()), remaining: Nullable(Type.Number()) }),
  throughput: Type.Object({
    issued: Type.Integer(),
    spoiled: Type.Integer(),
    testCards: Type.Integer(),
    lastHour: Type.Integer(),
    perHour: Type.Number(),
  }),
});

const Params = Type.Object({ id: Type.String({ pattern: '^[a-z0-9-]{1,32}$' }) });

/** The print lines: state, current job, stock, ribbon and throughput; service and fault recovery. */
export const lineRoutes: FastifyPluginAsyncTypebox<LineRoutesDeps> = async (app, deps) => {
  const svc = deps.issuance;

  app.get(
    '/lines',
    {
      config: { access: ['operator', 'technician'] },
      schema: {
        tags: ['lines'],
        summary: "Each print line's state, current job, stock, ribbon and throughput",
        response: { 200: Type.Object({ items: Type.Array(LineSchema) }) },
      },
    },
    async () => ({ items: svc.lines() }),
  );

  app.get(
    '/lines/:id',
    {
      config: { access: ['operator', 'technician'] },
      schema: { tags: ['lines'], summary: 'One print line', params: Params, response: { 200: LineSchema } },
    },
    async (req) => svc.line(req.params.id),
  );

  app.post(
    '/lines/:id/service',
    {
      config: { access: ['technician'] },
      schema: {
        tags: ['lines'],
        summary: 'Take a line out of service (its current card finishes) or put it back',
        params: Params,
        body: Type.Object(
          { inService: Type.Boolean(), reason: Type.Optional(Type.String({ maxLength: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: LineSchema },
      },
    },
    async (req) =>
      svc.setLineService(req.params.id, req.body.inService, req.principal!.name, req.body.reason),
  );

  app.post(
    '/lines/:id/resume',
    {
      config: { access: ['technician'] },
      schema: {
        tags: ['lines'],
        summary: 'Bring a line back after its fault was fixed (the printer is checked first)',
        params: Params,
        response: { 200: LineSchema },
      },
    },
    async (req) => svc.resumeLine(req.params.id, req.principal!.name),
  );
};
