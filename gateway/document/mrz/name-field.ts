/**
 * The TD1 name field (line 3): `PRIMARY<<SECONDARY<NAMES`, filled with `<`.
 * Too long a name is cut by characters (Doc 9303 part 3 §4.6.2) so that the `<<` separator and at
 * least the first letter of the secondary identifier stay; a cut never leaves `<` at the end of a
 * part, which a reader would take for a separator.
 */
export function composeNameField(primary: string, secondary: string, length: number): string {
  const trimEnd = (s: string): string => s.replace(/<+$/, '');
  if (secondary === '') return trimEnd(primary.slice(0, length)).padEnd(length, '<');
  const full = `${primary}<<${secondary}`;
  if (full.length <= length) return full.padEnd(length, '<');
  let p = primary;
  if (p.length + 3 > length) p = trimEnd(p.slice(0, length - 3));
  const s = trimEnd(secondary.slice(0, length - p.length - 2));
  return `${p}<<${s}`.padEnd(length, '<');
}

/** Whether the name field holds the whole name (false: it was truncated). */
export function nameFits(primary: string, secondary: string, length: number): boolean {
  return (secondary === '' ? primary.length : primary.length + 2 + secondary.length) <= length;
}
