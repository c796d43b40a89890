import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AuditSink } from '../core/audit-sink.js';
import { CardgateError } from '../core/errors.js';
import { ConfirmField } from './card-view.js';
import type { Desks } from './desks.js';
import type { Pairings } from './pairing.js';
import { ScreenState, screenState } from './status.js';
import { eventStream } from '../api/sse.js';

export const SCREEN_COOKIE = 'cardgate_applicant';

export interface ScreenRoutesDeps {
  desks: Desks;
  pairings: Pairings;
  audit: AuditSink;
}

/**
 * The applicant screen's own routes: no login, a screen token in an HttpOnly cookie once a code
 * is redeemed. Every answer is about the token's desk alone; there is no route that lists desks,
 * jobs or people, so a screen cannot see another desk's card.
 */
export const screenRoutes: FastifyPluginAsyncTypebox<ScreenRoutesDeps> = async (app, deps) => {
  const { desks, pairings, audit } = deps;
  const tags = ['applicant'];
  const pub = { access: 'public' as const };

  const deskOf = (req: FastifyRequest): string => {
    const desk = pairings.deskOf(req.cookies[SCREEN_COOKIE]);
    if (!desk) throw new CardgateError('APPLICANT_NOT_PAIRED', 'this screen is not paired', { status: 401 });
    return desk;
  };

  // An unpaired client is refused before its body is even read (only pairing is open to it).
  app.addHook('preValidation', async (req) => {
    if (!req.routeOptions.url?.endsWith('/applicant/screen/pair')) deskOf(req);
  });

  app.post(
    '/applicant/screen/pair',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Pair this screen with the desk whose code was typed',
        body: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false }),
        response: { 200: ScreenState },
      },
    },
    async (req, reply) => {
      const { token, desk } = pairings.redeem(req.body.code, req.ip);
      const d = desks.update(desk, (x) => {
        x.paired = true;
        x.pairedAt = new Date().toISOString();
      });
      await audit.append({ actor: desk, action: 'applicant.paired', target: desk, outcome: 'ok' });
      req.log.info({ desk }, 'applicant screen paired');
      reply.setCookie(SCREEN_COOKIE, token, {
        path: '/api/v1/applicant/screen',
        httpOnly: true,
        sameSite: 'strict',
        secure: req.protocol === 'https',
      });
      return screenState(d);
    },
  );

  app.get(
    '/applicant/screen',
    {
      config: pub,
      schema: {
        tags,
        summary: "What this screen shows (its desk's card only)",
        response: { 200: ScreenState },
      },
    },
    async (req) => screenState(desks.get(deskOf(req))),
  );

  app.get(
    '/applicant/screen/events',
    { config: pub, schema: { tags, summary: 'Live state of this screen (SSE: screen, unpaired)' } },
    async (req, reply) => {
      const desk = deskOf(req);
      const token = req.cookies[SCREEN_COOKIE];
      const stream = eventStream(req, reply);
      desks.update(desk, (d) => void d.connected++);
      stream.send('screen', screenState(desks.get(desk)));
      const off = desks.onChange(desk, (d) => {
        if (pairings.deskOf(token) !== desk) {
          stream.send('unpaired', {});
          stream.end();
          return;
        }
        stream.send('screen', screenState(d));
      });
      stream.onClose(() => {
        off();
        // Told after the listener is gone: the operator's stream hears of the drop.
        desks.update(desk, (d) => void (d.connected = Math.max(0, d.connected - 1)));
      });
    },
  );

  app.post(
    '/applicant/screen/answer',
    {
      config: pub,
      schema: {
        tags,
        summary: '"Correct", or "Something is wrong" with the field pointed at',
        body: Type.Object(
          {
            draftId: Type.String({ maxLength: 64 }),
            answer: Type.Union([Type.Literal('correct'), Type.Literal('wrong')]),
            field: Type.Optional(Type.Union([ConfirmField, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: ScreenState },
      },
    },
    async (req) => {
      const desk = deskOf(req);
      const cur = desks.get(desk);
      if (!cur.draft)
        throw new CardgateError('APPLICANT_NOTHING_TO_CONFIRM', 'nothing to confirm', { status: 409 });
      if (cur.draft.view.draftId !== req.body.draftId)
        throw new CardgateError('APPLICANT_ANSWER_STALE', 'the data changed meanwhile', { status: 409 });
      const d = desks.update(desk, (x) => {
        x.answer = {
          draftId: req.body.draftId,
          answer: req.body.answer,
          field: req.body.answer === 'wrong' ? (req.body.field ?? null) : null,
          at: new Date().toISOString(),
        };
      });
      req.log.info({ desk, answer: req.body.answer, field: req.body.field ?? null }, 'applicant answered');
      return screenState(d);
    },
  );
};
