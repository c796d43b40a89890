import { useState } from 'preact/hooks';
import { api, asList } from '../../api.js';
import type { PageProps } from '../../app.js';
import { ErrorNote, KeyValues, Section } from '../../components/common.js';
import { t } from '../../i18n/index.js';
import type { Role } from '../../types.js';
import { useFetch } from '../technician/use-fetch.js';

interface UserRow {
  name: string;
  role: Role;
  mustChangePassword?: boolean;
  disabled?: boolean;
  createdAt?: string;
}

const ROLES: Role[] = ['operator', 'technician', 'admin'];

export function AdminPage({ user }: PageProps) {
  const users = useFetch<unknown>('/users');
  const station = useFetch<Record<string, unknown>>('/station');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [msg, setMsg] = useState('');
  const [token, setToken] = useState<{ name: string; token: string } | null>(null);
  const [lockReason, setLockReason] = useState('');
  const nameOk = /^[a-z][a-z0-9._-]{1,31}$/.test(name);
  const locked = station.data?.locked === true;
  const setLocked = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api<Record<string, unknown>>(
        'POST',
        locked ? '/station/unlock' : '/station/lock',
        locked ? {} : { reason: lockReason.trim() || undefined },
      );
      station.setData(r);
      setMsg(locked ? t('admin.unlocked') : t('admin.locked'));
      setLockReason('');
    } catch (err) {
      setError(err);
    }
  };
  const pwOk = password.length >= 10;

  const add = async (e: Event) => {
    e.preventDefault();
    if (!nameOk || !pwOk) return;
    setError(null);
    try {
      await api('POST', '/users', { name, role, password });
      setMsg(t('admin.added', { name }));
      setName('');
      setPassword('');
      void users.reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (n: string) => {
    if (!confirm(t('admin.confirmRemove', { name: n }))) return;
    setError(null);
    try {
      await api('DELETE', `/users/${encodeURIComponent(n)}`);
      setMsg(t('admin.removed', { name: n }));
      void users.reload();
    } catch (err) {
      setError(err);
    }
  };
  const makeToken = async (n: string) => {
    setError(null);
    try {
      const r = await api<{ token: string }>('POST', `/users/${encodeURIComponent(n)}/tokens`, {});
      setToken({ name: n, token: r.token });
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div>
      <h1>{t('admin.title')}</h1>
      <Section title={t('admin.users')} id="users">
        <ErrorNote error={users.error} />
        <table data-testid="users">
          <caption class="sr-only">{t('admin.users')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('admin.role')}</th>
              <th scope="col">{t('admin.mustChange')}</th>
              <th scope="col">{t('today.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {asList<UserRow>(users.data, 'users').map((u) => (
              <tr key={u.name}>
                <th scope="row">{u.name}</th>
                <td>{t(`role.${u.role}`)}</td>
                <td>{u.mustChangePassword ? t('common.yes') : t('common.no')}</td>
                <td class="actions">
                  <button
                    type="button"
                    class="small secondary"
                    onClick={() => makeToken(u.name)}
                    aria-label={`${t('admin.token')}: ${u.name}`}
                  >
                    {t('admin.token')}
                  </button>
                  {u.name !== user.name && (
                    <button
                      type="button"
                      class="small danger"
                      onClick={() => remove(u.name)}
                      aria-label={`${t('admin.remove')}: ${u.name}`}
                    >
                      {t('admin.remove')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {token && (
          <p class="note info" role="status">
            {t('admin.tokenOnce', { name: token.name })} <code class="mono">{token.token}</code>
          </p>
        )}
        <form class="row wrap" onSubmit={add} aria-labelledby="add-h">
          <h3 id="add-h" class="full">
            {t('admin.add')}
          </h3>
          <label>
            {t('admin.name')}
            <input
              value={name}
              required
              autocomplete="off"
              aria-invalid={name !== '' && !nameOk}
              aria-describedby="name-rule"
              onInput={(e) => setName((e.target as HTMLInputElement).value)}
            />
            <span id="name-rule" class={name !== '' && !nameOk ? 'hint bad' : 'hint'}>
              {t('admin.nameRule')}
            </span>
          </label>
          <label>
            {t('admin.role')}
            <select value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('admin.initialPassword')}
            <input
              type="password"
              autocomplete="new-password"
              required
              value={password}
              aria-invalid={password !== '' && !pwOk}
              aria-describedby="pw-rule"
              onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
            />
            <span id="pw-rule" class={password !== '' && !pwOk ? 'hint bad' : 'hint'}>
              {t('password.rule', { n: 10 })}
            </span>
          </label>
          <button type="submit" disabled={!nameOk || !pwOk}>
            {t('admin.addButton')}
          </button>
        </form>
        <p role="status">{msg}</p>
        <ErrorNote error={error} />
      </Section>
      <Section title={t('admin.station')} id="station">
        <ErrorNote error={station.error} />
        <KeyValues data={station.data} label={t('admin.station')} />
        <form class="row wrap" onSubmit={setLocked}>
          {!locked && (
            <label class="grow">
              {t('admin.lockReason')}
              <input
                value={lockReason}
                maxLength={300}
                onInput={(e) => setLockReason((e.target as HTMLInputElement).value)}
              />
            </label>
          )}
          <button type="submit" class={locked ? '' : 'danger'} data-testid="lock">
            {locked ? t('admin.unlock') : t('admin.lock')}
          </button>
        </form>
        <p class="hint">{t('admin.settingsNote')}</p>
      </Section>
    </div>
  );
}
