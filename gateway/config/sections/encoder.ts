import Type from 'typebox';

export const EncoderSection = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    emulated: Type.Optional(
      Type.Union([Type.Boolean(), Type.Literal('auto')], {
        description:
          "true: the in-process chip emulator; false: PC/SC only; 'auto' (default): PC/SC when pcscd answers, otherwise the emulator (reported as such)",
      }),
    ),
    driver: Type.Optional(
      Type.Union([Type.Literal('auto'), Type.Literal('pcsc'), Type.Literal('emulator')], {
        description: 'Deprecated: use `emulated` (auto, pcsc = false, emulator = true)',
      }),
    ),
    reader: Type.Optional(
      Type.String({ description: 'Reader name (substring); the first reader when absent' }),
    ),
    profile: Type.Union([Type.Literal('icao-lds1'), Type.Literal('iso7816-fs')], {
      default: 'icao-lds1',
      description:
        'Chip layout: icao-lds1 (ICAO Doc 9303 LDS1 with EF.SOD, BAC on the JMRTD applet) or the older proprietary iso7816-fs',
    }),
    dg2MaxBytes: Type.Integer({
      minimum: 2000,
      maximum: 60000,
      default: 12000,
      description: 'Budget of the chip face image',
    }),
    exchangeTimeoutMs: Type.Integer({ minimum: 100, default: 3000 }),
    emulator: Type.Object(
      {
        timing: Type.Union([Type.Literal('none'), Type.Literal('realistic')], {
          default: 'none',
          description:
            "'realistic': each APDU takes a contact card's time (see docs/encoder.md), times timeScale",
        }),
        timeScale: Type.Number({
          minimum: 0,
          maximum: 10,
          default: 1,
          description: 'Multiplies the realistic timing (0.01: a hundred times faster, same ratios)',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    cardWaitMs: Type.Integer({
      minimum: 100,
      default: 10000,
      description: 'How long to wait for the card to reach the reader',
    }),
  },
  { additionalProperties: false, default: {} },
);
