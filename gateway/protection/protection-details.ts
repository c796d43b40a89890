import Type, { type Static } from 'typebox';

/**
 * Vulnerability as the EU Reception Conditions Directive (2013/33/EU, art. 21; recast 2024/1346,
 * art. 24) lists it: one fixed list, so the station, the hand-off record and HQ's counts all speak
 * of the same categories. These are special-category data: sealed with the person's data, never
 * printed, never in the seal or chip, never in logs or telemetry.
 */
export const VULNERABILITY_FLAGS = [
  'minor',
  'unaccompanied-minor',
  'separated-child',
  'disability',
  'elderly',
  'pregnant',
  'single-parent',
  'serious-illness',
  'mental-disorder',
  'trafficking-victim',
  'torture-or-violence-victim',
] as const;
export type VulnerabilityFlag = (typeof VULNERABILITY_FLAGS)[number];

/** Flags that make the person a child: only these allow the age and representative fields. */
export const CHILD_FLAGS: readonly VulnerabilityFlag[] = ['minor', 'unaccompanied-minor', 'separated-child'];

export const VulnerabilityFlagSchema = Type.Unsafe<VulnerabilityFlag>({
  type: 'string',
  enum: [...VULNERABILITY_FLAGS],
});

export const LegalRepresentative = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    organisation: Type.String({ minLength: 1, maxLength: 160 }),
  },
  { additionalProperties: false },
);

/** What the operator may record, all optional: nothing here is required to issue a card. */
export const ProtectionDetails = Type.Object(
  {
    flags: Type.Array(VulnerabilityFlagSchema, { uniqueItems: true, maxItems: VULNERABILITY_FLAGS.length }),
    declaredAge: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 17, description: 'Age in years the child declared' }),
    ),
    ageAssessed: Type.Optional(Type.Boolean({ description: 'Whether an age assessment was made' })),
    legalRepresentative: Type.Optional(LegalRepresentative),
  },
  { additionalProperties: false },
);
export type ProtectionDetails = Static<typeof ProtectionDetails>;

export type ProtectionFieldCode = 'PROTECTION_CHILD_ONLY' | 'PROTECTION_FLAGS_CONFLICT';

/** Rules the schema cannot say: child-only fields need a child flag; a child is not "elderly". */
export function protectionProblems(
  p: ProtectionDetails,
): Array<{ field: string; code: ProtectionFieldCode }> {
  const out: Array<{ field: string; code: ProtectionFieldCode }> = [];
  const child = p.flags.some((f) => CHILD_FLAGS.includes(f));
  for (const field of ['declaredAge', 'ageAssessed', 'legalRepresentative'] as const)
    if (p[field] !== undefined && !child)
      out.push({ field: `protection.${field}`, code: 'PROTECTION_CHILD_ONLY' });
  if (child && p.flags.includes('elderly'))
    out.push({ field: 'protection.flags', code: 'PROTECTION_FLAGS_CONFLICT' });
  return out;
}

/** An unaccompanied or separated child: HQ receives a protection notice for them. */
export const needsProtectionNotice = (p: ProtectionDetails | null | undefined): boolean =>
  !!p && (p.flags.includes('unaccompanied-minor') || p.flags.includes('separated-child'));

/** A child of that age may not hold a neutral expression: ICAO 9303-3 relaxes pose rules for infants. */
export const isYoungChild = (p: ProtectionDetails | null | undefined): boolean =>
  !!p && p.flags.some((f) => CHILD_FLAGS.includes(f)) && p.declaredAge !== undefined && p.declaredAge < 6;

/** Nothing recorded: stored as absent, not as an empty object. */
export const isEmptyProtection = (p: ProtectionDetails): boolean =>
  p.flags.length === 0 &&
  p.declaredAge === undefined &&
  p.ageAssessed === undefined &&
  !p.legalRepresentative;
