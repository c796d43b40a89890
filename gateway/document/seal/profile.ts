import { decodeC40 } from './c40.js';
import { toHex } from './hex.js';
import type { SealFeature } from './message.js';

/**
 * Feature definitions the decoder knows, by (document feature definition reference, document
 * type category). Ours is the temporary identity document of this station; the BSI arrival
 * attestation is listed because border scanners meet it beside ours.
 */
export interface FeatureDefinition {
  name: string;
  kind: 'mrz' | 'c40' | 'utf8' | 'flag' | 'bytes';
  /** Characters a line of an MRZ feature (30 for TD1, 36 for TD2). */
  lineLength?: number;
}

export interface SealProfile {
  name: string;
  featureDefinitionRef: number;
  documentTypeCategory: number;
  features: Readonly<Record<number, FeatureDefinition>>;
}

export const CARDGATE_PROFILE: SealProfile = {
  name: 'cardgate temporary identity document',
  featureDefinitionRef: 0xc1,
  documentTypeCategory: 0x07,
  features: {
    0x01: { name: 'mrz', kind: 'mrz', lineLength: 30 },
    0x02: { name: 'personalCode', kind: 'c40' },
    0x03: { name: 'identityDeclared', kind: 'flag' },
    0x04: { name: 'dateOfIssue', kind: 'utf8' },
  },
};

export const ARRIVAL_ATTESTATION_PROFILE: SealProfile = {
  name: 'arrival attestation (BSI TR-03137)',
  featureDefinitionRef: 0xfd,
  documentTypeCategory: 0x02,
  features: {
    0x02: { name: 'mrz', kind: 'mrz', lineLength: 36 },
    0x03: { name: 'azr', kind: 'c40' },
  },
};

export const KNOWN_PROFILES: readonly SealProfile[] = [CARDGATE_PROFILE, ARRIVAL_ATTESTATION_PROFILE];

export function findProfile(
  featureDefinitionRef: number,
  documentTypeCategory: number,
): SealProfile | undefined {
  return KNOWN_PROFILES.find(
    (p) => p.featureDefinitionRef === featureDefinitionRef && p.documentTypeCategory === documentTypeCategory,
  );
}

export interface DescribedFeature {
  tag: number;
  name: string | null;
  length: number;
  /** Text for MRZ, C40 and UTF-8 features, a boolean for flags. */
  value?: string | string[] | boolean;
  hex: string;
}

/** Makes a feature human-readable: by its definition when the profile is known, else a best-effort C40. */
export function describeFeature(f: SealFeature, profile: SealProfile | undefined): DescribedFeature {
  const def = profile?.features[f.tag];
  const base = { tag: f.tag, name: def?.name ?? null, length: f.value.length, hex: toHex(f.value) };
  try {
    switch (def?.kind) {
      case 'mrz': {
        const text = decodeC40(f.value, { mrz: true });
        const n = def.lineLength ?? text.length;
        const lines: string[] = [];
        for (let i = 0; i < text.length; i += n) lines.push(text.slice(i, i + n));
        return { ...base, value: lines };
      }
      case 'c40':
        return { ...base, value: decodeC40(f.value) };
      case 'utf8':
        return { ...base, value: new TextDecoder('utf-8', { fatal: true }).decode(f.value) };
      case 'flag':
        return { ...base, value: f.value.length === 1 && f.value[0] !== 0 };
      case 'bytes':
        return base;
      default:
        return { ...base, value: decodeC40(f.value) };
    }
  } catch {
    return base;
  }
}
