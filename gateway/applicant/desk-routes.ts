import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomBytes } from 'node:crypto';
import Type from 'typebox';
import type { AuditSink } from '../core/audit-sink.js';
import { CardgateError } from '../core/errors.js';
import { assertNoFieldErrors, checkIssuanceRequest, type DocumentRules } from '../document/checks/index.js';
import { PersonRecord } from '../document/person.js';
import { cardView, confirmationDigest } from './card-view.js';
import type { Desks } from './desks.js';
import type { Pairings } from './pairing.js';
import { DeskStatus, deskStatus } from './status.js';
import { eventStream } from '../api/sse.js';

export interface DeskRoutesDeps {
  desks: Desks;
  pairings: Pairings;
  audit: AuditSink;
  rules: () => DocumentRules;
}

const DraftBody = Type.Object(
  {
    person: PersonRecord,
    photo: Type.String({ minLength: 4, maxLength: 4_000_000, description: 'base64 JPEG' }),
  },
  { additionalProperties: false },
);

/**
 * The operator's side of the applicant screen: a pairing code, the desk's status (live), the
 * data shown for confirmation, the photo guide, and the audited verbal confirmation. The desk
 * is the operator's account: one operator, one desk, one screen.
 */
export const deskRoutes: FastifyPluginAsyncTypebox<DeskRoutesDeps> = async (app, deps) => {
  const { desks, pairings, audit } = deps;
  const op = { access: ['operator'] as const };
  const tags = ['applicant'];
  const status = (desk: string) => deskStatus(desks.get(desk), pairings);

  app.post(
    '/applicant/pairing',
    {
      config: { access: ['operator'] },
      schema: {
        tags,
        summary: 'A new single-use code to pair an applicant screen with this desk',
        response: { 201: Type.Object({ code: Type.String(), expiresAt: Type.String() }) },
      },
    },
    async (req, reply) => {
      const { code, expiresAt } = pairings.issue(req.principal!.name);
      desks.update(req.principal!.name, () => undefined);
      return reply.code(201).send({ code, expiresAt: new Date(expiresAt).toISOString() });
    },
  );

  app.delete(
    '/applicant/pairing',
    {
      config: { access: ['operator'] },
      schema: { tags, summary: 'Unpair the applicant screen', response: { 200: DeskStatus } },
    },
    async (req) => {
      const desk = req.principal!.name;
      pairings.revokeDesk(desk);
      desks.update(desk, (d) => {
        d.paired = false;
        d.pairedAt = null;
        d.draft = null;
        d.answer = null;
        d.override = null;
        d.stage = 'idle';
      });
      await audit.append({ actor: desk, action: 'applicant.unpaired', target: desk, outcome: 'ok' });
      return status(desk);
    },
  );

  app.get(
    '/applicant/desk',
    { config: op, schema: { tags, summary: "This desk's applicant screen", response: { 200: DeskStatus } } },
    async (req) => status(req.principal!.name),
  );

  app.get(
    '/applicant/desk/events',
    { config: op, schema: { tags, summary: "Live status of this desk's applicant screen (SSE: desk)" } },
    async (req, reply) => {
      const desk = req.principal!.name;
      const stream = eventStream(req, reply);
      stream.send('desk', status(desk));
      stream.onClose(desks.onChange(desk, () => stream.send('desk', status(desk))));
    },
  );

  app.post(
    '/applicant/desk/draft',
    {
      config: op,
      bodyLimit: 6 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Show the card data on the applicant screen for confirmation (same body as the issuance)',
        body: DraftBody,
        response: { 200: DeskStatus },
      },
    },
    async (req) => {
      const desk = req.principal!.name;
      const checked = checkIssuanceRequest(req.body.person, deps.rules());
      assertNoFieldErrors(checked.errors);
      const photo = Buffer.from(req.body.photo, 'base64');
      const digest = confirmationDigest(checked.person, photo);
      desks.update(desk, (d) => {
        d.job = null;
        d.stage = 'confirm';
        // The same data again keeps the answer already given (a second click adds no step).
        if (d.draft?.digest === digest) return;
        const id = randomBytes(8).toString('hex');
        d.draft = { digest, view: cardView(id, checked.person, photo, deps.rules()) };
        d.answer = null;
        d.override = null;
      });
      return status(desk);
    },
  );

  app.post(
    '/applicant/desk/stage',
    {
      config: op,
      schema: {
        tags,
        summary: 'What the applicant screen shows between cards: the photo guide or the welcome',
        body: Type.Object(
          { stage: Type.Union([Type.Literal('idle'), Type.Literal('photo')]) },
          { additionalProperties: false },
        ),
        response: { 200: DeskStatus },
      },
    },
    async (req) => {
      const desk = req.principal!.name;
      desks.update(desk, (d) => {
        d.stage = req.body.stage;
        if (req.body.stage === 'idle') d.job = null;
      });
      return status(desk);
    },
  );

  app.post(
    '/applicant/desk/override',
    {
      config: op,
      schema: {
        tags,
        summary: 'Record that the applicant confirmed the data verbally (audited, with a reason)',
        body: Type.Object(
          { draftId: Type.String({ maxLength: 64 }), reason: Type.String({ maxLength: 300 }) },
          { additionalProperties: false },
        ),
        response: { 200: DeskStatus },
      },
    },
    async (req) => {
      const desk = req.principal!.name;
      const reason = req.body.reason.trim();
      if (reason.length < 5)
        throw new CardgateError('OVERRIDE_REASON_REQUIRED', 'a verbal confirmation needs a reason', {
          status: 400,
        });
      const d = desks.get(desk);
      if (!d.draft || d.draft.view.draftId !== req.body.draftId)
        throw new CardgateError('APPLICANT_NOTHING_TO_CONFIRM', 'no such draft at this desk', {
          status: 409,
        });
      await audit.append({
        actor: desk,
        action: 'applicant.confirmed-verbally',
        target: req.body.draftId,
        outcome: 'ok',
        details: { reason, screenConnected: d.connected > 0 },
      });
      desks.update(desk, (x) => {
        x.override = { draftId: req.body.draftId, reason, at: new Date().toISOString() };
      });
      req.log.info({ draftId: req.body.draftId }, 'verbal confirmation recorded');
      return status(desk);
    },
  );
};
