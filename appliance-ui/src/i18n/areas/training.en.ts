/** Training mode: the banner, the drill page and its error texts (English). */
export const trainingEn = {
  'training.banner.title': 'TRAINING',
  'training.banner.text': '— cards made here are not valid.',
  'error.TRAINING_PREFIX_IN_PRODUCTION':
    'The settings give this station numbers beginning with ZZ, which are kept for training. Call a technician.',
  'error.TRAINING_ONLY': 'This works only on a station in training mode.',
  'error.TRAINING_ACTIVE': 'The station is in training mode: end training first.',
  'error.DRILL_UNKNOWN_FAULT': 'This fault is not one the emulated devices can make.',
  'error.DRILL_NO_EMULATOR':
    'Drills need the emulated printer and encoder; this station drives real devices.',
  'error.DRILL_NOT_FOUND': 'This drill is not scheduled any more (it has happened or was cancelled).',
} as const;
