import type { ComponentType } from 'preact';
import type { HqRole } from '../../../gateway/hq/accounts/roles.js';
import type { MessageKey } from '../i18n/index.js';

/** Who is logged in at HQ (GET /api/v1/session). */
export interface HqUser {
  name: string;
  role: HqRole;
  mustChangePassword: boolean;
}

export interface HqPageProps {
  user: HqUser;
}

/** A page of the HQ shell: its path, its nav label, who may open it, and its lazily loaded view. */
export interface HqPageDef {
  path: string;
  label: MessageKey;
  roles: readonly HqRole[];
  load: () => Promise<ComponentType<HqPageProps>>;
}

/**
 * Every HQ page, in nav order; the API enforces the same roles, the pages only follow them.
 * Slots: the fleet area adds its pages (fleet at a glance, station, site) after the home page;
 * the caseworker area adds search, record and access-log pages after the document status page.
 * Each page is its own chunk: a verifier never downloads the caseworker's pages.
 */
export const HQ_PAGES: HqPageDef[] = [
  {
    path: '/',
    label: 'hq.nav.home',
    roles: ['admin', 'caseworker', 'verifier', 'supervisor'],
    load: () => import('./home-page.js').then((m) => m.HomePage),
  },
  {
    // One slot for the fleet: at a glance, `/fleet/<site>` and `/fleet/<site>/<station>`.
    path: '/fleet',
    label: 'fleet.nav',
    roles: ['supervisor', 'admin'],
    load: () => import('./fleet/fleet-page.js').then((m) => m.FleetPage),
  },
  {
    path: '/documents',
    label: 'hq.nav.documents',
    roles: ['verifier', 'caseworker', 'admin'],
    load: () => import('./document-page.js').then((m) => m.DocumentPage),
  },
  {
    path: '/caseworker',
    label: 'caseworker.nav',
    roles: ['caseworker', 'admin'],
    load: () => import('./caseworker/caseworker-page.js').then((m) => m.CaseworkerPage),
  },
];

/** The page for a path: exact, or the longest page path the path continues (`/records/RT1`). */
export function pageFor(path: string): HqPageDef | undefined {
  return (
    HQ_PAGES.find((p) => p.path === path) ??
    HQ_PAGES.filter((p) => p.path !== '/' && path.startsWith(`${p.path}/`)).sort(
      (a, b) => b.path.length - a.path.length,
    )[0]
  );
}

export const mayOpen = (user: HqUser, page: HqPageDef): boolean =>
  user.role === 'admin' || page.roles.includes(user.role);
