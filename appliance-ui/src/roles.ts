import type { Role } from './types.js';
import type { MessageKey } from './i18n/index.js';

export interface PageDef {
  path: string;
  label: MessageKey;
  roles: Role[];
  training?: boolean;
}

/** Which page each role may open; the API enforces the same rules, the pages only follow them. */
export const PAGES: PageDef[] = [
  { path: '/issue', label: 'nav.issue', roles: ['operator', 'admin'] },
  { path: '/diagnostics', label: 'nav.diagnostics', roles: ['technician', 'admin'] },
  { path: '/admin', label: 'nav.admin', roles: ['admin'] },
  { path: '/content', label: 'nav.content', roles: ['admin'] },
  // The trainer's drills exist only on a station in training mode (see training: true).
  { path: '/drills', label: 'nav.drills', roles: ['admin'], training: true },
];

/** True on a station in training mode (the gateway writes `<html data-mode="training">`). */
export const trainingMode = (): boolean => document.documentElement.dataset.mode === 'training';

/** The pages of this station: the trainer's only in training mode. */
export const stationPages = (): PageDef[] => PAGES.filter((p) => !p.training || trainingMode());

export const homeFor = (role: Role): string =>
  role === 'technician' ? '/diagnostics' : role === 'admin' ? '/admin' : '/issue';

export const mayOpen = (role: Role, path: string): boolean =>
  stationPages()
    .find((p) => p.path === path)
    ?.roles.includes(role) ?? false;
