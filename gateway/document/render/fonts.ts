import { GlobalFonts } from '@napi-rs/canvas';
import { existsSync } from 'node:fs';
import type { Template } from './template-schema.js';
import { resolveAsset } from './template.js';

/**
 * Fonts are registered by file path under our own aliases (`cardgate-<alias>`), so the card
 * looks the same on every machine. The default template names the fonts shipped in
 * `assets/fonts/` (relative paths resolve against the template's folder), so no system font
 * package is needed. A missing file falls back to a system family: previews and
 * the emulated printer still work, but `fontStatus()` says the MRZ is not in OCR-B and the
 * station must not print to a real printer.
 */
export interface FontEntryStatus {
  alias: string;
  family: string;
  path: string | null;
  fallback: boolean;
}

export interface FontStatus {
  /** The MRZ is in real OCR-B: the card may go to a real printer. */
  printReady: boolean;
  reason: string | null;
  fonts: FontEntryStatus[];
}

const registered = new Map<string, FontEntryStatus>();
let familyCounter = 0;

export function fontFamily(alias: string): string {
  return registered.get(alias)?.family ?? `cardgate-${alias}`;
}

/** Registers the template's fonts (once per alias and file); a missing file means the fallback family. */
export function registerTemplateFonts(template: Template & { baseDir?: string }): void {
  for (const [alias, spec] of Object.entries(template.fonts)) {
    const path = spec.paths.map((p) => resolveAsset(template, p)).find((p) => existsSync(p)) ?? null;
    const known = registered.get(alias);
    if (known && known.path === path && (path !== null || known.family === spec.fallback)) continue;
    if (path === null) {
      registered.set(alias, { alias, family: spec.fallback, path: null, fallback: true });
      continue;
    }
    // One family name per file, so two templates naming different files for one alias never mix.
    const family = `cardgate-${alias}-${familyCounter++}`;
    const ok = GlobalFonts.registerFromPath(path, family) !== null;
    registered.set(
      alias,
      ok
        ? { alias, family, path, fallback: false }
        : { alias, family: spec.fallback, path: null, fallback: true },
    );
  }
}

/** Whether the MRZ font of the template is OCR-B from its file (not a fallback). */
export function fontStatus(template?: Template): FontStatus {
  const mrzAlias = template?.mrz.font ?? 'ocrb';
  const fonts = [...registered.values()];
  const mrz = registered.get(mrzAlias);
  if (!mrz) return { printReady: false, reason: 'fonts not registered yet: no card rendered', fonts };
  if (mrz.fallback)
    return {
      printReady: false,
      reason: `OCR-B font file not found (the template's MRZ font): the MRZ uses ${mrz.family}, previews only`,
      fonts,
    };
  return { printReady: true, reason: null, fonts };
}

/** Forget registrations (tests that simulate a missing font). */
export function resetFontRegistry(): void {
  registered.clear();
}
