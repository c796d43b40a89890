export {
  processPhoto,
  processRaster,
  ICAO_RATIO,
  type PhotoOptions,
  type ProcessedPhoto,
} from './process-photo.js';
export { decodePhoto } from './raster.js';
export { defaultThresholds, type PhotoCheck, type PhotoCheckCode, type PhotoThresholds } from './checks.js';
export { encodeWithinBudget } from './jpeg-budget.js';
