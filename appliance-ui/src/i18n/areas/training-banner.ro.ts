/** The training banner's words (Romanian), apart so the kiosk pages load only these. */
export const trainingBannerRo = {
  'training.banner.title': 'INSTRUIRE',
  'training.banner.text': '— cardurile făcute aici nu sunt valabile.',
} as const;
