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
} as const;
