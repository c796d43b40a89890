import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import { isCardgateError } from '../core/errors.js';

/** RFC 9457 problem details with the stable cardgate error code. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
  },
  { description: 'application/problem+json error body' },
);
export type Problem = Static<typeof Problem>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function problem(status: number, code: string, detail: string): Problem {
  return {
    type: `urn:cardgate:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
    status,
    detail,
    code,
  };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json; charset=utf-8').send(p);
}

/** Maps any error reaching a route to problem+json: CardgateError keeps its code, schema failures become VALIDATION. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (error.validation) {
      req.log.debug({ code: 'VALIDATION', context: error.validationContext }, error.message);
      return sendProblem(reply, problem(400, 'VALIDATION', error.message));
    }
    if (isCardgateError(error)) {
      const status = error.status;
      if (status >= 500) req.log.error({ err: error, code: error.code }, 'request failed');
      else req.log.debug({ code: error.code, status }, error.message);
      return sendProblem(reply, problem(status, error.code, error.message));
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      req.log.error({ err: error }, 'request failed');
      return sendProblem(reply, problem(500, 'INTERNAL', 'internal error; see the station log'));
    }
    const code = typeof error.code === 'string' ? error.code.replace(/^FST_ERR_/, '') : 'BAD_REQUEST';
    return sendProblem(reply, problem(status, code, error.message));
  });
  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, problem(404, 'NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`)),
  );
}
