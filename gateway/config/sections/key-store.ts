import Type, { type Static } from 'typebox';

/**
 * Where the private keys live (`security.keyStore`). Exported on its own so headquarters' config
 * can carry the same section. The PIN is never here: it is read from `pinFile` (mode 0600) or from
 * the systemd credential `pinCredential` in $CREDENTIALS_DIRECTORY.
 */
export const KeyStoreSection = Type.Object(
  {
    kind: Type.Union([Type.Literal('file'), Type.Literal('pkcs11')], {
      default: 'file',
      description:
        "'pkcs11' for a token (HSM, TPM 2.0, smart card); 'file' is the development default (keys as files)",
    }),
    location: Type.Optional(
      Type.String({ description: "The file store's folder (default: <dataDir>/keys)" }),
    ),
    module: Type.Optional(
      Type.String({
        description: 'PKCS#11 module (shared library), e.g. /usr/lib/softhsm/libsofthsm2.so',
      }),
    ),
    tokenLabel: Type.Optional(
      Type.String({ minLength: 1, maxLength: 32, description: 'Label of the token holding the keys' }),
    ),
    pinFile: Type.Optional(
      Type.String({
        description: 'File with the token user PIN, readable by the service user only (mode 0600)',
      }),
    ),
    pinCredential: Type.String({
      default: 'cardgate-token-pin',
      pattern: '^[A-Za-z0-9_.-]+$',
      description:
        'systemd credential name holding the PIN, read from $CREDENTIALS_DIRECTORY when no pinFile',
    }),
    checkSeconds: Type.Integer({
      minimum: 1,
      maximum: 3600,
      default: 5,
      description: 'How often the station asks the token whether it is there (a pulled token locks issuing)',
    }),
  },
  { additionalProperties: false, default: {} },
);

export type KeyStoreConfig = Static<typeof KeyStoreSection>;
