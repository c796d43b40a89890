/**
 * A connected card, as the card profiles see it: one APDU in, one response out. The PC/SC driver
 * and the emulator both provide it, so a profile never knows which transport carries it.
 */
export interface ApduResponse {
  data: Uint8Array;
  sw: number;
}

export interface CardChannel {
  /** Sends one command APDU; rejects with EncoderError (CARD_REMOVED, TIMEOUT, …). */
  transmit(apdu: Uint8Array): Promise<ApduResponse>;
  /** The card accepts extended-length APDUs (from its ATR or the emulator's settings). */
  readonly extendedLength: boolean;
  /** Counts for benchmarks and the personalize result. */
  readonly stats: { apdus: number; bytesSent: number; bytesReceived: number };
}
