import Type from 'typebox';

export const MqttSection = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    url: Type.String({
      default: 'embedded',
      description: "Broker URL (mqtt://, mqtts://) or 'embedded' for the in-process broker",
    }),
    embeddedPort: Type.Integer({
      minimum: 0,
      maximum: 65535,
      default: 1883,
      description: 'Port of the embedded broker (0 picks one)',
    }),
    prefix: Type.String({ default: 'cardgate', pattern: '^[A-Za-z0-9_-]+$' }),
    username: Type.Optional(Type.String()),
    password: Type.Optional(Type.String({ 'x-secret': true })),
    tls: Type.Object(
      {
        caFile: Type.Optional(Type.String()),
        certFile: Type.Optional(Type.String()),
        keyFile: Type.Optional(Type.String()),
      },
      { additionalProperties: false, default: {} },
    ),
    healthIntervalSeconds: Type.Integer({ minimum: 1, default: 60 }),
    outboxMaxMessages: Type.Integer({ minimum: 100, default: 100000 }),
  },
  { additionalProperties: false, default: {} },
);
