import type { Role } from './types.js';
import type { MessageKey } from './i18n/index.js';

export interface PageDef {
  path: string;
  label: MessageKey;
  roles: Role[];
}

/** Which page each role may open; the API enforces the same rules, the pages only follow them. */
export const PAGES: PageDef[] = [
  { path: '/issue', label: 'nav.issue', roles: ['operator', 'admin'] },
  { path: '/diagnostics', label: 'nav.diagnostics', roles: ['technician', 'admin'] },
  { path: '/admin', label: 'nav.admin', roles: ['admin'] },
  { path: '/content', label: 'nav.content', roles: ['admin'] },
];

export const homeFor = (role: Role): string =>
  role === 'technician' ? '/diagnostics' : role === 'admin' ? '/admin' : '/issue';

export const mayOpen = (role: Role, path: string): boolean =>
  PAGES.find((p) => p.path === path)?.roles.includes(role) ?? false;
