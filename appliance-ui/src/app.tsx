import { useEffect, useState } from 'preact/hooks';
import { locale, setLocale, t, type Locale } from './i18n/index.js';
import { navigate, usePath } from './router.js';
import { PAGES, homeFor, mayOpen, stationPages } from './roles.js';
import type { SessionProbe, User } from './types.js';
import { Lazy } from './components/lazy.js';
import { ShellHeader } from './components/shell-header.js';
import { TrainingBanner } from './components/training-banner.js';
import { useSession } from './components/use-session.js';
import { LoginPage } from './pages/login.js';
import { PasswordPage } from './pages/password.js';

const loadIssue = () => import('./pages/operator/issue-page.js').then((m) => m.IssuePage);
const loadDiagnostics = () => import('./pages/technician/diagnostics-page.js').then((m) => m.DiagnosticsPage);
const loadContent = () => import('./info/admin/content-page.js').then((m) => m.ContentPage);
const loadDrills = () => import('./drills/drills-page.js').then((m) => m.DrillsPage);
const loadAdmin = () => import('./pages/admin/admin-page.js').then((m) => m.AdminPage);

export function App() {
  const { user, setUser, logout } = useSession<SessionProbe>();
  const [lang, setLang] = useState<Locale>(locale());
  const path = usePath();

  useEffect(() => {
    if (user === null && path !== '/login') navigate('/login', true);
    if (user && (path === '/' || path === '/login')) navigate(homeFor(user.role), true);
  }, [user, path]);

  useEffect(() => {
    const page = PAGES.find((p) => p.path === path);
    document.title = `cardgate — ${page ? t(page.label) : t('login.title')}`;
  }, [path, lang]);

  const changeLang = (l: Locale) => {
    setLocale(l);
    setLang(l);
  };

  return (
    <div class="shell">
      <a class="skip" href="#main">
        {t('nav.skip')}
      </a>
      <TrainingBanner />
      <ShellHeader
        brand="cardgate"
        nav={
          user && !user.mustChangePassword
            ? stationPages().filter((p) => p.roles.includes(user.role))
            : undefined
        }
        current={path}
        lang={lang}
        onLang={changeLang}
        who={user ? { name: user.name, role: t(`role.${user.role}`), onLogout: logout } : undefined}
      />
      <main id="main" tabIndex={-1}>
        <Body user={user} path={path} onUser={setUser} lang={lang} />
      </main>
    </div>
  );
}

function Body(props: {
  user: User | null | undefined;
  path: string;
  onUser: (u: User) => void;
  lang: Locale;
}) {
  const { user, path } = props;
  if (user === undefined) return <p aria-busy="true">{t('common.loading')}</p>;
  if (user === null) return <LoginPage onLogin={props.onUser} />;
  if (user.mustChangePassword) return <PasswordPage user={user} onChanged={props.onUser} />;
  if (!stationPages().some((p) => p.path === path)) return <p aria-busy="true">{t('common.loading')}</p>;
  if (!mayOpen(user.role, path)) {
    return (
      <div class="card" role="alert" data-testid="forbidden">
        <h1>{t('forbidden.title')}</h1>
        <p>{t('forbidden.text', { role: t(`role.${user.role}`) })}</p>
        <p>
          <a
            href={homeFor(user.role)}
            onClick={(e) => {
              e.preventDefault();
              navigate(homeFor(user.role));
            }}
          >
            {t('forbidden.back')}
          </a>
        </p>
      </div>
    );
  }
  const common = { user, lang: props.lang };
  if (path === '/issue') return <Lazy load={loadIssue} props={common} />;
  if (path === '/diagnostics') return <Lazy load={loadDiagnostics} props={common} />;
  if (path === '/content') return <Lazy load={loadContent} props={{}} />;
  if (path === '/drills') return <Lazy load={loadDrills} props={common} />;
  return <Lazy load={loadAdmin} props={common} />;
}

export interface PageProps {
  user: User;
  lang: Locale;
}
