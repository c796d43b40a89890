import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import type { PageProps } from '../../app.js';
import { ErrorNote, Section } from '../../components/common.js';
import { t } from '../../i18n/index.js';
import type { Role, UserList } from '../../types.js';
import { useFetch } from '../technician/use-fetch.js';
import { StationSection } from './station-section.js';

const ROLES: Role[] = ['operator', 'technician', 'admin'];
const NAME_RULE = /^[a-z][a-z0-9._-]{1,31}$/;
const MIN_PASSWORD = 10;

/**
 * Users and roles, API tokens, password resets, the station's status and lock. One line says
 * how the last action went; the next action clears it, so an old success never sits above a new error.
 */
export function AdminPage({ user }: PageProps) {
  const users = useFetch<UserList>('/users');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [msg, setMsg] = useState('');
  const [token, setToken] = useState<{ name: string; token: string } | null>(null);
  const [resetting, setResetting] = useState<string | null>(null);
  const [resetPw, setResetPw] = useState('');
  const nameOk = NAME_RULE.test(name);
  const pwOk = password.length >= MIN_PASSWORD;
  const resetOk = resetPw.length >= MIN_PASSWORD;

  /** Every action starts from a clean slate: no old success line, no old error, no old token. */
  const begin = () => {
    setError(null);
    setMsg('');
    setToken(null);
  };

  const add = async (e: Event) => {
    e.preventDefault();
    if (!nameOk || !pwOk) return;
    begin();
    try {
      await api('POST', '/users', { name, role, password });
      setMsg(t('admin.added', { name }));
      setName('');
      setRole('operator');
      setPassword('');
      void users.reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (n: string) => {
    if (!confirm(t('admin.confirmRemove', { name: n }))) return;
    begin();
    try {
      await api('DELETE', `/users/${encodeURIComponent(n)}`);
      setMsg(t('admin.removed', { name: n }));
      void users.reload();
    } catch (err) {
      setError(err);
    }
  };
  const makeToken = async (n: string) => {
    begin();
    try {
      const r = await api<{ token: string }>('POST', `/users/${encodeURIComponent(n)}/tokens`, {});
      setToken({ name: n, token: r.token });
    } catch (err) {
      setError(err);
    }
  };
  const resetPassword = async (e: Event) => {
    e.preventDefault();
    if (!resetting || !resetOk) return;
    begin();
    try {
      await api('POST', `/users/${encodeURIComponent(resetting)}/password`, { password: resetPw });
      setMsg(t('admin.resetDone', { name: resetting }));
      setResetting(null);
      setResetPw('');
      void users.reload();
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
            {(users.data?.items ?? []).map((u) => (
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
                    <>
                      <button
                        type="button"
                        class="small secondary"
                        onClick={() => {
                          begin();
                          setResetPw('');
                          setResetting(u.name);
                        }}
                        aria-label={`${t('admin.reset')}: ${u.name}`}
                      >
                        {t('admin.reset')}
                      </button>
                      <button
                        type="button"
                        class="small danger"
                        onClick={() => remove(u.name)}
                        aria-label={`${t('admin.remove')}: ${u.name}`}
                      >
                        {t('admin.remove')}
                      </button>
                    </>
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
        {resetting && (
          <form class="row wrap" onSubmit={resetPassword} aria-labelledby="reset-h" data-testid="reset-form">
            <h3 id="reset-h" class="full">
              {t('admin.resetTitle', { name: resetting })}
            </h3>
            <label>
              {t('admin.resetPassword')}
              <input
                type="password"
                autocomplete="new-password"
                required
                value={resetPw}
                aria-invalid={resetPw !== '' && !resetOk}
                aria-describedby="reset-rule"
                onInput={(e) => setResetPw((e.target as HTMLInputElement).value)}
              />
              <span id="reset-rule" class={resetPw !== '' && !resetOk ? 'hint bad' : 'hint'}>
                {t('password.rule', { n: MIN_PASSWORD })} {t('admin.resetHint')}
              </span>
            </label>
            <button type="submit" disabled={!resetOk}>
              {t('admin.resetButton')}
            </button>
            <button type="button" class="secondary" onClick={() => setResetting(null)}>
              {t('common.cancel')}
            </button>
          </form>
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
              {t('password.rule', { n: MIN_PASSWORD })}
            </span>
          </label>
          <button type="submit" disabled={!nameOk || !pwOk}>
            {t('admin.addButton')}
          </button>
        </form>
        <p role="status" data-testid="admin-status" class={msg ? 'note ok' : ''}>
          {msg}
        </p>
        <ErrorNote error={error} />
      </Section>
      <StationSection onNotice={setMsg} onAction={begin} />
    </div>
  );
}
