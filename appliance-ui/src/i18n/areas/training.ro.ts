import { trainingBannerRo } from './training-banner.ro.js';

/** Training mode: the banner, the drill page and its error texts (Romanian). */
export const trainingRo = {
  ...trainingBannerRo,
  'error.TRAINING_PREFIX_IN_PRODUCTION':
    'Setările dau acestei stații numere care încep cu ZZ, rezervate instruirii. Chemați un tehnician.',
  'error.TRAINING_ONLY': 'Funcționează doar pe o stație în modul de instruire.',
  'error.TRAINING_ACTIVE': 'Stația este în modul de instruire: încheiați mai întâi instruirea.',
  'error.DRILL_UNKNOWN_FAULT': 'Dispozitivele emulate nu pot produce această defecțiune.',
  'error.DRILL_NO_EMULATOR':
    'Exercițiile au nevoie de imprimanta și encoderul emulate; această stație folosește dispozitive reale.',
  'error.DRILL_NOT_FOUND': 'Acest exercițiu nu mai este programat (a avut loc sau a fost anulat).',
  'nav.drills': 'Exerciții',
  'drills.title': 'Exerciții de instruire',
  'drills.intro':
    'Alegeți o defecțiune a imprimantei sau a encoderului emulate și cardul la care apare. Cursanții o întâlnesc în timp ce emit, ca pe una reală.',
  'drills.schedule': 'Programați un exercițiu',
  'drills.fault': 'Defecțiune',
  'drills.card': 'La cardul numărul',
  'drills.cardHelp': '1 este următorul card pornit, 3 al treilea de acum (de la 1 la 100).',
  'drills.add': 'Programează',
  'drills.scheduled': 'Programat: {fault} la cardul {card}.',
  'drills.waiting': 'În așteptare',
  'drills.none': 'Niciun exercițiu nu așteaptă.',
  'drills.at': '{fault}, la cardul {card}',
  'drills.cancel': 'Anulează',
  'drills.trainees': 'Cursanții și defecțiunile întâlnite',
  'drills.noneYet': 'Niciun exercițiu nu a avut loc încă.',
  'drills.col.card': 'Card',
  'drills.col.fault': 'Defecțiune',
  'drills.col.met': 'Ce a văzut cursantul',
  'drills.col.cleared': 'Rezolvată',
  'drills.met': 'o casetă de defecțiune ({code})',
  'drills.notYet': 'încă nu',
  'drills.yes': 'da',
  'drills.no': 'încă nu',
  'drills.fault.ribbon-ends': 'Ribonul se termină în timpul imprimării feței',
  'drills.fault.cover-opens-on-back': 'Capacul se deschide în timpul imprimării versoului',
  'drills.fault.card-jams': 'Cardul se blochează în imprimantă',
  'drills.fault.feeder-empty': 'Alimentatorul de carduri este gol',
  'drills.fault.card-pulled-from-encoder': 'Cardul este scos din encoder',
} as const;
