import Type from 'typebox';

export const MqttSection = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    url: Type.String({
      default: 'embedded',
      description:
        "Broker URL (mqtt://, mqtts://), several separated by commas (the nodes of a broker cluster, tried in turn), or 'embedded' for the in-process broker",
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
    protocolVersion: Type.Union([Type.Literal('auto'), Type.Literal(5), Type.Literal(4)], {
      default: 'auto',
      description: "MQTT 5, 3.1.1 (4), or 'auto' (try 5, fall back to 3.1.1 when the broker refuses it)",
    }),
    reconnectMinMs: Type.Integer({ minimum: 10, default: 1000, description: 'First reconnect delay' }),
    reconnectMaxMs: Type.Integer({ minimum: 100, default: 60000, description: 'Reconnect delay cap' }),
    outboxFsyncMs: Type.Integer({
      minimum: 1,
      maximum: 5000,
      default: 200,
      description: 'Outbox writes are fsynced in batches at most this often (spares the flash)',
    }),
    maxPayloadBytes: Type.Integer({ minimum: 1024, default: 65536, description: 'Largest message sent' }),
    commandKeysFile: Type.Optional(
      Type.String({
        description:
          "JWK set of headquarters' public command keys; default <dataDir>/hq/command-keys.json when present. Without a key every command is refused",
      }),
    ),
    commandKeys: Type.Optional(
      Type.Object(
        { keys: Type.Array(Type.Record(Type.String(), Type.Unknown()), { minItems: 1 }) },
        {
          description: "Headquarters' public command keys as an inline JWK set (instead of commandKeysFile)",
        },
      ),
    ),
  },
  { additionalProperties: false, default: {} },
);
