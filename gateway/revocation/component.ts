import type { StationContext } from '../station.js';
import type { DocumentSigner } from '../document/seal/signer.js';
import type { StatusList } from './status-list.js';

/**
 * The station's local status list (HQ's revocations, kept in the data directory) and the verify
 * page's routes: the signer certificate and its CA for offline seal checks, the status of a
 * document. Telemetry's `document-status` command fills the list.
 */
export async function startRevocation(
  ctx: StationContext,
  deps: { signer: DocumentSigner },
): Promise<StatusList> {
  const { StatusList } = await import('./status-list.js');
  const { verifyRoutes } = await import('./routes.js');
  const statusList = await StatusList.open(ctx.dataDir);
  const { signer } = deps;
  await ctx.api.register(verifyRoutes, {
    prefix: ctx.apiPrefix,
    statusList,
    trust: () => ({
      signers: [signer.certificatePem],
      cscas: signer.caCertificatePem ? [signer.caCertificatePem] : [],
    }),
  });
  ctx.logger.info(
    { entries: statusList.size, highestSeq: statusList.highestSeq },
    'document status list open',
  );
  ctx.life.started({ name: 'revocation', stop: () => statusList.close(), ready: () => true });
  return statusList;
}
