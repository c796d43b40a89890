import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { CardgateError } from '../core/errors.js';

export interface RequestGuardOptions {
  /** HTTPS: every answer carries Strict-Transport-Security. */
  https: boolean;
  /** Origins besides the station's own that may change state (a reverse proxy's public name). */
  allowedOrigins: readonly string[];
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** One year: browsers keep to HTTPS for the station's name once they have seen it. */
const HSTS = 'max-age=31536000';

/**
 * Checks that run on every request before any body is read:
 * - a state-changing request from a browser must come from the station's own pages: a foreign
 *   `Origin` (or, without one, a foreign `Referer`; `Origin: null` too) is refused with 403
 *   ORIGIN_FORBIDDEN. Requests with neither (command-line clients with a bearer token) pass:
 *   a browser always sends one of them on a cross-site POST. SameSite=Strict cookies alone
 *   left `text/plain` form posts from another site able to act.
 * - a body must be JSON (every route takes JSON): anything else is 415 UNSUPPORTED_MEDIA_TYPE,
 *   so a browser's "simple" cross-site request (text/plain, form encoding) never reaches a route.
 * - HTTPS answers carry HSTS.
 */
export const requestGuard: FastifyPluginAsync<RequestGuardOptions> = async (app, opts) => {
  const allowed = new Set(opts.allowedOrigins.map(originOf).filter((o): o is string => o !== null));
  // Fastify parses text/plain by default; no route takes it.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (req, reply) => {
    if (opts.https) reply.raw.setHeader('strict-transport-security', HSTS);
    if (!STATE_CHANGING.has(req.method)) return;
    const origin = req.headers.origin;
    const referer = req.headers.referer;
    const source = origin !== undefined ? origin : referer !== undefined ? originOf(referer) : undefined;
    if (source !== undefined && (source === null || (source !== ownOrigin(req) && !allowed.has(source)))) {
      throw new CardgateError(
        'ORIGIN_FORBIDDEN',
        `a ${req.method} from another site (${origin !== undefined ? 'Origin' : 'Referer'}) is refused`,
        { status: 403 },
      );
    }
    if (hasBody(req) && !isJson(req.headers['content-type'])) {
      throw new CardgateError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json', {
        status: 415,
      });
    }
  });
};
// Like fastify-plugin: the hook applies to the whole server.
(requestGuard as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

function originOf(url: string): string | null {
  if (url === 'null') return null;
  try {
    const o = new URL(url).origin;
    return o === 'null' ? null : o;
  } catch {
    return null;
  }
}

function ownOrigin(req: FastifyRequest): string | null {
  const host = req.headers.host;
  return host ? originOf(`${req.protocol}://${host}`) : null;
}

function hasBody(req: FastifyRequest): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isJson(type: string | undefined): boolean {
  if (!type) return false;
  return type.split(';', 1)[0]!.trim().toLowerCase() === 'application/json';
}
