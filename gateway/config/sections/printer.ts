import Type from 'typebox';

export const PrinterSection = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    url: Type.String({
      default: 'emulator',
      description:
        "'emulator' (embedded emulator over TCP), tcp://host:9100, serial:///dev/ttyUSB0?baud=115200, usb://vid:pid",
    }),
    ribbon: Type.String({
      default: 'ymcko',
      description: 'Ribbon type loaded (ymcko, ymckos, ymckok, kb, ko, k, …)',
    }),
    pollIntervalMs: Type.Integer({ minimum: 250, default: 5000, description: 'Status poll while idle' }),
    commandTimeoutMs: Type.Integer({ minimum: 100, default: 5000, description: 'Time-out of one command' }),
    emulator: Type.Object(
      {
        panelMs: Type.Integer({ minimum: 0, default: 400, description: 'Simulated print time of one panel' }),
        feederCards: Type.Integer({ minimum: 0, default: 100 }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, default: {} },
);
