import { trainingBannerEn } from './training-banner.en.js';

/** Training mode: the banner, the drill page and its error texts (English). */
export const trainingEn = {
  ...trainingBannerEn,
  'error.TRAINING_PREFIX_IN_PRODUCTION':
    'The settings give this station numbers beginning with ZZ, which are kept for training. Call a technician.',
  'error.TRAINING_ONLY': 'This works only on a station in training mode.',
  'error.TRAINING_ACTIVE': 'The station is in training mode: end training first.',
  'error.DRILL_UNKNOWN_FAULT': 'This fault is not one the emulated devices can make.',
  'error.DRILL_NO_EMULATOR':
    'Drills need the emulated printer and encoder; this station drives real devices.',
  'error.DRILL_NOT_FOUND': 'This drill is not scheduled any more (it has happened or was cancelled).',
  'nav.drills': 'Drills',
  'drills.title': 'Training drills',
  'drills.intro':
    'Choose a fault of the emulated printer or encoder and the card it happens on. Trainees meet it while issuing, as they would a real one.',
  'drills.schedule': 'Schedule a drill',
  'drills.fault': 'Fault',
  'drills.card': 'On card number',
  'drills.cardHelp': '1 is the next card started, 3 the third from now (1 to 100).',
  'drills.add': 'Schedule',
  'drills.scheduled': 'Scheduled: {fault} on card {card}.',
  'drills.waiting': 'Waiting to happen',
  'drills.none': 'No drill is waiting.',
  'drills.at': '{fault}, on card {card}',
  'drills.cancel': 'Cancel',
  'drills.trainees': 'Trainees and the faults they met',
  'drills.noneYet': 'No drill has happened yet.',
  'drills.col.card': 'Card',
  'drills.col.fault': 'Fault',
  'drills.col.met': 'What the trainee saw',
  'drills.col.cleared': 'Cleared',
  'drills.met': 'a fault box ({code})',
  'drills.notYet': 'not yet',
  'drills.yes': 'yes',
  'drills.no': 'not yet',
  'drills.fault.ribbon-ends': 'The ribbon ends while the front prints',
  'drills.fault.cover-opens-on-back': 'The cover opens while the back prints',
  'drills.fault.card-jams': 'The card jams in the printer',
  'drills.fault.feeder-empty': 'The card feeder is empty',
  'drills.fault.card-pulled-from-encoder': 'The card is pulled out of the encoder',
} as const;
