/** Page strings and error texts (`error.<CODE>`) of the hand-off to HQ and enrolment, spread into the ro catalogue. */
export const handoffRo = {
  'error.RECORD_JOSE_MALFORMED': 'Înregistrarea nu este o înregistrare semnată și criptată corect.',
  'error.RECORD_KEY_UNKNOWN': 'Înregistrarea este criptată cu o cheie a sediului central necunoscută aici.',
  'error.RECORD_DECRYPT_FAILED':
    'Înregistrarea nu poate fi decriptată cu cheia de înregistrări a sediului central.',
  'error.RECORD_SIGNATURE_INVALID': 'Semnătura înregistrării nu corespunde certificatului stației.',
  'error.RECORD_SCHEMA': 'Înregistrarea nu respectă formatul înregistrării de emitere.',
  'error.RECORD_STATION_MISMATCH': 'Înregistrarea numește altă stație decât cea care a semnat-o.',
  'error.RECORD_TOO_LARGE': 'Înregistrarea depășește 1 MB.',
  'error.STATION_UNKNOWN': 'Această stație nu este înrolată la sediul central.',
  'error.STATION_SUSPENDED':
    'Această stație este suspendată la sediul central; înregistrările ei sunt refuzate.',
  'error.ENROL_TOKEN_INVALID': 'Codul de înrolare nu este valid.',
  'error.ENROL_TOKEN_EXPIRED':
    'Codul de înrolare a expirat (codurile sunt valabile 24 de ore). Cereți unul nou de la sediul central.',
  'error.ENROL_TOKEN_USED': 'Codul de înrolare a fost deja folosit. Cereți unul nou de la sediul central.',
  'error.ENROL_CSR_INVALID': 'Cererea de certificat nu este validă.',
  'error.ENROL_HQ_MISMATCH':
    'Cheia serverului nu corespunde codului: nu este sediul central care l-a emis. Nu s-a salvat nimic.',
  'error.ENROL_HQ_UNREACHABLE': 'Sediul central nu poate fi contactat pentru înrolare.',
  'error.ENROL_EXISTS': 'Această stație este deja înrolată.',
  'error.STATION_EXISTS': 'Există deja o stație cu acest sediu și acest identificator.',
  'error.STATION_NOT_FOUND': 'Această stație nu există la sediul central.',
  'error.NOT_ENROLLED': 'Stația nu este înrolată la sediul central: înregistrările așteaptă până când va fi.',
  'error.HQ_KEYS_MISMATCH':
    'Baza de date și depozitul de chei ale sediului central aparțin unor instalări diferite. Chemați un administrator.',
  'error.ENROLMENT_FILE_INVALID': 'Fișierul de înrolare al stației nu poate fi citit. Chemați un tehnician.',
  'error.HANDOFF_REFUSED':
    'Sediul central a refuzat o înregistrare; ea rămâne în coadă. Chemați un tehnician.',
  'error.HANDOFF_UNREACHABLE':
    'Sediul central nu poate fi contactat; înregistrările așteaptă în coadă și vor fi trimise mai târziu.',
  'error.HANDOFF_OUTBOX_CORRUPT':
    'Coada înregistrărilor pentru sediul central nu poate fi citită. Chemați un tehnician.',
  'error.HANDOFF_RECORD_NOT_BUILT':
    'Înregistrarea unui card pentru sediul central nu a putut fi făcută încă (depozitul de chei sau discul). Se reîncearcă singură; dacă problema rămâne, chemați un tehnician.',
  'diag.part.handoff': 'Transmiterea către sediul central',
  'diag.reason.handoff.down':
    'nu rulează: stația nu este înrolată la sediul central (un tehnician rulează cardgate enrol).',
} as const;
