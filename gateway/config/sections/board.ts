import Type from 'typebox';

export const BoardSection = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    port: Type.String({
      default: 'emulator',
      description: "Serial path of the Firmata board, or 'emulator'",
    }),
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
