/** The training banner's words (English), apart so the kiosk pages load only these. */
export const trainingBannerEn = {
  'training.banner.title': 'TRAINING',
  'training.banner.text': '— cards made here are not valid.',
} as const;
