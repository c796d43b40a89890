/** What only the moment of production knows about a card: the MRZ and seal exactly as printed. */
export interface CardArtefacts {
  mrz: string[] | null;
  seal: Uint8Array | null;
  /** EF.SOD of the chip, when the encoder profile gives it back. */
  chipSecurityObject: Uint8Array | null;
}

/**
 * Artefacts of recently produced cards by document number, in memory, until the job's record is
 * built (seconds later). Bounded: a station prints one card at a time. After a restart between
 * production and the job's final state, the record carries the MRZ recomposed from the stored
 * person (deterministic) and no seal bytes (the seal's ECDSA signature cannot be remade equal).
 */
export class CardArtefactTap {
  readonly #byNumber = new Map<string, CardArtefacts>();
  constructor(private readonly max = 64) {}

  produced(documentNumber: string | undefined, a: Partial<CardArtefacts>): void {
    if (!documentNumber) return;
    this.#byNumber.delete(documentNumber);
    this.#byNumber.set(documentNumber, {
      mrz: a.mrz ?? null,
      seal: a.seal ?? null,
      chipSecurityObject: a.chipSecurityObject ?? null,
    });
    while (this.#byNumber.size > this.max) this.#byNumber.delete(this.#byNumber.keys().next().value!);
  }

  get(documentNumber: string): CardArtefacts | undefined {
    return this.#byNumber.get(documentNumber);
  }
}
