import Type from 'typebox';

export const PrinterSection = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    emulated: Type.Optional(
      Type.Boolean({
        description:
          'Run the embedded printer emulator (over loopback TCP) instead of the printer at `url`. Default: true when no `url` is given',
      }),
    ),
    url: Type.Optional(
      Type.String({
        description:
          "The printer: tcp://host:9100, serial:///dev/ttyUSB0?baud=115200, usb://vid:pid ('emulator' is the deprecated spelling of emulated: true)",
      }),
    ),
    ribbon: Type.String({
      default: 'ymcko',
      description: 'Ribbon type loaded (ymcko, ymckos, ymckok, kb, ko, k, …)',
    }),
    pollIntervalMs: Type.Integer({ minimum: 250, default: 5000, description: 'Status poll while idle' }),
    commandTimeoutMs: Type.Integer({ minimum: 100, default: 5000, description: 'Time-out of one command' }),
    emulator: Type.Object(
      {
        // Settings of the embedded emulator; whether it runs is `emulated`.
        panelMs: Type.Integer({ minimum: 0, default: 400, description: 'Simulated print time of one panel' }),
        feederCards: Type.Integer({ minimum: 0, default: 100 }),
        timing: Type.Union([Type.Literal('panel'), Type.Literal('realistic')], {
          default: 'panel',
          description:
            "'panel': every step takes panelMs; 'realistic': a YMCKO card's feed, panels, flip and eject in seconds (docs/printer.md), times timeScale",
        }),
        timeScale: Type.Number({
          minimum: 0,
          maximum: 10,
          default: 1,
          description: 'Multiplies the realistic timing (0.01: a hundred times faster, same ratios)',
        }),
        retainMs: Type.Integer({
          minimum: 0,
          default: 86_400_000,
          description: 'How long the emulator keeps its card images (personal data: photo, names, seal)',
        }),
        maxFiles: Type.Integer({
          minimum: 0,
          default: 200,
          description: 'Most emulator output files kept (newest first)',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, default: {} },
);
