import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote } from '../components/common.js';
import { t } from '../i18n/index.js';
import type { User } from '../types.js';

const MIN_LENGTH = 10;

/** First login: the password someone else set must be replaced before any work. */
export function PasswordPage({ user, onChanged }: { user: User; onChanged: (u: User) => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const tooShort = next.length > 0 && next.length < MIN_LENGTH;
  const mismatch = again.length > 0 && again !== next;
  const same = next.length > 0 && next === current;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (tooShort || mismatch || same || !next) return;
    setError(null);
    try {
      await api('POST', '/session/password', { current, next });
      onChanged({ ...user, mustChangePassword: false });
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form class="card narrow" onSubmit={submit} aria-labelledby="pw-h">
      <h1 id="pw-h">{t('password.title')}</h1>
      <p>{t('password.intro', { name: user.name })}</p>
      <label>
        {t('password.current')}
        <input
          ref={first}
          type="password"
          name="current"
          autocomplete="current-password"
          required
          value={current}
          onInput={(e) => setCurrent((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t('password.next')}
        <input
          type="password"
          name="next"
          autocomplete="new-password"
          required
          minLength={MIN_LENGTH}
          value={next}
          aria-invalid={tooShort || same}
          aria-describedby="pw-next-hint"
          onInput={(e) => setNext((e.target as HTMLInputElement).value)}
        />
        <span id="pw-next-hint" class={tooShort || same ? 'hint bad' : 'hint'}>
          {same ? t('password.same') : t('password.rule', { n: MIN_LENGTH })}
        </span>
      </label>
      <label>
        {t('password.again')}
        <input
          type="password"
          name="again"
          autocomplete="new-password"
          required
          value={again}
          aria-invalid={mismatch}
          aria-describedby="pw-again-hint"
          onInput={(e) => setAgain((e.target as HTMLInputElement).value)}
        />
        <span id="pw-again-hint" class={mismatch ? 'hint bad' : 'hint'}>
          {mismatch ? t('password.mismatch') : ''}
        </span>
      </label>
      <ErrorNote error={error} />
      <button type="submit" disabled={tooShort || mismatch || same || !next || !current}>
        {t('password.submit')}
      </button>
    </form>
  );
}
