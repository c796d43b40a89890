import type { JSX } from 'preact';
import { t, type MessageKey } from '../../i18n/index.js';
import { datePart, type FieldErrors, type PersonForm } from './validation.js';

const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];
const DAYS = Array.from({ length: 31 }, (_, i) => String(i + 1).padStart(2, '0'));
/** Codes most often seen at the centre, offered as suggestions; any ISO alpha-3 code is accepted. */
const NATIONALITIES = [
  'UKR',
  'SYR',
  'AFG',
  'IRQ',
  'MDA',
  'TUR',
  'BGD',
  'PAK',
  'IND',
  'NPL',
  'LKA',
  'VNM',
  'ERI',
  'SOM',
  'XXA',
  'XXB',
  'XXC',
  'XXX',
];

interface Props {
  value: PersonForm;
  errors: FieldErrors;
  touched: Set<string>;
  onChange: (f: PersonForm) => void;
  onTouch: (field: string) => void;
  disabled?: boolean;
}

export function PersonFormFields(p: Props) {
  const set = <K extends keyof PersonForm>(k: K, v: PersonForm[K]) => p.onChange({ ...p.value, [k]: v });
  const err = (field: string): MessageKey | undefined => (p.touched.has(field) ? p.errors[field] : undefined);
  const input = (
    k: keyof PersonForm,
    field: string,
    label: MessageKey,
    extra: JSX.InputHTMLAttributes<HTMLInputElement> = {},
    req = false,
  ) => {
    const e = err(field);
    const id = `f-${k}`;
    return (
      <div class="field">
        <label for={id}>
          {t(label)}
          {req && <span aria-hidden="true"> *</span>}
        </label>
        <input
          id={id}
          name={k}
          value={p.value[k] as string}
          required={req}
          aria-required={req}
          aria-invalid={e ? true : undefined}
          aria-describedby={e ? `${id}-err` : undefined}
          disabled={p.disabled}
          onInput={(ev) => {
            set(k, (ev.target as HTMLInputElement).value as never);
            p.onTouch(field);
          }}
          onBlur={() => p.onTouch(field)}
          {...extra}
        />
        {e && (
          <span id={`${id}-err`} class="hint bad">
            {t(e)}
          </span>
        )}
      </div>
    );
  };
  const dateErr = err('dateOfBirth');
  const sexErr = err('sex');

  return (
    <fieldset class="person" disabled={p.disabled}>
      <legend>{t('form.person')}</legend>
      <div class="grid2">
        {input('surname', 'surname', 'form.surname', { autocomplete: 'off' }, true)}
        {input('givenNames', 'givenNames', 'form.givenNames', { autocomplete: 'off' })}
        {input('latinSurname', 'latinSurname', 'form.latinSurname', { autocomplete: 'off', lang: 'en' })}
        {input('latinGivenNames', 'latinGivenNames', 'form.latinGivenNames', {
          autocomplete: 'off',
          lang: 'en',
        })}
      </div>
      <div class="grid3">
        <div class="field">
          <label for="f-sex">
            {t('form.sex')}
            <span aria-hidden="true"> *</span>
          </label>
          <select
            id="f-sex"
            name="sex"
            required
            aria-invalid={sexErr ? true : undefined}
            aria-describedby={sexErr ? 'f-sex-err' : undefined}
            value={p.value.sex}
            onChange={(e) => {
              set('sex', (e.target as HTMLSelectElement).value as PersonForm['sex']);
              p.onTouch('sex');
            }}
            onBlur={() => p.onTouch('sex')}
          >
            <option value="">{t('form.choose')}</option>
            <option value="F">{t('form.sexF')}</option>
            <option value="M">{t('form.sexM')}</option>
            <option value="X">{t('form.sexX')}</option>
          </select>
          {sexErr && (
            <span id="f-sex-err" class="hint bad">
              {t(sexErr)}
            </span>
          )}
        </div>
        {input(
          'nationality',
          'nationality',
          'form.nationality',
          {
            list: 'nationalities',
            maxLength: 3,
            autocomplete: 'off',
            class: 'upper',
          },
          true,
        )}
        <datalist id="nationalities">
          {NATIONALITIES.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        {input('personalCode', 'personalCode', 'form.personalCode', {
          inputMode: 'numeric',
          autocomplete: 'off',
        })}
      </div>
      <span id="f-nat-hint" class="hint">
        {t('form.nationalityHint')}
      </span>
      <fieldset class="date" aria-describedby="f-dob-hint">
        <legend>
          {t('form.dateOfBirth')}
          <span aria-hidden="true"> *</span>
        </legend>
        <div class="grid3">
          <div class="field">
            <label for="f-birthYear">{t('form.year')}</label>
            <input
              id="f-birthYear"
              name="birthYear"
              maxLength={4}
              autocomplete="off"
              required
              aria-invalid={datePart(dateErr) === 'year' ? true : undefined}
              aria-describedby={datePart(dateErr) === 'year' ? 'f-dob-err' : 'f-dob-hint'}
              value={p.value.birthYear}
              onInput={(e) => {
                set('birthYear', (e.target as HTMLInputElement).value.toUpperCase());
                p.onTouch('dateOfBirth');
              }}
            />
          </div>
          <div class="field">
            <label for="f-birthMonth">{t('form.month')}</label>
            <select
              id="f-birthMonth"
              name="birthMonth"
              value={p.value.birthMonth}
              onChange={(e) => {
                set('birthMonth', (e.target as HTMLSelectElement).value);
                p.onTouch('dateOfBirth');
              }}
            >
              <option value="XX">{t('form.unknown')}</option>
              {MONTHS.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-birthDay">{t('form.day')}</label>
            <select
              id="f-birthDay"
              name="birthDay"
              aria-invalid={datePart(dateErr) === 'day' ? true : undefined}
              aria-describedby={datePart(dateErr) === 'day' ? 'f-dob-err' : undefined}
              value={p.value.birthDay}
              onChange={(e) => {
                set('birthDay', (e.target as HTMLSelectElement).value);
                p.onTouch('dateOfBirth');
              }}
            >
              <option value="XX">{t('form.unknown')}</option>
              {DAYS.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </div>
        </div>
        <span id="f-dob-hint" class="hint">
          {t('form.dateHint')}
        </span>
        {dateErr && (
          <span id="f-dob-err" class="hint bad">
            {t(dateErr)}
          </span>
        )}
      </fieldset>
      {input('placeOfResidence', 'placeOfResidence', 'form.placeOfResidence', { autocomplete: 'off' })}
      <div class="check">
        <input
          id="f-identityDeclared"
          type="checkbox"
          name="identityDeclared"
          checked={p.value.identityDeclared}
          aria-describedby="f-idd-hint"
          onChange={(e) => set('identityDeclared', (e.target as HTMLInputElement).checked)}
        />
        <label for="f-identityDeclared">{t('form.identityDeclared')}</label>
        <span id="f-idd-hint" class="hint">
          {t('form.identityDeclaredHint')}
        </span>
      </div>
    </fieldset>
  );
}
