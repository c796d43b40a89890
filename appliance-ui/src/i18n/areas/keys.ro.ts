/** Page strings and error texts (`error.<CODE>`) of the key store, spread into the ro catalogue. */
export const keysRo = {
  'error.KEY_LABEL_INVALID': 'Un nume de cheie din setări nu este valid. Chemați un tehnician.',
  'error.KEY_FILE_INSECURE':
    'Un fișier de chei poate fi citit de alți utilizatori. Un tehnician trebuie să-i corecteze permisiunile.',
  'error.KEY_NOT_FOUND': 'Lipsește o cheie de care stația are nevoie. Chemați un tehnician.',
  'error.KEY_EXISTS': 'Există deja o cheie cu acest nume.',
  'error.KEY_UNWRAP_FAILED':
    'Datele protejate nu pot fi deschise cu cheile acestei stații. Chemați un tehnician.',
  'error.KEY_STORE_UNAVAILABLE':
    'Tokenul de semnare nu este disponibil. Chemați un tehnician să verifice tokenul.',
  'error.KEY_STORE_TOKEN_REQUIRED':
    'Tokenul de semnare nu este disponibil: această stație trebuie să semneze cu un token și niciunul nu este configurat. Chemați un tehnician.',
  'error.DATA_KEYS_FOREIGN':
    'Datele protejate din această stație aparțin tokenului altei stații. Chemați un tehnician.',
  'error.DATA_KEYS_CORRUPT':
    'Lista cheilor de date protejate a stației este deteriorată. Chemați un tehnician.',
  'error.PKI_NAME_INVALID': 'Un nume de certificat nu este valid (țara trebuie să fie două majuscule).',
  'error.PKI_CSR_INVALID': 'Cererea de certificat nu este validă pentru un semnatar de documente.',
  'error.PKI_CSCA_KEY_MISMATCH':
    'Certificatul autorității naționale de semnare nu aparține cheii din acest token.',
  'error.PKI_VALIDITY_INVALID': 'Certificatul ar fi valabil mai mult decât certificatul care îl emite.',
  'error.PKI_SIGNER_UNKNOWN':
    'Documentul a fost semnat de un semnatar pe care nicio autoritate de încredere nu l-a emis.',
  'error.PKI_SIGNER_REVOKED': 'Certificatul semnatarului documentului a fost revocat.',
  'error.PKI_SIGNER_EXPIRED': 'Certificatul semnatarului nu era valabil când a fost semnat documentul.',
  'error.PKI_CRL_INVALID':
    'Lista de revocare nu este semnată de autoritatea națională de semnare sau este expirată.',
  'error.PKI_CSCA_MISSING':
    'Nu există încă o autoritate națională de semnare aici: creați-o întâi (cardgate pki csca init).',
  'error.PKI_BOOKS_CORRUPT':
    'Lista certificatelor emise de autoritatea națională de semnare este deteriorată.',
  'error.PKI_DS_MISMATCH': 'Acest certificat de semnatar nu corespunde cheii din tokenul acestei stații.',
  'event.KEY_STORE_UNAVAILABLE': 'Tokenul de semnare nu este disponibil: emiterea este blocată până revine.',
  'event.KEY_STORE_TOKEN_REQUIRED':
    'Niciun token de semnare configurat: această stație trebuie să semneze cu un token.',
  'event.KEY_STORE_AVAILABLE': 'Tokenul de semnare este din nou disponibil.',
  'diag.part.key-store': 'Depozitul de chei',
  'diag.reason.key-store.degraded':
    'fișiere de chei de dezvoltare lângă date, nu într-un token de semnare. Configurați un token pentru producție (vedeți docs/keys.md).',
  'diag.reason.key-store.down':
    'tokenul de semnare nu este disponibil. Verificați că este conectat și că fișierul cu PIN-ul este corect (vedeți docs/keys.md); emiterea reîncepe singură când răspunde.',
} as const;
