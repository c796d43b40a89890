import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { CardgateError } from '../../core/errors.js';
import { IssuanceRecord } from '../../handoff/contract/record.js';
import { HQ_ACCESS } from '../accounts/roles.js';
import type { HqContext } from '../context.js';
import type { RegistryStore, StoredRecord } from './registry-store.js';

const Number_ = Type.String({ pattern: '^[A-Z0-9]{1,20}$', description: 'Document number' });
const Id = Type.String({ pattern: '^[A-Za-z0-9._:-]{1,64}$' });
export const DocumentView = Type.Object(
  {
    number: Type.String(),
    status: Type.Union([
      Type.Literal('valid'),
      Type.Literal('expired'),
      Type.Literal('revoked'),
      Type.Literal('voided'),
      Type.Literal('replaced'),
      Type.Literal('lost'),
    ]),
    documentCode: Type.String(),
    dateOfIssue: Type.String({ format: 'date' }),
    dateOfExpiry: Type.String({ format: 'date' }),
    site: Type.String(),
    station: Type.String(),
  },
  { title: 'DocumentStatus', description: 'A document’s status: no personal data' },
);
export const RecordView = Type.Object(
  { recordId: Type.String(), receivedAt: Type.String({ format: 'date-time' }), record: IssuanceRecord },
  { title: 'StoredRecord' },
);
export const HistoryEntry = Type.Object({
  at: Type.String({ format: 'date-time' }),
  event: Type.String({ description: 'issued | voided | spoiled | revoked | lost' }),
  by: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export const AccessEntry = Type.Object({
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  action: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
});
const Reason = Type.String({ minLength: 3, maxLength: 500, description: 'Why (kept in the audit trail)' });
const ReasonQuery = Type.Object({ reason: Type.Optional(Reason) });
const REASON_HEADER = 'x-cardgate-reason';

/** The reason for a record view: `?reason=` or the X-Cardgate-Reason header; REASON_REQUIRED without one. */
function reasonOf(req: FastifyRequest, query: { reason?: string | undefined }): string {
  const header = req.headers[REASON_HEADER];
  const given = (query.reason ?? (typeof header === 'string' ? header : '')).trim();
  if (given.length < 3 || given.length > 500)
    throw new CardgateError(
      'REASON_REQUIRED',
      `give a reason (?reason= or ${REASON_HEADER}, 3-500 characters)`,
    );
  return given;
}

/** Protection notices (issue 20) only for accounts holding the `protection` permission. */
function forViewer(req: FastifyRequest, r: StoredRecord): StoredRecord {
  if (!r.record.protection || req.principal?.permissions?.includes('protection')) return r;
  const { protection: _hidden, ...record } = r.record;
  return { ...r, record };
}

export const registryRoutes: FastifyPluginAsyncTypebox<HqContext & { registry: RegistryStore }> = async (
  app,
  ctx,
) => {
  const { registry, audit } = ctx;

  app.get(
    '/documents/:number',
    {
      config: { access: HQ_ACCESS.verifier },
      schema: {
        tags: ['registry'],
        summary: 'A document’s status (verifier and up): no personal data',
        params: Type.Object({ number: Number_ }),
        response: { 200: DocumentView },
      },
    },
    async (req) => {
      const doc = await registry.document(req.params.number);
      if (!doc) throw new CardgateError('DOCUMENT_NOT_FOUND', `no document ${req.params.number}`);
      return doc;
    },
  );

  for (const [path, status] of [
    ['revoke', 'revoked'],
    ['lost', 'lost'],
  ] as const) {
    app.post(
      `/documents/:number/${path}`,
      {
        config: { access: HQ_ACCESS.caseworker },
        schema: {
          tags: ['registry'],
          summary: `Mark a document ${status} (caseworker, with a reason); stations are told`,
          params: Type.Object({ number: Number_ }),
          body: Type.Object({ reason: Reason }, { additionalProperties: false }),
          response: { 200: DocumentView },
        },
      },
      async (req) => {
        await registry.setStatus(req.params.number, status, {
          actor: req.principal!.name,
          reason: req.body.reason.trim(),
        });
        return (await registry.document(req.params.number))!;
      },
    );
  }

  app.get(
    '/records/:number',
    {
      config: { access: HQ_ACCESS.caseworker },
      schema: {
        tags: ['registry'],
        summary:
          'Every record of a document with personal data and its history (caseworker; reason required, audited)',
        params: Type.Object({ number: Number_ }),
        querystring: ReasonQuery,
        response: {
          200: Type.Object({
            document: Type.Union([DocumentView, Type.Null()]),
            records: Type.Array(RecordView),
            history: Type.Array(HistoryEntry),
          }),
        },
      },
    },
    async (req) => {
      const reason = reasonOf(req, req.query);
      const number = req.params.number;
      const records = await registry.records(number);
      await audit.append({
        actor: req.principal!.name,
        action: 'record.view',
        target: number,
        outcome: records.length > 0 ? 'ok' : 'failed',
        reason,
        details: { records: records.length },
      });
      if (records.length === 0)
        throw new CardgateError('RECORD_NOT_FOUND', `no record of document ${number}`);
      const changes = await audit.read({ target: number, actionPrefix: 'document.' });
      const history = [
        ...records.map((r) => ({
          at: r.record.timestamps.finalAt,
          event: r.record.finalState,
          by: `${r.record.siteId}/${r.record.stationId}`,
          reason: r.record.voidReason,
        })),
        ...changes.map((e) => ({
          at: e.at,
          event: e.action === 'document.revoke' ? 'revoked' : 'lost',
          by: e.actor,
          reason: e.reason ?? null,
        })),
      ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      return {
        document: await registry.document(number),
        records: records.map((r) => forViewer(req, r)),
        history,
      };
    },
  );

  app.get(
    '/records/:number/access',
    {
      config: { access: HQ_ACCESS.caseworker },
      schema: {
        tags: ['registry'],
        summary: 'Who looked at or changed a document’s records, when and why',
        params: Type.Object({ number: Number_ }),
        response: { 200: Type.Object({ items: Type.Array(AccessEntry) }) },
      },
    },
    async (req) => {
      const entries = await audit.read({ target: req.params.number, limit: 1000 });
      return {
        items: entries
          .filter((e) => e.action.startsWith('record.') || e.action.startsWith('document.'))
          .map((e) => ({ at: e.at, actor: e.actor, action: e.action, reason: e.reason ?? null })),
      };
    },
  );

  app.get(
    '/records',
    {
      config: { access: HQ_ACCESS.caseworker },
      schema: {
        tags: ['registry'],
        summary:
          'Search records (caseworker; reason required, every record shown is audited). `name` matches the normalised MRZ name parts through a keyed blind index',
        querystring: Type.Object({
          reason: Type.Optional(Reason),
          site: Type.Optional(Id),
          station: Type.Optional(Id),
          from: Type.Optional(Type.String({ format: 'date-time', description: 'final state at or after' })),
          to: Type.Optional(Type.String({ format: 'date-time', description: 'final state before' })),
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(RecordView) }) },
      },
    },
    async (req) => {
      const reason = reasonOf(req, req.query);
      const q = req.query;
      const found = await registry.search({
        ...(q.site ? { site: q.site } : {}),
        ...(q.station ? { station: q.station } : {}),
        ...(q.from ? { from: new Date(q.from) } : {}),
        ...(q.to ? { to: new Date(q.to) } : {}),
        ...(q.name ? { name: q.name } : {}),
        limit: q.limit ?? 50,
      });
      const actor = req.principal!.name;
      await ctx.db.transaction(async (tx) => {
        // The search itself (no name: that is personal data), then each document it showed.
        await audit.appendIn(tx, {
          actor,
          action: 'record.search',
          outcome: 'ok',
          reason,
          details: {
            site: q.site ?? null,
            station: q.station ?? null,
            from: q.from ?? null,
            to: q.to ?? null,
            byName: q.name !== undefined,
            results: found.length,
          },
        });
        for (const number of new Set(found.map((r) => r.record.document.number)))
          await audit.appendIn(tx, {
            actor,
            action: 'record.view',
            target: number,
            outcome: 'ok',
            reason,
            details: { via: 'search' },
          });
      });
      return { items: found.map((r) => forViewer(req, r)) };
    },
  );
};
