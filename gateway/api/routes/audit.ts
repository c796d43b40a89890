import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AuditLog } from '../../audit/audit-log.js';

export interface AuditDeps {
  audit: Pick<AuditLog, 'read' | 'verify'>;
}

const Entry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  target: Type.Optional(Type.String()),
  outcome: Type.Optional(Type.String()),
  details: Type.Optional(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
  ),
  prev: Type.String(),
  hash: Type.String(),
});

export const AuditPage = Type.Object({ items: Type.Array(Entry), next: Type.Integer() });

/** Reading the audit trail (it holds no personal data: jobs appear by id). */
export const auditRoutes: FastifyPluginAsyncTypebox<AuditDeps> = async (app, deps) => {
  app.get(
    '/audit',
    {
      config: { access: ['admin', 'technician'] },
      schema: {
        tags: ['audit'],
        summary: 'Entries from a sequence number on',
        querystring: Type.Object({
          from: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }),
        response: { 200: AuditPage },
      },
    },
    async (req) => {
      const from = req.query.from ?? 1;
      const entries = await deps.audit.read({ from, limit: req.query.limit ?? 100 });
      return { items: entries, next: from + entries.length };
    },
  );

  app.get(
    '/audit/verify',
    {
      config: { access: ['admin', 'technician'] },
      schema: { tags: ['audit'], summary: 'Check the hash chain; names the first broken entry' },
    },
    async () => deps.audit.verify(),
  );
};
