// The application shell: session gate, header, navigation and the routes.
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { AuditPage } from './admin/AuditPage.js';
import { TokensPage } from './admin/TokensPage.js';
import { UsersPage } from './admin/UsersPage.js';
import { ErrorBox, Loading } from './components/common.js';
import { BlocklistsPage } from './distribution/BlocklistsPage.js';
import { FiguresPage } from './hosts/FiguresPage.js';
import { HostsPage } from './hosts/HostsPage.js';
import { NotificationsPage } from './hosts/NotificationsPage.js';
import { ReferencePage } from './hosts/ReferencePage.js';
import { UnassignedPage } from './hosts/UnassignedPage.js';
import { useT } from './i18n/index.js';
import type { MessageKey } from './i18n/index.js';
import { CampaignDetailPage } from './campaigns/CampaignDetailPage.js';
import { CampaignsPage } from './campaigns/CampaignsPage.js';
import { ReportPage } from './campaigns/ReportPage.js';
import { AllowlistsPage } from './intel/AllowlistsPage.js';
import { CheckPage } from './intel/CheckPage.js';
import { FeedsPage } from './intel/FeedsPage.js';
import { IndicatorsPage } from './intel/IndicatorsPage.js';
import { SensorsPage } from './sensors/SensorsPage.js';
import { ChangePasswordPage } from './pages/ChangePasswordPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { LookupPage } from './pages/LookupPage.js';
import { OrgsPage } from './pages/OrgsPage.js';
import { href, useRoute } from './router.js';
import type { Route } from './router.js';
import { hasRole, useSession } from './session.js';
import type { Me } from './types.js';

export function App() {
  const { state, refresh } = useSession();
  const { t } = useT();
  switch (state.status) {
    case 'loading':
      return (
        <main id="main" className="center-screen">
          <Loading />
        </main>
      );
    case 'error':
      return (
        <main id="main" className="center-screen">
          <div className="card narrow">
            <ErrorBox error={state.error} />
            <button type="button" className="btn" onClick={() => void refresh()}>
              {t('common.retry')}
            </button>
          </div>
        </main>
      );
    case 'anonymous':
      return <LoginPage expired={state.expired} />;
    case 'signedIn':
      return state.user.mustChangePassword ? (
        <Shell user={state.user} showNav={false}>
          <ChangePasswordPage forced />
        </Shell>
      ) : (
        <Shell user={state.user} showNav>
          <Routes user={state.user} />
        </Shell>
      );
  }
}

interface NavItem {
  path: string;
  label: MessageKey;
  testId: string;
  active: (r: Route) => boolean;
}

