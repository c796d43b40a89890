import type { FastifyPluginAsync } from 'fastify';
import type { AuditSink } from '../../core/audit-sink.js';
import { isCardgateError } from '../../core/errors.js';
import { EnrolRequest, EnrolResponse } from '../../handoff/contract/enrolment.js';
import type { StationBook } from './station-book.js';

export interface EnrolmentRoutesDeps extends Record<string, unknown> {
  stations: StationBook;
  audit: AuditSink;
}

/**
 * POST /enrol: a station trades its one-time token and a CSR for its certificate and HQ's
 * certified keys. Public: the token is the credential (256-bit secret, once, 24 h); every
 * attempt, accepted or refused, is logged and audited under the station the token names.
 */
export const enrolmentRoutes: FastifyPluginAsync<EnrolmentRoutesDeps> = async (app, opts) => {
  app.post<{ Body: EnrolRequest }>(
    '/enrol',
    {
      config: { access: 'public' },
      schema: {
        tags: ['enrolment'],
        summary: 'Enrol a station with a one-time token and a certificate request',
        body: EnrolRequest,
        response: { 201: EnrolResponse },
      },
    },
    async (req, reply) => {
      try {
        const answer = await opts.stations.enrol(req.body.token, req.body.csr);
        req.log.info({ site: answer.site, station: answer.station }, 'station enrolled');
        await opts.audit.append({
          actor: `station:${answer.site}/${answer.station}`,
          action: 'station.enrol',
          target: `${answer.site}/${answer.station}`,
          outcome: 'ok',
        });
        return reply.code(201).send(answer);
      } catch (e) {
        if (isCardgateError(e) && e.status < 500) {
          req.log.warn({ code: e.code, ip: req.ip }, 'enrolment refused');
          await opts.audit.append({
            actor: 'anonymous',
            action: 'station.enrol',
            outcome: 'denied',
            details: { code: e.code, ip: req.ip },
          });
        }
        throw e;
      }
    },
  );
};
