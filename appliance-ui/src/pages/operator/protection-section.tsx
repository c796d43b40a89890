import { t, type MessageKey } from '../../i18n/index.js';
import {
  CHILD_FLAGS,
  VULNERABILITY_FLAGS,
  needsProtectionNotice,
  protectionProblems,
  type ProtectionDetails,
  type VulnerabilityFlag,
} from '../../../../gateway/protection/protection-details.js';

interface Props {
  value: ProtectionDetails;
  onChange: (p: ProtectionDetails) => void;
  disabled?: boolean;
}

/** The same rules the station applies, as field → message, so the form shows them as one types. */
/**
 * A child under six, as the operator recorded it: the gateway's photo checks relax for them (ICAO
 * allows an infant's open mouth, closed eyes or a face not straight ahead).
 */
export const isYoungChild = (p: ProtectionDetails): boolean =>
  p.declaredAge !== undefined && p.declaredAge < 6 && p.flags.some((f) => CHILD_FLAGS.includes(f));

export function protectionErrors(p: ProtectionDetails): Record<string, MessageKey> {
  const out: Record<string, MessageKey> = {};
  for (const e of protectionProblems(p)) out[e.field] = `error.${e.code}` as MessageKey;
  return out;
}

/**
 * The optional vulnerability section: a fieldset of checkboxes (keyboard: Tab and Space), the
 * child's age and representative only once a child box is ticked. Collapsed by default, so it
 * adds no step to an ordinary registration.
 */
export function ProtectionSection(p: Props) {
  const v = p.value;
  const child = v.flags.some((f) => CHILD_FLAGS.includes(f));
  const errors = protectionErrors(v);
  const toggle = (flag: VulnerabilityFlag, on: boolean) => {
    const flags = on ? [...v.flags, flag] : v.flags.filter((f) => f !== flag);
    const next: ProtectionDetails = { ...v, flags };
    if (!flags.some((f) => CHILD_FLAGS.includes(f))) {
      delete next.declaredAge;
      delete next.ageAssessed;
      delete next.legalRepresentative;
    }
    p.onChange(next);
  };
  const rep = v.legalRepresentative ?? { name: '', organisation: '' };
  const setRep = (k: 'name' | 'organisation', text: string) => {
    const r = { ...rep, [k]: text };
    const next: ProtectionDetails = { ...v };
    if (r.name.trim() || r.organisation.trim()) next.legalRepresentative = r;
    else delete next.legalRepresentative;
    p.onChange(next);
  };
  return (
    <details class="protection" data-testid="protection" open={v.flags.length > 0}>
      <summary>{t('protection.title')}</summary>
      <p class="hint">{t('protection.hint')}</p>
      <fieldset disabled={p.disabled}>
        <legend class="sr-only">{t('protection.title')}</legend>
        {VULNERABILITY_FLAGS.map((flag) => (
          <label key={flag} class="check">
            <input
              type="checkbox"
              name={`protection-${flag}`}
              checked={v.flags.includes(flag)}
              onChange={(e) => toggle(flag, (e.target as HTMLInputElement).checked)}
            />
            {t(`protection.flag.${flag}` as MessageKey)}
          </label>
        ))}
        {errors['protection.flags'] && (
          <p class="hint bad" role="alert">
            {t(errors['protection.flags'])}
          </p>
        )}
      </fieldset>
      {child && (
        <fieldset disabled={p.disabled} data-testid="protection-child">
          <legend>{t('protection.child')}</legend>
          <div class="field">
            <label for="f-declaredAge">{t('protection.declaredAge')}</label>
            <input
              id="f-declaredAge"
              type="number"
              inputMode="numeric"
              min={0}
              max={17}
              value={v.declaredAge ?? ''}
              onInput={(e) => {
                const raw = (e.target as HTMLInputElement).value;
                const next: ProtectionDetails = { ...v };
                if (raw === '') delete next.declaredAge;
                else next.declaredAge = Math.max(0, Math.min(17, Math.trunc(Number(raw))));
                p.onChange(next);
              }}
            />
          </div>
          <label class="check">
            <input
              type="checkbox"
              name="protection-ageAssessed"
              checked={v.ageAssessed ?? false}
              onChange={(e) => p.onChange({ ...v, ageAssessed: (e.target as HTMLInputElement).checked })}
            />
            {t('protection.ageAssessed')}
          </label>
          <fieldset>
            <legend>{t('protection.representative')}</legend>
            <div class="field">
              <label for="f-repName">{t('protection.representative.name')}</label>
              <input
                id="f-repName"
                autocomplete="off"
                value={rep.name}
                onInput={(e) => setRep('name', (e.target as HTMLInputElement).value)}
              />
            </div>
            <div class="field">
              <label for="f-repOrg">{t('protection.representative.organisation')}</label>
              <input
                id="f-repOrg"
                autocomplete="off"
                value={rep.organisation}
                onInput={(e) => setRep('organisation', (e.target as HTMLInputElement).value)}
              />
            </div>
          </fieldset>
          {needsProtectionNotice(v) && (
            <p class="notice" role="note">
              {t('protection.notice')}
            </p>
          )}
        </fieldset>
      )}
    </details>
  );
}
