export { DEFAULT_DG2_BUDGET, faceJpegWithinBudget } from './dg2.js';
export { fontStatus, registerTemplateFonts, type FontStatus } from './fonts.js';
export { composePanels } from './panels.js';
export {
  previewPng,
  produceCard,
  producePrintableCard,
  renderCard,
  type CardSigner,
  type ProduceOptions,
  type ProducedCard,
  type RenderedCard,
  type RenderOptions,
} from './produce.js';
export { DEFAULT_TEMPLATE_PATH, loadTemplate, parseTemplate, type LoadedTemplate } from './template.js';
export { Template } from './template-schema.js';
export { panelPngs } from './panel-png.js';
