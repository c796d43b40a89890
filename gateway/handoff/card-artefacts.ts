import type { CardArtefacts } from '../issuance/card-artefacts.js';

export type { CardArtefacts };

/** The stored artefacts, each field filled from the tap where the store has none. */
export function mergeArtefacts(stored: CardArtefacts, tapped: CardArtefacts | undefined): CardArtefacts {
  return {
    mrz: stored.mrz ?? tapped?.mrz ?? null,
    seal: stored.seal ?? tapped?.seal ?? null,
    chipSecurityObject: stored.chipSecurityObject ?? tapped?.chipSecurityObject ?? null,
  };
}

/**
 * Artefacts of recently produced cards by document number, in memory, until the job's record is
 * built (seconds later). Bounded: a station prints one card at a time. The issuance run also
 * stores them with the job once the chip is encoded (gateway/issuance/card-artefacts.ts), which
 * is what survives a restart; the tap covers a card produced but not yet stored.
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
