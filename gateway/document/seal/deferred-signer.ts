import { CardgateError, isCardgateError } from '../../core/errors.js';
import type { DocumentSigner } from './signer.js';

/**
 * The document signer of a station whose token was away at its very first start (nothing on
 * disk yet to describe the signer): every use tries to load it again, and until that works the
 * answer is the store's KEY_STORE_UNAVAILABLE, so the station runs and recovers by itself.
 */
export class DeferredSigner implements DocumentSigner {
  #inner: DocumentSigner | null = null;
  #lastError: unknown;
  constructor(
    readonly load: () => Promise<DocumentSigner>,
    firstError: unknown,
  ) {
    this.#lastError = firstError;
  }

  /** Loads the real signer if it is not loaded yet; throws the store's error while it cannot. */
  async ready(): Promise<DocumentSigner> {
    if (this.#inner) return this.#inner;
    try {
      this.#inner = await this.load();
      return this.#inner;
    } catch (e) {
      this.#lastError = e;
      throw e;
    }
  }

  #get(): DocumentSigner {
    if (this.#inner) return this.#inner;
    const e = this.#lastError;
    throw isCardgateError(e)
      ? e
      : new CardgateError('KEY_STORE_UNAVAILABLE', 'the document signer is not loaded yet', { cause: e });
  }

  get signerId(): string {
    return this.#get().signerId;
  }
  get certReference(): string {
    return this.#get().certReference;
  }
  get certificateDer(): Uint8Array {
    return this.#get().certificateDer;
  }
  get certificatePem(): string {
    return this.#get().certificatePem;
  }
  get caCertificatePem(): string | null {
    return this.#get().caCertificatePem;
  }
  get generated(): boolean {
    return this.#inner?.generated ?? false;
  }
  async sign(data: Uint8Array): Promise<Uint8Array> {
    return (await this.ready()).sign(data);
  }
}
