import Type from 'typebox';

export const HandoffSection = Type.Object(
  {
    enabled: Type.Boolean({
      default: true,
      description: 'Hand issuance records off to HQ once the station is enrolled (`cardgate enrol`)',
    }),
    graceDays: Type.Number({
      minimum: 0,
      maximum: 365,
      default: 7,
      description:
        "Days a job's personal data stays after HQ acknowledged its records (re-prints); never purged before",
    }),
    retryMinSeconds: Type.Number({
      minimum: 0.01,
      maximum: 3600,
      default: 1,
      description: 'First retry delay',
    }),
    retryMaxSeconds: Type.Number({
      minimum: 0.01,
      maximum: 86_400,
      default: 300,
      description: 'Longest delay between retries (jittered exponential backoff)',
    }),
    purgeIntervalMinutes: Type.Number({
      minimum: 0,
      default: 60,
      description: 'How often due purges run (0: never)',
    }),
    tlsCaFile: Type.Optional(
      Type.String({ description: "PEM of the CA of HQ's TLS certificate, when HQ uses a private CA" }),
    ),
  },
  { additionalProperties: false, default: {} },
);
