import Type from 'typebox';

/** The applicant's screen, the information point and the waiting-room queue (issue 18). */
export const ApplicantSection = Type.Object(
  {
    confirmation: Type.Union([Type.Literal('when-paired'), Type.Literal('always'), Type.Literal('off')], {
      default: 'when-paired',
      description:
        'When a card needs the applicant\'s confirmation before it is queued: "when-paired" (a screen is paired with the desk, even if it dropped), "always" (a desk without a screen records a verbal confirmation), "off"',
    }),
    pairingCodeSeconds: Type.Integer({
      minimum: 30,
      maximum: 900,
      default: 180,
      description: 'How long a pairing code shown at the desk stays valid (single use)',
    }),
    pairingFailuresPerMinute: Type.Integer({
      minimum: 1,
      maximum: 100,
      default: 5,
      description: 'Wrong pairing codes accepted per client address and minute before 429',
    }),
    kioskIdleSeconds: Type.Integer({
      minimum: 15,
      maximum: 3600,
      default: 90,
      description: 'The information point returns to the language choice after this much inactivity',
    }),
    contentDir: Type.Optional(
      Type.String({
        description:
          'Shipped information-point content (Markdown per language); default content/info of the installation. Admin edits go to <dataDir>/content/info',
      }),
    ),
    speech: Type.Boolean({
      default: true,
      description: 'Make spoken audio with espeak-ng on first use (cached in <dataDir>/speech)',
    }),
  },
  { additionalProperties: false, default: {} },
);
