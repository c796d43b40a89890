import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import { isCardgateError } from '../core/errors.js';
import { isDeviceError } from '../../drivers/device/errors.js';
import { isCatalogued, statusOf } from '../core/error-catalogue.js';

/** RFC 9457 problem details with the stable cardgate error code. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), code: Type.String() }), {
        description: 'What to correct, field by field (FIELDS_INVALID)',
      }),
    ),
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

/**
 * The one mapping of a typed error to its answer, through the error catalogue: a CardgateError
 * keeps its code, a device error (printer fault, encoder, camera, board, transport) answers under
 * its catalogue code with the detail its driver gives (a printer fault says how to fix it).
 * Anything else is not ours to name: `null`.
 */
export function typedProblem(error: unknown): Problem | null {
  if (isCardgateError(error)) {
    const p = problem(error.status, error.code, error.message);
    const errors = error.details?.errors;
    return Array.isArray(errors) ? { ...p, errors: errors as NonNullable<Problem['errors']> } : p;
  }
  if (isDeviceError(error)) {
    const code = error.catalogueCode;
    // An uncatalogued device code (the catalogue test keeps them out) is still the device's fault.
    return problem(isCatalogued(code) ? statusOf(code) : 502, code, error.detail);
  }
  return null;
}

/** Maps any error reaching a route to problem+json: typed errors through the catalogue, schema failures become VALIDATION. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (error.validation) {
      req.log.debug({ code: 'VALIDATION', context: error.validationContext }, error.message);
      return sendProblem(reply, problem(400, 'VALIDATION', error.message));
    }
    const typed = typedProblem(error);
    if (typed) {
      if (typed.status >= 500) req.log.error({ err: error, code: typed.code }, 'request failed');
      else req.log.debug({ code: typed.code, status: typed.status }, error.message);
      return sendProblem(reply, typed);
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
