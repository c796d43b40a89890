import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultUiDistDir, VERIFY_CSP } from '../../api/routes/ui.js';
import { CardgateError } from '../../core/errors.js';
import {
  DocumentNumberParam,
  VerifyStatus,
  VerifyTrust,
  warningFor,
  type VerifyStatusT,
} from '../../revocation/verify-contract.js';
import { HQ_ACCESS } from '../accounts/roles.js';
import type { HqContext } from '../context.js';
import { readVerifyTrust } from './hq-trust-files.js';

/**
 * HQ's answers to the verify page (the same page as at a station): the trusted certificates
 * (public), the document's status from the registry (verifier and up). `/verify` itself is the
 * page's own entry; its assets are served with the HQ pages.
 */
export const hqVerifyRoutes: FastifyPluginAsyncTypebox<HqContext & { distDir?: string }> = async (
  app,
  ctx,
) => {
  app.get(
    `${ctx.apiPrefix}/verify/trust`,
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
      return readVerifyTrust(ctx.config.dataDir);
    },
  );

  app.get(
    `${ctx.apiPrefix}/verify/status/:number`,
    {
      config: { access: HQ_ACCESS.verifier },
      schema: {
        tags: ['verify'],
        summary: 'A document’s status from the registry, for the verify page',
        params: DocumentNumberParam,
        response: { 200: VerifyStatus },
      },
    },
    async (req): Promise<VerifyStatusT> => {
      const doc = await ctx.registry.document(req.params.number);
      if (!doc) throw new CardgateError('DOCUMENT_NOT_FOUND', `no document ${req.params.number}`);
      const [row] = await ctx.db.query<{ status_at: Date }>(
        'SELECT status_at FROM documents WHERE number = $1',
        [doc.number],
      );
      return {
        number: doc.number,
        status: doc.status,
        changedAt: doc.status === 'valid' || !row ? null : new Date(row.status_at).toISOString(),
        source: 'hq',
        asOf: new Date(ctx.clock.now()).toISOString(),
        warning: warningFor(doc.status),
      };
    },
  );

  const page = join(ctx.distDir ?? defaultUiDistDir(), 'verify.html');
  app.get('/verify', { config: { access: 'public' } }, async (_req, reply) => {
    if (!existsSync(page))
      return reply.code(503).type('text/plain').send('the pages are not built: npm run build:ui');
    return reply
      .header('content-security-policy', VERIFY_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY')
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(await readFile(page, 'utf8'));
  });
};
