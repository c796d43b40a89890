import type { CardChannel } from './card-channel.js';
import type { ChipContents, ChipPersonalization, EncoderProgress, VerifyResult } from './interface.js';

/** What a profile gives back: bytes written and, for ICAO LDS1, the EF.SOD it signed (for the record). */
export interface PersonalizeResult {
  bytesWritten: number;
  securityObject?: Uint8Array;
}

/**
 * How one card type lays out and protects the document's files. Transports (PC/SC, emulator)
 * hand it a connected channel; other card types (a JavaCard applet, DESFire) add a profile.
 */
export interface CardProfile {
  readonly name: string;
  /** Writes every file, reads them back and checks hashes and signature; throws EncoderError. */
  personalize(
    channel: CardChannel,
    input: ChipPersonalization,
    progress: (p: Omit<EncoderProgress, 'jobId'>) => void,
    signal?: AbortSignal,
  ): Promise<PersonalizeResult>;
  readBack(channel: CardChannel, signal?: AbortSignal): Promise<ChipContents>;
  /** True when the card holds this profile's data (re-encoding then needs `wipe`). */
  hasData(channel: CardChannel): Promise<boolean>;
  verify(contents: ChipContents, trustedCertDer?: Uint8Array): VerifyResult;
}
