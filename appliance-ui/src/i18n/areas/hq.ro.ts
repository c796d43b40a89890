/** Page strings and error texts (`error.<CODE>`) of the hq area, spread into the ro catalogue. */
export const hqRo = {
  'error.DB_URL_INVALID': 'Adresa bazei de date trebuie să fie postgres://… sau „embedded”.',
  'error.DB_UNAVAILABLE':
    'Baza de date a sediului central nu poate fi contactată. Încercați din nou peste puțin timp; dacă persistă, chemați echipa de operare.',
  'error.DB_IN_USE':
    'Baza de date încorporată este deschisă în alt proces. Opriți întâi acel serviciu al sediului central sau folosiți adresa PostgreSQL.',
  'error.MIGRATION_INVALID':
    'Fișierele de migrare ale bazei de date nu sunt valide. Chemați echipa de operare.',
  'error.MIGRATION_CHANGED':
    'O migrare a bazei de date a fost modificată după ce a fost aplicată. Chemați echipa de operare.',
  'error.MIGRATION_FAILED':
    'O migrare a bazei de date a eșuat; nimic din ea nu a fost aplicat. Chemați echipa de operare.',
  'error.PERMISSION_INVALID': 'Permisiune necunoscută. Singura existentă este protection.',
  'error.RECORD_CONFLICT':
    'O înregistrare cu acest identificator a fost primită deja cu alt conținut; nu a fost stocată.',
  'error.RECORD_UNREADABLE':
    'O înregistrare stocată nu poate fi decriptată (lipsește cheia sau datele sunt deteriorate). Chemați echipa de operare.',
  'error.RECORD_NOT_FOUND': 'Nu există nicio înregistrare pentru acest număr de document în registru.',
  'error.DOCUMENT_NOT_FOUND': 'Nu există niciun document cu acest număr în registru.',
  'error.DOCUMENT_STATUS_FINAL':
    'Acest document nu mai este valabil; starea lui nu poate fi schimbată astfel.',
  'error.REASON_REQUIRED':
    'Spuneți de ce aveți nevoie să vedeți această înregistrare (motivul rămâne în jurnalul de acces).',
  'hq.nav.home': 'Acasă',
  'hq.nav.documents': 'Starea documentelor',
  'hq.notFound': 'Această pagină nu există.',
  'hq.role.admin': 'administrator',
  'hq.role.caseworker': 'lucrător de caz',
  'hq.role.verifier': 'verificator',
  'hq.role.supervisor': 'supervizor',
  'hq.home.title': 'Sediul central',
  'hq.home.admin': 'Gestionați conturile și stațiile și puteți deschide orice pagină.',
  'hq.home.caseworker':
    'Găsiți înregistrările documentelor emise, cu motivul fiecărei consultări, și revocați documente sau le declarați pierdute.',
  'hq.home.verifier': 'Verificați după număr dacă un document este valabil; nu vedeți date personale.',
  'hq.home.supervisor': 'Urmăriți stațiile și numărul cardurilor emise.',
  'hq.documents.title': 'Starea documentelor',
  'hq.documents.number': 'Numărul documentului',
  'hq.documents.look': 'Verifică',
  'hq.documents.code': 'Tipul documentului',
  'hq.documents.issued': 'Emis la',
  'hq.documents.expires': 'Valabil până la',
  'hq.documents.station': 'Emis la (locație / stație)',
  'hq.status.valid': 'Valabil',
  'hq.status.expired': 'Expirat',
  'hq.status.revoked': 'Revocat',
  'hq.status.voided': 'Anulat',
  'hq.status.replaced': 'Înlocuit de un document mai nou',
  'hq.status.lost': 'Declarat pierdut',
} as const;