const MAIN_NAV: NavItem[] = [
  {
    path: '/',
    label: 'nav.organisations',
    testId: 'nav-organisations',
    active: (r) => r.segments.length === 0 || r.segments[0] === 'orgs',
  },
  { path: '/lookup', label: 'nav.lookup', testId: 'nav-lookup', active: (r) => r.segments[0] === 'lookup' },
  {
    path: '/sensors',
    label: 'nav.sensors',
    testId: 'nav-sensors',
    active: (r) => r.segments[0] === 'sensors',
  },
  {
    path: '/campaigns',
    label: 'nav.campaigns',
    testId: 'nav-campaigns',
    active: (r) => r.segments[0] === 'campaigns' || r.segments[0] === 'reports',
  },
  {
    path: '/blocklists',
    label: 'nav.blocklists',
    testId: 'nav-blocklists',
    active: (r) => r.segments[0] === 'blocklists',
  },
];
const intelActive = (section: string) => (r: Route) => r.segments[0] === 'intel' && r.segments[1] === section;
const INTEL_NAV: NavItem[] = [
  {
    path: '/intel/indicators',
    label: 'nav.intelIndicators',
    testId: 'nav-intel-indicators',
    active: intelActive('indicators'),
  },
  { path: '/intel/check', label: 'nav.intelCheck', testId: 'nav-intel-check', active: intelActive('check') },
  { path: '/intel/feeds', label: 'nav.intelFeeds', testId: 'nav-intel-feeds', active: intelActive('feeds') },
  {
    path: '/intel/allowlists',
    label: 'nav.intelAllowlists',
    testId: 'nav-intel-allowlists',
    active: intelActive('allowlists'),
  },
];
// --- infected hosts (issue #6) ---
const HOSTS_NAV: NavItem[] = [
  {
    path: '/hosts',
    label: 'nav.hostsList',
    testId: 'nav-hosts',
    active: (r) => r.segments[0] === 'hosts' && (r.segments[1] === undefined || /^\d+$/.test(r.segments[1])),
  },
  {
    path: '/hosts/figures',
    label: 'nav.hostFigures',
    testId: 'nav-host-figures',
    active: (r) => r.path === '/hosts/figures',
  },
  {
    path: '/hosts/unassigned',
    label: 'nav.unassigned',
    testId: 'nav-unassigned',
    active: (r) => r.path === '/hosts/unassigned',
  },
  {
    path: '/hosts/notifications',
    label: 'nav.notifications',
    testId: 'nav-notifications',
    active: (r) => r.path === '/hosts/notifications',
  },
  {
    path: '/hosts/reference',
    label: 'nav.reference',
    testId: 'nav-reference',
    active: (r) => r.path === '/hosts/reference',
  },
];
const ADMIN_NAV: NavItem[] = [
  { path: '/admin/users', label: 'nav.users', testId: 'nav-users', active: (r) => r.path === '/admin/users' },
  {
    path: '/admin/tokens',
    label: 'nav.tokens',
    testId: 'nav-tokens',
    active: (r) => r.path === '/admin/tokens',
  },
  { path: '/admin/audit', label: 'nav.audit', testId: 'nav-audit', active: (r) => r.path === '/admin/audit' },
];

function Shell({ user, showNav, children }: { user: Me; showNav: boolean; children: ReactNode }) {
  const { t, lang, setLang } = useT();
  const { logout } = useSession();
  const route = useRoute();
  const mainRef = useRef<HTMLElement>(null);
  const isAdmin = hasRole(user, 'administrator');

  const navLink = (item: NavItem) => {
    const active = item.active(route);
    return (
      <li key={item.path}>
        <a href={href(item.path)} aria-current={active ? 'page' : undefined} data-testid={item.testId}>
          {t(item.label)}
        </a>
      </li>
    );
  };

  return (
    <div className="app">
      <button type="button" className="skip-link" onClick={() => mainRef.current?.focus()}>
        {t('app.skipToContent')}
      </button>
      <header className="app-header">
        <a className="brand" href={href('/')}>
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-text">
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-tagline">{t('app.tagline')}</span>
          </span>
        </a>
        <div className="header-org" title={user.organisation.code}>
          {user.organisation.name}
        </div>
        <div className="header-tools">
          <button
            type="button"
            className="btn btn-header"
            data-testid="lang-switch"
            lang={lang === 'vi' ? 'en' : 'vi'}
            aria-label={t('lang.switchLabel')}
            title={t('lang.switchLabel')}
            onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}
          >
            {t('lang.switchTo')}
          </button>
          <div className="user-menu" data-testid="user-menu" aria-label={t('user.menu')} role="group">
            <span className="user-name" data-testid="user-display-name">
              {user.displayName}
            </span>
            <span className="user-org" data-testid="user-organisation">
              {user.organisation.name}
            </span>
          </div>
          {showNav && (
            <a className="btn btn-header" href={href('/password')} data-testid="change-password">
              {t('user.changePassword')}
            </a>
          )}
          <button type="button" className="btn btn-header" data-testid="logout" onClick={() => void logout()}>
            {t('user.logout')}
          </button>
        </div>
      </header>
      {showNav && (
        <nav className="app-nav" aria-label={t('nav.main')}>
          <div className="nav-groups">
            <ul>{MAIN_NAV.map(navLink)}</ul>
            <ul className="nav-intel" aria-label={t('nav.intel')}>
              <li className="nav-group-label" aria-hidden="true">
                {t('nav.intel')}
              </li>
              {INTEL_NAV.map(navLink)}
            </ul>
            <ul className="nav-intel" aria-label={t('nav.hosts')}>
              <li className="nav-group-label" aria-hidden="true">
                {t('nav.hosts')}
              </li>
              {HOSTS_NAV.map(navLink)}
              <li>
                <a href="/kiem-tra" data-testid="nav-selfcheck">
                  {t('nav.selfcheck')}
                </a>
              </li>
            </ul>
          </div>
          {isAdmin && (
            <ul className="nav-admin" aria-label={t('nav.admin')}>
              {ADMIN_NAV.map(navLink)}
            </ul>
          )}
        </nav>
      )}
      <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
        {children}
      </main>
    </div>
  );
}

