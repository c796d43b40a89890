import { useCallback, useEffect, useState } from 'preact/hooks';
import { Lazy } from '../components/lazy.js';
import { ShellHeader } from '../components/shell-header.js';
import { useSession, type Probe } from '../components/use-session.js';
import { locale, setLocale, t, type Locale } from '../i18n/index.js';
import { LoginPage } from '../pages/login.js';
import { PasswordPage } from '../pages/password.js';
import { navigate, usePath } from '../router.js';
import type { User } from '../types.js';
import { HQ_PAGES, mayOpen, pageFor, type HqUser } from './pages.js';

// The station's login and password pages only pass the account through: an HQ role is fine.
const asStationUser = (u: HqUser) => u as unknown as User;
const asHqUser = (u: User) => u as unknown as HqUser;

/** The HQ shell: login, the one-time password change, and a nav of the pages the role may open. */
export function HqApp() {
  const { user, setUser, logout: endSession } = useSession<Probe<HqUser>>();
  const [lang, setLang] = useState<Locale>(locale());
  const path = usePath();

  const page = pageFor(path);
  useEffect(() => {
    document.title = `cardgate HQ — ${page ? t(page.label) : t('login.title')}`;
  }, [path, lang]);

  const logout = useCallback(async () => {
    await endSession();
    // The next person starts at home, not on the page the last one left open.
    navigate('/', true);
  }, [endSession]);

  const visible = user ? HQ_PAGES.filter((p) => mayOpen(user, p)) : [];
  return (
    <div class="shell">
      <a class="skip" href="#main">
        {t('nav.skip')}
      </a>
      <ShellHeader
        brand="cardgate HQ"
        nav={user && !user.mustChangePassword ? visible : undefined}
        current={page?.path}
        lang={lang}
        onLang={(l) => {
          setLocale(l);
          setLang(l);
        }}
        who={user ? { name: user.name, role: t(`hq.role.${user.role}`), onLogout: logout } : undefined}
      />
      <main id="main" tabIndex={-1}>
        {user === undefined ? (
          <p aria-busy="true">{t('common.loading')}</p>
        ) : user === null ? (
          <LoginPage onLogin={(u) => setUser(asHqUser(u))} />
        ) : user.mustChangePassword ? (
          <PasswordPage user={asStationUser(user)} onChanged={(u) => setUser(asHqUser(u))} />
        ) : !page ? (
          <div class="card" role="alert" data-testid="not-found">
            <h1>{t('hq.notFound')}</h1>
          </div>
        ) : !mayOpen(user, page) ? (
          <div class="card" role="alert" data-testid="forbidden">
            <h1>{t('forbidden.title')}</h1>
            <p>{t('forbidden.text', { role: t(`hq.role.${user.role}`) })}</p>
          </div>
        ) : (
          <Lazy load={page.load} props={{ user }} />
        )}
      </main>
    </div>
  );
}
