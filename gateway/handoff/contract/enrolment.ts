import Type, { type Static } from 'typebox';

const opts = { additionalProperties: false };
const Pem = (description: string) =>
  Type.String({ pattern: '^-----BEGIN [A-Z ]+-----', maxLength: 16_000, description });
const SiteOrStation = Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' });

/** SHA-256 of a SubjectPublicKeyInfo (DER), base64url: how a token names HQ's station CA key. */
export const KeyFingerprint = Type.String({
  pattern: '^[A-Za-z0-9_-]{43}$',
  description: 'SHA-256 of the key SubjectPublicKeyInfo, base64url',
});

/**
 * What a one-time enrolment token carries (printed by `cardgate hq station add`, base64url JSON
 * after the `cge1.` prefix). `secret` is checked by HQ once; `caFingerprint` lets the station
 * refuse an impostor HQ; `expiresAt` is 24 h after creation.
 */
export const EnrolmentToken = Type.Object(
  {
    site: SiteOrStation,
    station: SiteOrStation,
    secret: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }),
    caFingerprint: KeyFingerprint,
    expiresAt: Type.String({ format: 'date-time' }),
  },
  opts,
);
export type EnrolmentToken = Static<typeof EnrolmentToken>;

/** POST /api/v1/enrol body. */
export const EnrolRequest = Type.Object(
  {
    token: Type.String({ minLength: 10, maxLength: 2000, description: 'The one-time token as printed' }),
    csr: Pem('PKCS#10 request signed by the station identity key (P-256)'),
  },
  { ...opts, title: 'EnrolRequest' },
);
export type EnrolRequest = Static<typeof EnrolRequest>;

const PublicJwk = Type.Object(
  {
    kty: Type.Literal('EC'),
    crv: Type.Literal('P-256'),
    x: Type.String(),
    y: Type.String(),
    kid: Type.String(),
    use: Type.Optional(Type.String()),
    alg: Type.Optional(Type.String()),
  },
  opts,
);

/**
 * POST /api/v1/enrol answer. Every HQ key comes with a certificate issued by the station CA,
 * whose key fingerprint the token carries: the station checks the chain before trusting any.
 */
export const EnrolResponse = Type.Object(
  {
    site: SiteOrStation,
    station: SiteOrStation,
    stationCertificate: Pem('The station certificate (identity key, issued by the station CA)'),
    caCertificate: Pem('HQ station CA certificate (self-signed)'),
    recordKeyCertificate: Pem('HQ record key certificate (ECDH, keyAgreement), issued by the CA'),
    commandKeyCertificate: Pem('HQ command signing key certificate, issued by the CA'),
    recordKey: PublicJwk,
    commandKey: PublicJwk,
  },
  { ...opts, title: 'EnrolResponse' },
);
export type EnrolResponse = Static<typeof EnrolResponse>;
