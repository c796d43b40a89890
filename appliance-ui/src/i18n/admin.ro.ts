import type { adminEn } from './admin.en.js';

/** Cuvintele paginii de administrare (aceleași chei ca admin.en.ts). */
export const adminRo: Record<keyof typeof adminEn, string> = {
  'admin.title': 'Administrare',
  'admin.users': 'Utilizatori și roluri',
  'admin.name': 'Nume',
  'admin.role': 'Rol',
  'admin.mustChange': 'Trebuie să schimbe parola',
  'admin.add': 'Adaugă un utilizator',
  'admin.addButton': 'Adaugă utilizatorul',
  'admin.nameRule': 'Începe cu o literă mică; apoi litere, cifre, . _ - (2–32 în total).',
  'admin.initialPassword': 'Parola inițială',
  'admin.added': 'Utilizatorul {name} a fost adăugat. La prima autentificare trebuie să schimbe parola.',
  'admin.removed': 'Utilizatorul {name} a fost șters.',
  'admin.confirmRemove': 'Ștergeți utilizatorul {name}?',
  'admin.remove': 'Șterge',
  'admin.token': 'Token API nou',
  'admin.tokenOnce': 'Token API pentru {name} (afișat o singură dată, copiați-l acum):',
  'admin.station': 'Stația',
  'admin.lock': 'Blochează emiterea',
  'admin.unlock': 'Permite din nou emiterea',
  'admin.lockReason': 'Motivul blocării (afișat operatorilor)',
  'admin.locked': 'Emiterea este blocată.',
  'admin.unlocked': 'Emiterea este din nou permisă.',
  'admin.settingsNote':
    'Celelalte setări sunt în fișierul de configurare al stației (cardgate config); nu se modifică din această pagină.',

  'admin.reset': 'Resetează parola',
  'admin.resetTitle': 'Parolă inițială nouă pentru {name}',
  'admin.resetPassword': 'Parola inițială',
  'admin.resetHint': 'La următoarea autentificare trebuie să își aleagă una proprie.',
  'admin.resetButton': 'Resetează parola',
  'admin.resetDone':
    'Parola utilizatorului {name} a fost resetată. La următoarea autentificare trebuie să aleagă una nouă.',
};
