/** Training mode: the banner, the drill page and its error texts (Romanian). */
export const trainingRo = {
  'training.banner.title': 'INSTRUIRE',
  'training.banner.text': '— cardurile făcute aici nu sunt valabile.',
  'error.TRAINING_PREFIX_IN_PRODUCTION':
    'Setările dau acestei stații numere care încep cu ZZ, rezervate instruirii. Chemați un tehnician.',
  'error.TRAINING_ONLY': 'Funcționează doar pe o stație în modul de instruire.',
  'error.TRAINING_ACTIVE': 'Stația este în modul de instruire: încheiați mai întâi instruirea.',
  'error.DRILL_UNKNOWN_FAULT': 'Dispozitivele emulate nu pot produce această defecțiune.',
  'error.DRILL_NO_EMULATOR':
    'Exercițiile au nevoie de imprimanta și encoderul emulate; această stație folosește dispozitive reale.',
  'error.DRILL_NOT_FOUND': 'Acest exercițiu nu mai este programat (a avut loc sau a fost anulat).',
} as const;
