import Type, { type Static } from 'typebox';

/**
 * What the verify page asks, answered the same way by a station (its signer certificates and its
 * local status list) and by HQ (the registry): the page runs unchanged at both.
 */
export const VerifyTrust = Type.Object(
  {
    /** Document signer certificates (PEM) whose seals this place vouches for. */
    signers: Type.Array(Type.String()),
    /** Country signing CA certificates (PEM) the signers chain to; empty: no chain is checked. */
    cscas: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
export type VerifyTrustT = Static<typeof VerifyTrust>;

export const DocumentStatusValue = Type.Union([
  Type.Literal('valid'),
  Type.Literal('expired'),
  Type.Literal('revoked'),
  Type.Literal('voided'),
  Type.Literal('replaced'),
  Type.Literal('lost'),
]);
export type DocumentStatusValueT = Static<typeof DocumentStatusValue>;

export const DocumentNumberParam = Type.Object({
  number: Type.String({ pattern: '^[A-Z0-9]{1,20}$' }),
});

/** The warning an operator sees before re-issuing a document HQ revoked or was told is lost. */
export const ReissueWarning = Type.Union([
  Type.Literal('REISSUE_DOCUMENT_REVOKED'),
  Type.Literal('REISSUE_DOCUMENT_LOST'),
]);
export type ReissueWarningT = Static<typeof ReissueWarning>;

export const VerifyStatus = Type.Object(
  {
    number: Type.String(),
    /** At a station, `valid` means no change was announced up to `asOf`. */
    status: DocumentStatusValue,
    changedAt: Type.Union([Type.String(), Type.Null()]),
    /** `station`: the local status list (works offline); `hq`: the registry itself. */
    source: Type.Union([Type.Literal('station'), Type.Literal('hq')]),
    /** Station: when HQ last sent status changes (null: never); HQ: now. */
    asOf: Type.Union([Type.String(), Type.Null()]),
    warning: Type.Union([ReissueWarning, Type.Null()]),
  },
  { additionalProperties: false },
);
export type VerifyStatusT = Static<typeof VerifyStatus>;

export const warningFor = (status: DocumentStatusValueT): ReissueWarningT | null =>
  status === 'revoked' ? 'REISSUE_DOCUMENT_REVOKED' : status === 'lost' ? 'REISSUE_DOCUMENT_LOST' : null;
