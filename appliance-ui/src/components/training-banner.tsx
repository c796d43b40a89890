import { t } from '../i18n/index.js';

/**
 * On a station in training mode (the gateway writes `<html data-mode="training">`) every page
 * says so, above everything else, so nobody mistakes a training card for a document.
 */
export function TrainingBanner() {
  if (document.documentElement.dataset.mode !== 'training') return null;
  return (
    <div class="training-banner" role="status" data-testid="training-banner">
      <strong>{t('training.banner.title')}</strong> {t('training.banner.text')}
    </div>
  );
}
