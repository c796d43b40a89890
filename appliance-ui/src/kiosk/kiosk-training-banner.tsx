import { trainingBannerEn } from '../i18n/areas/training-banner.en.js';
import { trainingBannerRo } from '../i18n/areas/training-banner.ro.js';

/**
 * The kiosk pages (applicant screen, information point, waiting room) on a training station: the
 * same banner as the staff pages, in Romanian and English (the kiosk's visitor language may be any
 * of sixteen; these two words are what the office's staff and trainees read).
 */
export function KioskTrainingBanner() {
  if (document.documentElement.dataset.mode !== 'training') return null;
  return (
    <div class="training-banner" role="status" data-testid="training-banner">
      <span lang="ro">
        <strong>{trainingBannerRo['training.banner.title']}</strong>{' '}
        {trainingBannerRo['training.banner.text']}
      </span>{' '}
      ·{' '}
      <span lang="en">
        <strong>{trainingBannerEn['training.banner.title']}</strong>{' '}
        {trainingBannerEn['training.banner.text']}
      </span>
    </div>
  );
}
