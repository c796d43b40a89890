/**
 * Pictograms a content file places with a line of its own, `::picture[name]{alt text}`: drawn
 * here as inline SVG (nothing to download, no asset a content editor could swap), each with the
 * alt text written in the page's own language.
 */
export const PICTURES = {
  'safe-home':
    'M3 11l9-8 9 8 M5 9.5V21h14V9.5 M12 18s-3.5-2.2-3.5-4.5a1.75 1.75 0 0 1 3.5-.5 1.75 1.75 0 0 1 3.5.5c0 2.3-3.5 4.5-3.5 4.5z',
  'helper-adult':
    'M8 2.5a2 2 0 1 1 0 4 2 2 0 0 1 0-4z M8 8v7 M8 15l-2 6 M8 15l2 6 M5 11l3-3 4 3 5 1 M17 9a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3z M17 12v5 M17 17l-1.5 4 M17 17l1.5 4',
  school: 'M3 21h18 M5 21V10l7-5 7 5v11 M10 21v-5h4v5 M9 11h6',
  doctor: 'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20z M10.5 7h3v3.5H17v3h-3.5V17h-3v-3.5H7v-3h3.5z',
  phone: 'M7 2h10v20H7z M10 5h4 M12 18v.01',
} as const;
export type Picture = keyof typeof PICTURES;
export const PICTURE_NAMES = Object.keys(PICTURES) as Picture[];

export const isPicture = (name: string): name is Picture => Object.hasOwn(PICTURES, name);

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The picture as a figure: an SVG named by its alt text (role="img"), the text shown below it. */
export function pictureHtml(name: Picture, alt: string): string {
  const a = escape(alt);
  return (
    `<figure class="picture" data-picture="${name}">` +
    `<svg viewBox="0 0 24 24" width="96" height="96" role="img" aria-label="${a}">` +
    `<path d="${PICTURES[name]}" fill="none" stroke="currentColor" stroke-width="1.5" ` +
    `stroke-linejoin="round" stroke-linecap="round"/></svg>` +
    `<figcaption>${a}</figcaption></figure>\n`
  );
}
