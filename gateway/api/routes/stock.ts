import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { DayQuery } from '../calendar-date.js';
import type { IssuanceService } from '../../issuance/service.js';

export interface StockDeps {
  issuance: IssuanceService;
}

const Totals = {
  loaded: Type.Integer(),
  inFeeder: Type.Integer(),
  good: Type.Integer(),
  spoiled: Type.Integer(),
  voided: Type.Integer(),
};
const TotalsSchema = Type.Object(Totals);
export const StockSchema = Type.Object({
  ...Totals,
  identityHolds: Type.Boolean(),
  /** Each print line's feeder and counts (they add up to the totals above). */
  lines: Type.Optional(Type.Record(Type.String(), Type.Object({ ...Totals, identityHolds: Type.Boolean() }))),
});
export const ReconciliationSchema = Type.Object({
  date: Type.String(),
  opening: TotalsSchema,
  closing: TotalsSchema,
  loaded: Type.Integer(),
  good: Type.Integer(),
  spoiled: Type.Integer(),
  spoiledByReason: Type.Record(Type.String(), Type.Integer()),
  voided: Type.Integer(),
  events: Type.Integer(),
  balanced: Type.Boolean(),
  byLine: Type.Optional(
    Type.Record(
      Type.String(),
      Type.Object({
        loaded: Type.Integer(),
        good: Type.Integer(),
        spoiled: Type.Integer(),
        voided: Type.Integer(),
        closing: Type.Union([TotalsSchema, Type.Null()]),
      }),
    ),
  ),
  /** Today only: the printer's own card counter against the books since the station started. */
  printer: Type.Optional(
    Type.Union([
      Type.Object({
        cards: Type.Integer(),
        expectedCards: Type.Integer(),
        agrees: Type.Boolean(),
        since: Type.String(),
      }),
      Type.Null(),
    ]),
  ),
});

/** Blank-card stock: totals, loading by a technician, and a day's reconciliation. */
export const stockRoutes: FastifyPluginAsyncTypebox<StockDeps> = async (app, deps) => {
  app.get(
    '/stock',
    {
      config: { access: ['technician', 'operator'] },
      schema: { tags: ['stock'], summary: 'Blank-card totals', response: { 200: StockSchema } },
    },
    async () => deps.issuance.stock(),
  );

  app.post(
    '/stock/load',
    {
      config: { access: ['technician'] },
      schema: {
        tags: ['stock'],
        summary: 'Record blanks put into the feeder',
        body: Type.Object(
          {
            count: Type.Integer({ minimum: 1, maximum: 10_000 }),
            line: Type.Optional(
              Type.String({
                pattern: '^[a-z0-9-]{1,32}$',
                description: 'The print line (several lines: required)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: StockSchema },
      },
    },
    async (req) => deps.issuance.loadStock(req.body.count, req.principal!.name, req.body.line),
  );

  app.get(
    '/stock/reconciliation',
    {
      config: { access: ['technician', 'operator'] },
      schema: {
        tags: ['stock'],
        summary: 'What came in and went out on a day, and whether it balances',
        querystring: Type.Object({
          date: Type.Optional(DayQuery),
        }),
        response: { 200: ReconciliationSchema },
      },
    },
    async (req) => deps.issuance.reconciliation(req.query.date ?? 'today'),
  );
};
