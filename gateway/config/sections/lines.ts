import Type from 'typebox';

/**
 * Print lines: each a printer plus the chip encoder inside or beside it, with its own card stock.
 * The `printer` and `encoder` sections hold what every line shares (timeouts, poll interval,
 * emulator settings); a line names its own printer address and its encoder's reader. Without
 * `lines` the station is one line (`line-1`) made of the `printer` and `encoder` sections.
 */
export const LineEntry = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]{1,32}$', description: 'Stable id (line-1, line-2, …)' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'What people call it' })),
    printer: Type.Object(
      {
        url: Type.Optional(Type.String({ description: 'The printer (as printer.url)' })),
        emulated: Type.Optional(
          Type.Boolean({ description: 'The embedded printer emulator (default: no url)' }),
        ),
        ribbon: Type.Optional(Type.String({ description: 'Ribbon type loaded (default: printer.ribbon)' })),
      },
      { additionalProperties: false, default: {} },
    ),
    encoder: Type.Object(
      {
        reader: Type.Optional(
          Type.String({ description: "PC/SC reader name (substring) of this line's encoder" }),
        ),
        serial: Type.Optional(
          Type.String({
            description:
              "USB serial of the line's reader (matched in the PC/SC reader name, which carries it)",
          }),
        ),
        emulated: Type.Optional(
          Type.Union([Type.Boolean(), Type.Literal('auto')], { description: 'As encoder.emulated' }),
        ),
      },
      { additionalProperties: false, default: {} },
    ),
    cardTypes: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-z0-9-]{1,32}$' }), {
        minItems: 1,
        description:
          "Card types loaded in this line (jobs of other types go elsewhere); absent: ['standard'], the type of jobs that name none",
      }),
    ),
  },
  { additionalProperties: false },
);

export const LinesSection = Type.Array(LineEntry, { default: [], maxItems: 16 });
