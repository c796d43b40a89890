import Type from 'typebox';

export const BoardSection = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    emulated: Type.Optional(
      Type.Boolean({
        description:
          'Run the in-process Firmata board emulator instead of the board on `port`. Default: true when no `port` is given',
      }),
    ),
    port: Type.Optional(
      Type.String({
        description:
          "Serial path of the Firmata board ('emulator' is the deprecated spelling of emulated: true)",
      }),
    ),
    temperatureWarnC: Type.Number({ default: 35 }),
    humidityWarnPercent: Type.Number({ default: 80 }),
    lockOnDoorOpen: Type.Boolean({
      default: false,
      description: 'Refuse new issuances while the office door is open',
    }),
    buzzerMinIntervalSeconds: Type.Integer({ minimum: 1, default: 60 }),
  },
  { additionalProperties: false, default: {} },
);
