import Type from 'typebox';
import { KeyStoreSection } from './key-store.js';

export const SecuritySection = Type.Object(
  {
    keyStore: KeyStoreSection,
    requireToken: Type.Boolean({
      default: false,
      description:
        'Production profile: refuse to sign documents unless the keys are in a token (security.keyStore.kind pkcs11)',
    }),
    dataKeyFile: Type.Optional(
      Type.String({
        description:
          'A clear AES-256 data key file of an older station (default <dataDir>/keys/data.key): wrapped by the key store at start, then removed',
      }),
    ),
    signerKeyFile: Type.Optional(
      Type.String({ description: 'Document signer private key, PEM (generated for the embedded default)' }),
    ),
    signerCertFile: Type.Optional(Type.String({ description: 'Document signer certificate, PEM' })),
  },
  { additionalProperties: false, default: {} },
);
