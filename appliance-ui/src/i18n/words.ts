import { hasCode, t, tCode, type MessageKey } from './index.js';

/**
 * The user's words for what the API names with identifiers: field names, codes, reasons.
 * Known names come from the catalogue; an unknown one (a field another area added later) is at
 * least spelt as words, never shown as `camelCase` or `snake_case`.
 */
export function humanize(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .toLowerCase()
    .trim();
}

/** A field's label from the catalogue (`<prefix>.<name>`), else the name as words. */
export function label(prefix: string, name: string): string {
  return hasCode(prefix, name) ? tCode(prefix, name) : humanize(name);
}

/** A code as text the user can act on, followed by the code itself for technicians. */
export function withCode(text: string, code: string | null | undefined): string {
  return code && code !== text ? `${text} (${code})` : text;
}

/** What a printer or device fault code means, in the page's language. */
export function faultText(code: string): string {
  const bare = code.replace(/^PRINTER_/, '');
  if (hasCode('fault', bare)) return tCode('fault', bare);
  if (hasCode('error', code)) return tCode('error', code);
  return t('fault.unknown');
}

/** A station event or audit action (`PRINTER_COVER_OPEN`, `DOOR_OPEN_CLEARED`, `issuance.void`). */
export function eventText(code: string): string {
  if (hasCode('event', code)) return tCode('event', code);
  const cleared = /^(.*)_CLEARED$/.exec(code);
  if (cleared) return t('event.cleared', { what: eventText(cleared[1]!) });
  if (/^PRINTER_/.test(code)) return faultText(code);
  if (/^CAMERA_/.test(code)) return t('event.cameraDown');
  if (/^ENCODER_|^NO_READER|^PCSC/.test(code)) return t('event.encoderDown');
  if (hasCode('fault', code)) return tCode('fault', code);
  return t('event.other');
}

/**
 * Why a blank was spoiled, as the stock ledger records it: `print:RIBBON_ENDED`,
 * `encode:NO_CARD`, with `-unverified` when nobody saw the card reach the reject box.
 */
export function spoilReason(reason: string): string {
  const m = /^([a-z]+):([A-Z0-9_]+?)(-unverified)?$/.exec(reason);
  if (!m) return hasCode('spoil', reason) ? tCode('spoil', reason) : humanize(reason);
  const [, stage, code, unverified] = m;
  const where = hasCode('spoil', stage!) ? tCode('spoil', stage!) : humanize(stage!);
  const text = `${where}: ${faultText(code!)}`;
  return withCode(unverified ? `${text}, ${t('spoil.unverified')}` : text, code);
}

/** A value as words: yes/no, lists, nested objects with labelled keys. */
export function showValue(v: unknown, prefix = 'field'): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (Array.isArray(v)) return v.map((x) => showValue(x, prefix)).join(', ') || '—';
  if (typeof v === 'object')
    return (
      Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => `${label(prefix, k)}: ${showValue(x, prefix)}`)
        .join(' · ') || '—'
    );
  if (typeof v === 'string' && /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(v)) return withCode(faultText(v), v);
  return String(v);
}

export type { MessageKey };
