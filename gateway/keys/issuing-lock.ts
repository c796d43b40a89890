import { CardgateError } from '../core/errors.js';
import type { KeyStoreHealth } from './key-store-watch.js';

/**
 * The issuing lock the key store sets (lock source `keys`): its reason is what the operator reads,
 * and the intake turns it back into the typed error of the refusal.
 */
const REQUIRED = 'signing token required';
const UNAVAILABLE = 'signing token unavailable';

export function keysLockReason(h: KeyStoreHealth): string {
  const head = h.code === 'KEY_STORE_TOKEN_REQUIRED' ? REQUIRED : UNAVAILABLE;
  // The books join several locks with '; ': keep this one free of it.
  return `${head}: ${(h.message ?? h.reason ?? 'not checked yet').replace(/;\s*/g, ', ')}`;
}

/** The error a new job is refused with while the key store holds the issuing lock. */
export function keysLockError(reason: string): CardgateError {
  const code = reason.startsWith(REQUIRED) ? 'KEY_STORE_TOKEN_REQUIRED' : 'KEY_STORE_UNAVAILABLE';
  return new CardgateError(code, reason, { details: { reason: 'issuing-locked' } });
}

/** True when the books' lock reason (`by: reason; …`) holds a lock set by the key store. */
export const lockedByKeys = (lockReason: string | null): boolean =>
  (lockReason ?? '').split('; ').some((l) => l.startsWith('keys: '));
