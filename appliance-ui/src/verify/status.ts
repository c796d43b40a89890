import type { VerifyStatusT } from '../../../gateway/revocation/verify-contract.js';
import { api, ApiError } from '../api.js';

export type StatusAnswer =
  | { kind: 'known'; status: VerifyStatusT }
  | { kind: 'offline' }
  | { kind: 'sign-in' }
  | { kind: 'failed'; code: string };

/** Asks the server that served the page for the document's status; never throws. */
export async function askStatus(number: string): Promise<StatusAnswer> {
  try {
    return {
      kind: 'known',
      status: await api<VerifyStatusT>('GET', `/verify/status/${encodeURIComponent(number)}`),
    };
  } catch (e) {
    if (!(e instanceof ApiError)) return { kind: 'failed', code: 'INTERNAL' };
    if (e.status === 0) return { kind: 'offline' };
    if (e.status === 401 || e.status === 403) return { kind: 'sign-in' };
    return { kind: 'failed', code: e.code };
  }
}
