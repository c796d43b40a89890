import type { SealContent } from '../../../gateway/document/seal/seal-content.js';
import type { WebSealVerdict } from '../../../gateway/document/seal/verify-web.js';
import { expiryIso } from '../../../gateway/document/mrz/read-td1.js';
import type { StatusAnswer } from './status.js';

export type Overall =
  'valid' | 'invalid' | 'revoked' | 'lost' | 'voided' | 'replaced' | 'expired' | 'unknownStatus';

/**
 * The one word the verifier reads first. A seal that does not verify outweighs everything; then
 * what HQ (or the station's list) says of the document; then the expiry printed in the MRZ; a
 * genuine seal whose status could not be asked says so rather than "valid".
 */
export function overallOf(
  verdict: WebSealVerdict,
  content: SealContent | null,
  status: StatusAnswer | null,
  today: string,
): Overall {
  if (!verdict.valid) return 'invalid';
  const known = status?.kind === 'known' ? status.status.status : null;
  if (known && known !== 'valid' && known !== 'expired') return known;
  const expiry = content?.fields ? expiryIso(content.fields.dateOfExpiry) : null;
  if (known === 'expired' || (expiry !== null && expiry < today)) return 'expired';
  return known ? 'valid' : 'unknownStatus';
}
