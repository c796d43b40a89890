import { describe, expect, it } from 'vitest';
import { assertPrintable } from '../../gateway/components/print-guard.js';
import { CardgateError } from '../../gateway/core/errors.js';

describe('printing without OCR-B', () => {
  const missing = { printReady: false, reason: "OCR-B font file not found (the template's MRZ font)" };
  const present = { printReady: true, reason: null };

  it('refuses a real printer and says why', () => {
    let error: unknown;
    try {
      assertPrintable(missing, true);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CardgateError);
    expect((error as CardgateError).code).toBe('MRZ_FONT_MISSING');
    expect((error as CardgateError).message).toMatch(
      /OCR-B font file not found.*restore the template's OCR-B font file/,
    );
  });

  it('lets the emulated printer and a station with the font print', () => {
    expect(() => assertPrintable(missing, false)).not.toThrow();
    expect(() => assertPrintable(present, true)).not.toThrow();
  });
});
