import type {} from 'fastify';
/**
 * Who may call a route. Every route declares it in `config.access`; a test walks the route
 * table and fails for any route without one. Admins may call every non-public route.
 */
export type Role = 'operator' | 'technician' | 'admin';
export const ROLES: readonly Role[] = ['operator', 'technician', 'admin'];

/**
 * A route's roles: the station's (Role) or, in the headquarters service, HQ's own (admin,
 * caseworker, verifier, supervisor), checked the same way.
 */
export type Access = 'public' | 'authenticated' | readonly string[];

export interface Principal {
  userId: string;
  name: string;
  /** A station Role, or an HQ role in the headquarters service. */
  role: string;
  /** Permissions beside the role (HQ: `protection`); none at the station. */
  permissions?: readonly string[];
  /** 'session' for the cookie, 'token' for bearer API tokens. */
  via: 'session' | 'token';
  mustChangePassword: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function allows(access: Access, principal: Principal | null): boolean {
  if (access === 'public') return true;
  if (!principal) return false;
  if (access === 'authenticated') return true;
  return principal.role === 'admin' || access.includes(principal.role);
}
