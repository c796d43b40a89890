import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote } from '../components/common.js';
import { t } from '../i18n/index.js';
import type { User } from '../types.js';

export function LoginPage({ onLogin }: { onLogin: (u: User) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ user: User }>('POST', '/session', { name: name.trim(), password });
      onLogin(r.user);
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card narrow" onSubmit={submit} aria-labelledby="login-h">
      <h1 id="login-h">{t('login.title')}</h1>
      <p class="muted">{t('login.intro')}</p>
      <label>
        {t('login.name')}
        <input
          ref={first}
          name="name"
          autocomplete="username"
          required
          value={name}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t('login.password')}
        <input
          name="password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
        />
      </label>
      <ErrorNote error={error} />
      <button type="submit" disabled={busy}>
        {t('login.submit')}
      </button>
    </form>
  );
}
