import { t } from '../../i18n/index.js';
import { label } from '../../i18n/words.js';

/**
 * The renderer's warnings in the operator's words. They arrive as English sentences naming
 * fields ("preview placeholders: documentCode, …", "surname shrunk to fit its box").
 */
export function previewWarning(w: string): string {
  const placeholders = /^preview placeholders: (.*)$/.exec(w);
  if (placeholders)
    return t('preview.placeholders', {
      fields: placeholders[1]!
        .split(/,\s*/)
        .map((f) => label('field', f))
        .join(', '),
    });
  const shrunk = /^(\S+) shrunk to fit its box$/.exec(w);
  if (shrunk) return t('preview.shrunk', { field: label('field', shrunk[1]!) });
  if (/name truncated in the MRZ/.test(w)) return t('preview.nameTruncated');
  if (/font|OCR/i.test(w)) return t('preview.font');
  return t('preview.otherWarning');
}
