/**
 * What the gateway may ask of a smart-card encoder. The transport (PC/SC, emulator) and the card
 * profile (how files are laid out on a card type) are separate, so other card types plug in.
 */
import type { EventEmitter } from 'node:events';
import { DeviceError } from '../device/errors.js';

/** Every error an encoder driver reports; the catalogue knows each as `ENCODER_<code>`. */
export const ENCODER_ERROR_CODES = [
  'NO_READER',
  'NO_CARD',
  'CARD_REMOVED',
  'FILE_EXISTS',
  'FILE_NOT_FOUND',
  'SECURITY',
  'MEMORY',
  'TIMEOUT',
  'PCSC_UNAVAILABLE',
  'CARD_ERROR',
  'VERIFY_FAILED',
  'TOO_LARGE',
  /** The chip refused Basic Access Control: the MRZ does not match this card (no data read). */
  'BAC_REFUSED',
  /** A data group's hash differs from the one EF.SOD signs (a changed data group). */
  'DG_HASH_MISMATCH',
  /** EF.SOD is missing, malformed, or its signature does not verify. */
  'SOD_INVALID',
  /** The document signer was not issued by a trusted CSCA (or is outside its validity). */
  'SIGNER_UNKNOWN',
  /** The document signer's certificate is revoked by its CSCA's CRL. */
  'SIGNER_REVOKED',
] as const;
export type EncoderErrorCode = (typeof ENCODER_ERROR_CODES)[number];

export class EncoderError extends DeviceError<EncoderErrorCode> {
  /** ISO 7816 status word when the card answered one. */
  readonly sw: number | undefined;
  constructor(code: EncoderErrorCode, message: string, opts: { sw?: number; cause?: unknown } = {}) {
    super('encoder', code, message, opts.cause === undefined ? {} : { cause: opts.cause });
    this.name = 'EncoderError';
    this.sw = opts.sw;
  }

  override get detail(): string {
    return this.sw === undefined ? this.message : `${this.message} (SW ${this.sw.toString(16)})`;
  }
}

/** Signs the chip's security object; the key stays with the gateway's document signer. */
export interface ChipSigner {
  /** ECDSA P-256 over SHA-256, raw r‖s. */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /** DER X.509 certificate of the signer, written to the card beside the security object. */
  certificateDer: Uint8Array;
  /** DER certificate of the CSCA that issued the signer: the read-back checks the chain to it. */
  cscaCertificateDer?: Uint8Array;
  /** The same as PEM (the gateway's document signer carries it so); used when the DER is absent. */
  caCertificatePem?: string | null;
  /** DER CRLs of that CSCA: the read-back refuses a revoked signer. */
  crlsDer?: Uint8Array[];
}

/** What goes on the chip. The bytes are prepared by the gateway's document module. */
export interface ChipPersonalization {
  jobId: string;
  /** DG1: the MRZ, ASCII. */
  dg1: Uint8Array;
  /** DG2: the face, JPEG within the configured budget. */
  dg2: Uint8Array;
  /** Document data: number, dates, personal code, residence (profile-defined TLV or JSON bytes). */
  documentData: Uint8Array;
  signer: ChipSigner;
  /** Wipe a card that already holds data; without it such a card is refused with FILE_EXISTS. */
  wipe?: boolean;
}

export interface ChipContents {
  files: Record<string, Uint8Array>; // by name: dg1, dg2, data, sod, cert
}

export interface VerifyResult {
  ok: boolean;
  /** Names of files whose hash did not match, or 'signature' (LDS1 also 'sod', 'chain', 'revoked'). */
  failures: string[];
  /** LDS1: the one code of the failure, as an inspection system would report it. */
  code?: EncoderErrorCode;
}

export interface EncoderProgress {
  jobId: string;
  step: 'connect' | 'write' | 'readback' | 'verified';
  file?: string;
  bytesDone: number;
  bytesTotal: number;
}

export interface EncoderState {
  available: boolean; // the stack (pcscd) answers
  readers: string[];
  cardPresent: boolean;
  reason?: string;
}

export interface EncoderEvents {
  state: [EncoderState];
  progress: [EncoderProgress];
}

export interface CardEncoder extends EventEmitter<EncoderEvents> {
  readonly id: string;
  readonly driver: string; // 'pcsc' | 'emulator'
  readonly emulated: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): EncoderState;
  /** Resolves when a card is in the reader; rejects with EncoderError('NO_CARD') after timeoutMs. */
  waitForCard(timeoutMs: number): Promise<void>;
  /** Write, read back and compare; resolves only when the card counts as encoded. */
  personalize(
    input: ChipPersonalization,
    opts?: { signal?: AbortSignal },
  ): Promise<{
    apdus: number;
    bytesWritten: number;
    /** EF.SOD as written (ICAO LDS1 only): HQ's record carries it; other profiles have none. */
    securityObject?: Uint8Array;
  }>;
  readBack(): Promise<ChipContents>;
  /** Check hashes and signature with the signer certificate found on the card (or the one given). */
  verify(trustedCertDer?: Uint8Array): Promise<VerifyResult>;
  /** Check contents already read (no second read of the card); same rules as verify. */
  verifyContents(contents: ChipContents, trustedCertDer?: Uint8Array): VerifyResult;
}
