import { existsSync } from 'node:fs';
import type { DeviceState } from './core/registry.js';
import type { PartReadiness, Readiness } from './api/routes/health.js';

export interface ReadinessInput {
  storageReady: boolean;
  components: { name: string; started: boolean; ready: boolean; part?: PartReadiness | undefined }[];
  devices: readonly DeviceState[];
  /** Extra parts a component knows about (e.g. the card fonts). */
  extra?: PartReadiness[];
}

const DEVICE_STATE: Record<DeviceState['state'], PartReadiness['state']> = {
  online: 'up',
  degraded: 'degraded',
  offline: 'down',
  fault: 'down',
};

function devicePart(d: DeviceState): PartReadiness {
  const state = DEVICE_STATE[d.state];
  const problem = state === 'up' ? null : (d.lastErrorText ?? d.lastErrorCode ?? d.state);
  const emulation = d.emulated ? `emulated ${d.class} (${d.driver} over ${d.transport})` : null;
  return {
    name: d.id,
    kind: 'device',
    state,
    emulated: d.emulated,
    reason: [problem, emulation].filter(Boolean).join('; ') || null,
  };
}

/** What GET /ready answers: the station's own checks, then every device in the registry. */
export function describeReadiness(input: ReadinessInput): Readiness {
  const checks: Record<string, boolean> = { storage: input.storageReady };
  const parts: PartReadiness[] = [
    {
      name: 'storage',
      kind: 'storage',
      state: input.storageReady ? 'up' : 'down',
      emulated: false,
      reason: input.storageReady ? null : 'data directory not open yet',
    },
  ];
  for (const c of input.components) {
    const ok = c.started && c.ready;
    checks[c.name] = ok;
    if (c.part) {
      parts.push(c.part);
      continue;
    }
    parts.push({
      name: c.name,
      kind: 'component',
      state: ok ? 'up' : 'down',
      emulated: false,
      reason: ok ? null : c.started ? 'not ready yet' : 'not started',
    });
  }
  parts.push(...(input.extra ?? []));
  parts.push(...input.devices.map(devicePart));
  return { ready: Object.values(checks).every(Boolean), checks, parts };
}

/** A part the station decided at start to run without (not counted in `ready`). */
export function skippedPart(name: string, reason: string): PartReadiness {
  return { name, kind: 'component', state: 'down', emulated: false, reason: `not started: ${reason}` };
}

/**
 * The card fonts: the MRZ must be in OCR-B for a real printer. They ship in the project
 * (gateway/document/assets/fonts); a custom template may name files that are not there.
 */
export async function cardFontsPart(templatePath?: string): Promise<PartReadiness> {
  // Loaded when asked, so the station's start does not pay for the template's schema.
  const { loadTemplate, resolveAsset } = await import('./document/render/template.js');
  const template = loadTemplate(templatePath);
  const mrz = template.fonts[template.mrz.font];
  const found = mrz?.paths.some((p) => existsSync(resolveAsset(template, p))) ?? false;
  return {
    name: 'card-fonts',
    kind: 'component',
    state: found ? 'up' : 'degraded',
    emulated: false,
    reason: found
      ? null
      : `OCR-B font file not found (${mrz?.paths.join(' or ') ?? template.mrz.font}): previews and the emulated printer only, real printers refused`,
  };
}
