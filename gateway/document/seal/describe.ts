import { decodeSeal } from './codec.js';
import { toHex } from './hex.js';
import { findProfile, describeFeature, type DescribedFeature } from './profile.js';
import type { SealHeader } from './header.js';

export interface SealDescription {
  header: SealHeader & { profile: string | null };
  features: DescribedFeature[];
  signature: string | null;
}

/** The JSON `cardgate seal decode` prints: header, readable features, signature hex. */
export function describeSeal(bytes: Uint8Array): SealDescription {
  const seal = decodeSeal(bytes);
  const profile = findProfile(seal.header.featureDefinitionRef, seal.header.documentTypeCategory);
  return {
    header: { ...seal.header, profile: profile?.name ?? null },
    features: seal.features.map((f) => describeFeature(f, profile)),
    signature: seal.signature ? toHex(seal.signature) : null,
  };
}
