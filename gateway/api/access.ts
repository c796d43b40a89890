import type {} from 'fastify';
/**
 * Who may call a route. Every route declares it in `config.access`; a test walks the route
 * table and fails for any route without one. Admins may call every non-public route.
 */
export type Role = 'operator' | 'technician' | 'admin';
export const ROLES: readonly Role[] = ['operator', 'technician', 'admin'];

export type Access = 'public' | 'authenticated' | readonly Role[];

export interface Principal {
  userId: string;
  name: string;
  role: Role;
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
