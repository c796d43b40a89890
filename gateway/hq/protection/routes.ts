import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { CardgateError } from '../../core/errors.js';
import { LegalRepresentative } from '../../protection/protection-details.js';
import { HQ_ACCESS } from '../accounts/roles.js';
import type { HqContext } from '../context.js';
import type { ProtectionStore } from './protection-store.js';

const Notice = Type.Object({
  recordId: Type.String(),
  number: Type.String(),
  site: Type.String(),
  station: Type.String(),
  kind: Type.Union([Type.Literal('unaccompanied-minor'), Type.Literal('separated-child')]),
  declaredAge: Type.Union([Type.Integer(), Type.Null()]),
  ageAssessed: Type.Boolean(),
  representativeAtStation: Type.Boolean(),
  registeredAt: Type.String({ format: 'date-time' }),
  assignedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  assignedBy: Type.Union([Type.String(), Type.Null()]),
});
const Count = Type.Object({
  site: Type.String(),
  day: Type.String({ format: 'date' }),
  category: Type.String(),
  people: Type.Union([Type.Integer({ minimum: 0 }), Type.Literal('<5')], {
    description: '1 to 4 people are shown as "<5", so no one can be singled out',
  }),
});
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const Reason = Type.String({ minLength: 3, maxLength: 500 });

/** Children's notices are for caseworkers who hold the `protection` permission (admins too). */
function requireProtection(req: FastifyRequest): void {
  const p = req.principal;
  if (p?.role === 'admin' || p?.permissions?.includes('protection')) return;
  throw new CardgateError('PROTECTION_PERMISSION_REQUIRED', 'this list needs the protection permission');
}

export const protectionRoutes: FastifyPluginAsyncTypebox<
  HqContext & { protection: ProtectionStore }
> = async (app, ctx) => {
  const { protection, audit } = ctx;

  app.get(
    '/protection/notices',
    {
      config: { access: HQ_ACCESS.caseworker },
      schema: {
        tags: ['protection'],
        summary:
          'Unaccompanied and separated children registered without a representative (caseworkers with the protection permission; audited)',
        querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Notice) }) },
      },
    },
    async (req) => {
      requireProtection(req);
      const items = await protection.notices({ open: req.query.all !== true });
      await audit.append({
        actor: req.principal!.name,
        action: 'protection.notices.view',
        outcome: 'ok',
        details: { shown: items.length },
      });
      return { items };
    },
  );

  app.post(
    '/protection/notices/:recordId/representative',
    {
      config: { access: HQ_ACCESS.caseworker },
      schema: {
        tags: ['protection'],
        summary: 'Record the legal representative assigned to a child (protection permission; audited)',
        params: Type.Object({ recordId: Type.String({ pattern: '^[A-Za-z0-9._:-]{1,160}$' }) }),
        body: Type.Object(
          { representative: LegalRepresentative, reason: Reason },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      requireProtection(req);
      const actor = req.principal!.name;
      const ok = await protection.assign(
        req.params.recordId,
        req.body.representative,
        actor,
        new Date(ctx.clock.now()),
      );
      await audit.append({
        actor,
        action: 'protection.representative.assign',
        target: req.params.recordId,
        outcome: ok ? 'ok' : 'failed',
        reason: req.body.reason.trim(),
      });
      if (!ok)
        throw new CardgateError('PROTECTION_NOTICE_NOT_FOUND', `no protection notice ${req.params.recordId}`);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/protection/counts',
    {
      config: { access: [...HQ_ACCESS.supervisor, ...HQ_ACCESS.caseworker] },
      schema: {
        tags: ['protection'],
        summary: 'People registered per site, day and vulnerability category (counts below 5 shown as "<5")',
        querystring: Type.Object(
          { from: Day, to: Day, site: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Count) }) },
      },
    },
    async (req) => ({
      items: await protection.counts({
        from: req.query.from,
        to: req.query.to,
        ...(req.query.site ? { site: req.query.site } : {}),
      }),
    }),
  );
};
