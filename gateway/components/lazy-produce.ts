import type {
  produceCard as ProduceCardFn,
  producePrintableCard as ProducePrintableCardFn,
} from '../document/render/produce.js';

/**
 * The card renderer loads the canvas library and its fonts (tens of MB): load it at the first
 * preview or issuance, not at start, so an idle station stays small and starts fast.
 */
export const produceCardLazily: typeof ProduceCardFn = async (input, opts) => {
  const { produceCard } = await import('../document/render/produce.js');
  return produceCard(input, opts);
};

/** The same, without the PNG previews: what the issuance workflow prints and encodes. */
export const producePrintableCardLazily: typeof ProducePrintableCardFn = async (input, opts) => {
  const { producePrintableCard } = await import('../document/render/produce.js');
  return producePrintableCard(input, opts);
};
