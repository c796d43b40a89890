/** The vulnerability section of the operator's form (Romanian). */
export const protectionRo = {
  'protection.title': 'Vulnerabilitate (opțional)',
  'protection.hint':
    'Doar dacă persoana vă spune sau este evident. Nu se tipărește niciodată pe card; o văd doar specialiștii în protecție.',
  'protection.flag.minor': 'Minor (sub 18 ani)',
  'protection.flag.unaccompanied-minor': 'Minor neînsoțit',
  'protection.flag.separated-child': 'Copil separat de familie',
  'protection.flag.disability': 'Dizabilitate',
  'protection.flag.elderly': 'Persoană în vârstă',
  'protection.flag.pregnant': 'Femeie însărcinată',
  'protection.flag.single-parent': 'Părinte singur cu copii minori',
  'protection.flag.serious-illness': 'Boală gravă',
  'protection.flag.mental-disorder': 'Tulburare psihică',
  'protection.flag.trafficking-victim': 'Victimă a traficului de persoane',
  'protection.flag.torture-or-violence-victim':
    'Victimă a torturii, violului sau altor forme grave de violență',
  'protection.child': 'Pentru un copil',
  'protection.declaredAge': 'Vârsta declarată de copil (ani)',
  'protection.ageAssessed': 'Vârsta a fost evaluată',
  'protection.representative': 'Reprezentant legal numit',
  'protection.representative.name': 'Nume',
  'protection.representative.organisation': 'Organizație',
  'protection.notice':
    'Sediul central va primi, odată cu înregistrarea cardului, o notificare de protecție pentru acest copil.',
  'error.PROTECTION_CHILD_ONLY': 'Doar pentru un copil: bifați mai întâi una dintre căsuțele pentru copii.',
  'error.PROTECTION_FLAGS_CONFLICT': 'Un copil nu poate fi marcat și ca persoană în vârstă.',
  'error.PROTECTION_INVALID': 'Datele despre vulnerabilitate nu sunt coerente. Verificați câmpurile marcate.',
  'error.PROTECTION_PERMISSION_REQUIRED':
    'Această listă necesită permisiunea de protecție. Cereți-o unui administrator.',
  'error.PROTECTION_NOTICE_NOT_FOUND': 'Nu există o notificare de protecție pentru această înregistrare.',
} as const;
