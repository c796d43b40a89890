import { base64url } from 'jose';
import type { KeyStore } from '../../keys/key-store.js';

/**
 * A compact JWS (ES256) signed by a KeyStore key. jose cannot sign with a key it cannot hold (a
 * token's key never leaves the token), so the signing input is built here and signed through the
 * store; the store's raw r‖s is exactly ES256's signature format (RFC 7518 §3.4). Verify with jose.
 */
export async function signCompactJws(
  store: KeyStore,
  label: string,
  header: Record<string, unknown>,
  payload: Uint8Array,
): Promise<string> {
  const protectedHeader = base64url.encode(JSON.stringify({ ...header, alg: 'ES256' }));
  const input = `${protectedHeader}.${base64url.encode(payload)}`;
  const signature = await store.sign(label, new TextEncoder().encode(input));
  return `${input}.${base64url.encode(signature)}`;
}
