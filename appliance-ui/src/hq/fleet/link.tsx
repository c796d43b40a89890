import type { ComponentChildren } from 'preact';
import { navigate } from '../../router.js';

/** An in-shell link: a real href (open in a new tab works), History API navigation on a plain click. */
export function Link({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <a
      href={href}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}

export const stationHref = (site: string, station: string) =>
  `/fleet/${encodeURIComponent(site)}/${encodeURIComponent(station)}`;
export const siteHref = (site: string) => `/fleet/${encodeURIComponent(site)}`;
