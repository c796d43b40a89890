import Type from 'typebox';

export const ApiSection = Type.Object(
  {
    host: Type.String({ default: '0.0.0.0', description: 'Address the local API listens on' }),
    port: Type.Integer({
      minimum: 0,
      maximum: 65535,
      default: 8443,
      description: 'TCP port (0 picks a free one)',
    }),
    http: Type.Boolean({
      default: false,
      description: 'Serve plain HTTP instead of HTTPS: local development only',
    }),
    tls: Type.Object(
      {
        certFile: Type.Optional(
          Type.String({ description: 'PEM certificate; generated in the data directory when absent' }),
        ),
        keyFile: Type.Optional(
          Type.String({ description: 'PEM private key matching certFile', 'x-secret-path': true }),
        ),
      },
      { additionalProperties: false, default: {} },
    ),
    allowedOrigins: Type.Array(Type.String({ pattern: '^https?://[^/]+$' }), {
      default: [],
      description:
        "Origins besides the station's own whose pages may change state (e.g. a reverse proxy's https://name); others get 403",
    }),
    sessionTtlMinutes: Type.Integer({
      minimum: 5,
      maximum: 1440,
      default: 480,
      description: 'Idle session lifetime',
    }),
    loginRateLimit: Type.Object(
      {
        max: Type.Integer({
          minimum: 1,
          default: 5,
          description:
            'Failed logins per account (from addresses it never logged in from) and per account and address before waits begin',
        }),
        addressMax: Type.Integer({
          minimum: 1,
          default: 20,
          description: 'Failed logins from one address, over all accounts, before waits begin',
        }),
        baseDelaySeconds: Type.Integer({
          minimum: 1,
          default: 1,
          description: 'First wait after the free failures; each further failure doubles it',
        }),
        maxDelaySeconds: Type.Integer({ minimum: 1, default: 900, description: 'Longest wait' }),
        windowSeconds: Type.Integer({
          minimum: 1,
          default: 3600,
          description:
            'Failures are forgotten this long after the last one (at least twice the longest wait)',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, default: {} },
);
