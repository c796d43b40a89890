import { parseTrust, type SealTrust } from '../../../gateway/document/seal/verify-web.js';
import type { VerifyTrustT } from '../../../gateway/revocation/verify-contract.js';
import { API } from '../api.js';

const CACHE_KEY = 'cardgate.verify.trust';

export interface LoadedTrust {
  trust: SealTrust;
  /** Set when the server did not answer and the certificates saved earlier are used. */
  cachedAt: string | null;
}

/**
 * The signer certificates from the server that served the page (station or HQ), saved in the
 * browser so a later check works without a link. Certificates are public: nothing secret is kept.
 */
export async function loadTrust(): Promise<LoadedTrust | null> {
  try {
    const res = await fetch(`${API}/verify/trust`, { headers: { accept: 'application/json' } });
    if (res.ok) {
      const published = (await res.json()) as VerifyTrustT;
      try {
        localStorage.setItem(CACHE_KEY, JSON.stringify({ at: new Date().toISOString(), published }));
      } catch {
        /* storage disabled: verify with what was fetched */
      }
      return { trust: parseTrust(published), cachedAt: null };
    }
  } catch {
    /* offline: fall back to the saved copy */
  }
  try {
    const saved = JSON.parse(localStorage.getItem(CACHE_KEY) ?? 'null') as {
      at: string;
      published: VerifyTrustT;
    } | null;
    if (saved) return { trust: parseTrust(saved.published), cachedAt: saved.at };
  } catch {
    /* nothing usable saved */
  }
  return null;
}
