/** Pictograms for the topics (inline SVG: nothing to download, scales with the text). */
const PATHS: Record<string, string> = {
  rights: 'M12 2l8 4v6c0 5-3.5 8.5-8 10-4.5-1.5-8-5-8-10V6z M8 12l3 3 5-6',
  protection: 'M12 3a4 4 0 1 1 0 8 4 4 0 0 1 0-8z M4 21c0-4 4-7 8-7s8 3 8 7',
  document: 'M3 6h18v12H3z M6 9h5v6H6z M13 10h5 M13 13h5',
  health: 'M10 3h4v7h7v4h-7v7h-4v-7H3v-4h7z',
  school: 'M2 9l10-5 10 5-10 5z M6 11v5c3 2 9 2 12 0v-5',
  work: 'M3 8h18v11H3z M9 8V5h6v3',
  legal: 'M12 3v18 M5 7h14 M5 7l-3 7h6z M19 7l-3 7h6z M8 21h8',
  address: 'M12 21s-7-6-7-12a7 7 0 0 1 14 0c0 6-7 12-7 12z M12 7a2 2 0 1 0 0 4 2 2 0 0 0 0-4z',
  emergency:
    'M6.6 10.8a15 15 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11 11 0 0 0 3.6.6 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1 11 11 0 0 0 .6 3.6 1 1 0 0 1-.25 1z',
  info: 'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20z M12 10v7 M12 7v.01',
  child:
    'M12 2.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5z M7 11l5-1.5 5 1.5 M12 9.5V16 M12 16l-3 5.5 M12 16l3 5.5',
  ticket: 'M3 7h18v4a2 2 0 0 0 0 4v4H3v-4a2 2 0 0 0 0-4z M14 7v12',
  back: 'M15 5l-7 7 7 7',
  globe: 'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20z M2 12h20 M12 2c3 3 3 17 0 20 M12 2c-3 3-3 17 0 20',
};

export function Icon(props: { name: string; size?: number }) {
  const s = props.size ?? 48;
  return (
    <svg class={`icon icon-${props.name}`} viewBox="0 0 24 24" width={s} height={s} aria-hidden="true">
      <path
        d={PATHS[props.name] ?? PATHS.info}
        fill="none"
        stroke="currentColor"
        stroke-width="1.8"
        stroke-linejoin="round"
        stroke-linecap="round"
      />
    </svg>
  );
}
