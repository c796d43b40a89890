import Type from 'typebox';

export const SecuritySection = Type.Object(
  {
    dataKeyFile: Type.Optional(
      Type.String({
        description: 'AES-256 key for personal data at rest (default: <dataDir>/keys/data.key)',
      }),
    ),
    signerKeyFile: Type.Optional(
      Type.String({ description: 'Document signer private key, PEM (generated for the embedded default)' }),
    ),
    signerCertFile: Type.Optional(Type.String({ description: 'Document signer certificate, PEM' })),
  },
  { additionalProperties: false, default: {} },
);
