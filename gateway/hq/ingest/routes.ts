import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem, typedProblem } from '../../api/problem.js';
import { CardgateError } from '../../core/errors.js';
import { RECORD_BODY_LIMIT, RecordsRequest, RecordsResponse } from '../../handoff/contract/ingest.js';
import type { IngestContext, RecordIngest } from './record-ingest.js';

export interface IngestRoutesDeps extends Record<string, unknown> {
  ingest: RecordIngest;
}

declare module 'fastify' {
  interface FastifyRequest {
    ingestContext?: IngestContext;
  }
}

/** Body too large and body schema failures are refusals like any other: code, log, audit. */
function asRefusal(error: FastifyError): unknown {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new CardgateError('RECORD_TOO_LARGE', `a record may be at most ${RECORD_BODY_LIMIT} bytes`);
  if (error.validation)
    return new CardgateError(
      'RECORD_JOSE_MALFORMED',
      `the body must be { "jwe": "<compact JWE>" }: ${error.message}`,
    );
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500)
    return new CardgateError('RECORD_JOSE_MALFORMED', error.message);
  return error;
}

/**
 * POST /records: a station hands off one issuance record (JWS inside JWE). Public at the HTTP
 * level: the station's signature is the credential, checked before anything is stored.
 * 201 once committed, 200 for a record stored before; 4xx problem+json for every refusal.
 */
export const ingestRoutes: FastifyPluginAsync<IngestRoutesDeps> = async (app, opts) => {
  app.post<{ Body: RecordsRequest }>(
    '/records',
    {
      config: { access: 'public' },
      bodyLimit: RECORD_BODY_LIMIT,
      schema: {
        tags: ['hand-off'],
        summary: 'Hand off one signed, encrypted issuance record',
        body: RecordsRequest,
        response: { 200: RecordsResponse, 201: RecordsResponse },
      },
      errorHandler: async (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
        const refusal = asRefusal(error);
        await opts.ingest.refused(refusal, req.ingestContext ?? { ip: req.ip });
        const typed = typedProblem(refusal);
        return sendProblem(reply, typed ?? problem(500, 'INTERNAL', 'internal error; see the HQ log'));
      },
    },
    async (req, reply) => {
      req.ingestContext = { ip: req.ip };
      const answer = await opts.ingest.receive(req.body.jwe, req.ingestContext);
      return reply.code(answer.result === 'created' ? 201 : 200).send(answer);
    },
  );
};
