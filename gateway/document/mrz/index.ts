/**
 * TD1 machine-readable zone. Pure and free of Node built-ins: the operator page imports it for
 * the live MRZ preview.
 */
export { checkDigit, mrzCharValue } from './check-digit.js';
export { mrzDate } from './dates.js';
export { MrzInput } from './input.js';
export { composeNameField, nameFits } from './name-field.js';
export { composeTd1, mrzNameField, TD1_LINE } from './td1.js';
export { isTransliterable, transliterateName } from './transliterate.js';
export { parseMrzInput } from './validate.js';
