/**
 * The "MRZ information" BAC derives its keys from (Doc 9303-11 §4.3.1): document number, date of
 * birth and date of expiry, each followed by its check digit, taken from a TD1 MRZ (three lines of
 * 30) or a TD3 MRZ (two lines of 44). A TD1 document number longer than nine characters
 * continues in the optional data (its position-15 check digit is then `<`), and the whole number
 * with its real check digit goes into the key.
 */
const value = (c: string): number => {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55;
  return 0;
};

export function checkDigit(s: string): string {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += value(s[i]!) * weights[i % 3]!;
  return String(sum % 10);
}

export interface MrzKeyFields {
  documentNumber: string;
  dateOfBirth: string;
  dateOfExpiry: string;
}

/** "L898902C<" + "3" + "690806" + "1" + "940623" + "6" from its fields (a longer number as is). */
export function mrzInformation(f: MrzKeyFields): string {
  const doc = f.documentNumber.toUpperCase().padEnd(9, '<');
  return `${doc}${checkDigit(doc)}${f.dateOfBirth}${checkDigit(f.dateOfBirth)}${f.dateOfExpiry}${checkDigit(f.dateOfExpiry)}`;
}

/** The key fields of a TD1 or TD3 MRZ (lines joined or not); throws RangeError on other shapes. */
export function keyFieldsFromMrz(mrz: string): MrzKeyFields {
  const s = mrz.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z0-9<]+$/.test(s)) throw new RangeError('MRZ has characters outside A–Z 0–9 <');
  if (s.length === 90) {
    let documentNumber = s.slice(5, 14);
    if (s[14] === '<') {
      // Long number: the rest is in the optional data, ended by its check digit and then <.
      const extra = /^([A-Z0-9]*?)([0-9])</.exec(s.slice(15, 30) + '<');
      if (!extra) throw new RangeError('TD1 long document number without its check digit');
      documentNumber = documentNumber.replace(/<+$/, '') + extra[1]!;
    }
    return { documentNumber, dateOfBirth: s.slice(30, 36), dateOfExpiry: s.slice(38, 44) };
  }
  if (s.length === 88) {
    return { documentNumber: s.slice(44, 53), dateOfBirth: s.slice(57, 63), dateOfExpiry: s.slice(65, 71) };
  }
  throw new RangeError(`MRZ of ${s.length} characters is neither TD1 (90) nor TD3 (88)`);
}
