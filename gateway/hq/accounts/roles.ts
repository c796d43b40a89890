import Type from 'typebox';

/**
 * HQ's roles. `admin` manages accounts and may call every route (as at the station);
 * `caseworker` sees records with personal data (every view audited with a reason);
 * `verifier` sees a document's status only; `supervisor` sees counts and the fleet.
 */
export const HQ_ROLES = ['admin', 'caseworker', 'verifier', 'supervisor'] as const;
export type HqRole = (typeof HQ_ROLES)[number];
export const HqRoleSchema = Type.Union([
  Type.Literal('admin'),
  Type.Literal('caseworker'),
  Type.Literal('verifier'),
  Type.Literal('supervisor'),
]);

/** Permissions granted beside a role: `protection` opens records of protected persons (issue 20). */
export const HQ_PERMISSIONS = ['protection'] as const;
export type HqPermission = (typeof HQ_PERMISSIONS)[number];
export const HqPermissionSchema = Type.Union([Type.Literal('protection')]);

/** Route access lists (admins pass every one, see gateway/api/access.ts). */
export const HQ_ACCESS = {
  admin: ['admin'],
  /** Document status: verifiers and everyone who sees more. */
  verifier: ['verifier', 'caseworker'],
  caseworker: ['caseworker'],
  supervisor: ['supervisor'],
} as const satisfies Record<string, readonly HqRole[]>;

export const isHqRole = (r: string): r is HqRole => (HQ_ROLES as readonly string[]).includes(r);
export const isHqPermission = (p: string): p is HqPermission =>
  (HQ_PERMISSIONS as readonly string[]).includes(p);
