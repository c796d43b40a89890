/**
 * The document module's public face for the station: signer, card production, font status,
 * MRZ and seal helpers. (The operator page imports `./mrz/index.js` directly: no Node there.)
 */
export { composeTd1, parseMrzInput, transliterateName, type MrzInput } from './mrz/index.js';
export { PersonRecord, PERSONAL_FIELDS } from './person.js';
export {
  fontStatus,
  loadTemplate,
  produceCard,
  producePrintableCard,
  renderCard,
  type CardSigner,
  type FontStatus,
  type ProducedCard,
  type ProduceOptions,
} from './render/index.js';
export {
  describeSeal,
  loadDocumentSigner,
  readDataMatrix,
  verifySeal,
  type DocumentSigner,
  type LoadSignerOptions,
} from './seal/index.js';
