import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { StatusList } from './status-list.js';
import {
  DocumentNumberParam,
  VerifyStatus,
  VerifyTrust,
  warningFor,
  type VerifyStatusT,
  type VerifyTrustT,
} from './verify-contract.js';

export interface VerifyRoutesDeps {
  statusList: StatusList;
  /** The station's document signer certificate(s) and the CA above them (public material only). */
  trust: () => VerifyTrustT;
}

/**
 * The station's answers to its verify page: the certificates to verify seals offline (public:
 * the page works before anyone logs in) and the document's status from the local status list
 * (any signed-in user; the operator's re-issue warning reads it too).
 */
export const verifyRoutes: FastifyPluginAsyncTypebox<VerifyRoutesDeps> = async (app, deps) => {
  app.get(
    '/verify/trust',
    {
      config: { access: 'public' },
      schema: {
        tags: ['verify'],
        summary: 'Signer and country signing CA certificates for offline seal verification',
        response: { 200: VerifyTrust },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'no-cache');
      return deps.trust();
    },
  );

  app.get(
    '/verify/status/:number',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['verify'],
        summary: 'Status of a document from the station’s local status list (HQ’s announced changes)',
        params: DocumentNumberParam,
        response: { 200: VerifyStatus },
      },
    },
    async (req): Promise<VerifyStatusT> => {
      const { statusList } = deps;
      const entry = statusList.get(req.params.number);
      const status = entry?.status ?? 'valid';
      return {
        number: req.params.number,
        status,
        changedAt: entry?.at ?? null,
        source: 'station',
        asOf: statusList.updatedAt,
        warning: warningFor(status),
      };
    },
  );
};