function Routes({ user }: { user: Me }) {
  const route = useRoute();
  const { t } = useT();
  const [first, second, ...rest] = route.segments;

  // Move focus to the page on navigation between sections, for screen-reader users.
  const section = `${first ?? ''}/${first === 'admin' || first === 'intel' || first === 'hosts' ? (second ?? '') : ''}`;
  const lastSection = useRef(section);
  useEffect(() => {
    if (lastSection.current === section) return;
    lastSection.current = section;
    window.scrollTo({ top: 0 });
  }, [section]);

  if (first === undefined || (first === 'orgs' && rest.length === 0)) {
    const id = second !== undefined && /^\d+$/.test(second) ? Number(second) : null;
    if (second === undefined || id !== null) return <OrgsPage selectedId={id} />;
  }
  if (first === 'lookup' && second === undefined) return <LookupPage />;
  if (first === 'blocklists' && second === undefined) return <BlocklistsPage />;
  if (first === 'sensors' && second === undefined) return <SensorsPage />;
  if (first === 'campaigns' && rest.length === 0) {
    if (second === undefined) return <CampaignsPage />;
    if (/^\d+$/.test(second)) {
      const focus = route.query.get('org');
      return (
        <CampaignDetailPage
          key={second}
          id={Number(second)}
          focus={focus !== null && /^\d+$/.test(focus) ? Number(focus) : null}
        />
      );
    }
  }
  if (first === 'reports' && second !== undefined && /^\d+$/.test(second) && rest.length === 0)
    return <ReportPage key={second} id={Number(second)} />;
  if (first === 'password' && second === undefined) return <ChangePasswordPage forced={false} />;
  if (first === 'intel') {
    const [third, ...more] = rest;
    if (more.length === 0) {
      if (second === 'indicators') {
        const id = third !== undefined && /^\d+$/.test(third) ? Number(third) : null;
        if (third === undefined || id !== null) return <IndicatorsPage selectedId={id} />;
      }
      if (second === 'check' && third === undefined) return <CheckPage />;
      if (second === 'feeds') return <FeedsPage selected={third ?? null} />;
      if (second === 'allowlists' && third === undefined) return <AllowlistsPage />;
    }
    if (second === undefined) return <IndicatorsPage selectedId={null} />;
  }
  if (first === 'hosts' && rest.length === 0) {
    if (second === 'figures') return <FiguresPage user={user} />;
    if (second === 'unassigned') return <UnassignedPage />;
    if (second === 'notifications') return <NotificationsPage user={user} />;
    if (second === 'reference') return <ReferencePage />;
    const id = second !== undefined && /^\d+$/.test(second) ? Number(second) : null;
    if (second === undefined || id !== null) return <HostsPage user={user} selectedId={id} />;
  }
  if (first === 'admin' && rest.length === 0) {
    const page =
      second === 'users' ? (
        <UsersPage />
      ) : second === 'tokens' ? (
        <TokensPage />
      ) : second === 'audit' ? (
        <AuditPage />
      ) : null;
    if (page) {
      return hasRole(user, 'administrator') ? (
        page
      ) : (
        <div className="page narrow">
          <p className="notice notice-warning" data-testid="admin-only">
            {t('admin.only')}
          </p>
        </div>
      );
    }
  }
  return (
    <div className="page narrow">
      <p>{t('app.notFound')}</p>
      <a href={href('/')}>{t('app.backHome')}</a>
    </div>
  );
}
