// The public side of lamsach (no sign-in): the self-check at /kiem-tra and statistics at /thong-ke.
import { useT } from '../i18n/index.js';
import { PublicCheckPage } from './PublicCheckPage.js';
import { PublicStatsPage } from './PublicStatsPage.js';

export const publicPaths = ['/kiem-tra', '/thong-ke'];

export function isPublicPath(pathname: string): boolean {
  return publicPaths.some((p) => pathname === p || pathname === `${p}/`);
}

export function PublicApp({ pathname }: { pathname: string }) {
  const { t, lang, setLang } = useT();
  const stats = pathname.startsWith('/thong-ke');
  return (
    <div className="app public-app">
      <header className="app-header">
        <a className="brand" href="/kiem-tra">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-text">
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-tagline">{t('app.tagline')}</span>
          </span>
        </a>
        <nav className="public-nav" aria-label={t('nav.main')}>
          <a href="/kiem-tra" aria-current={stats ? undefined : 'page'} data-testid="public-nav-check">
            {t('selfcheck.nav.check')}
          </a>
          <a href="/thong-ke" aria-current={stats ? 'page' : undefined} data-testid="public-nav-stats">
            {t('selfcheck.nav.stats')}
          </a>
        </nav>
        <div className="header-tools">
          <button
            type="button"
            className="btn btn-header"
            data-testid="lang-switch"
            lang={lang === 'vi' ? 'en' : 'vi'}
            aria-label={t('lang.switchLabel')}
            onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}
          >
            {t('lang.switchTo')}
          </button>
          <a className="btn btn-header" href="/">
            {t('selfcheck.signIn')}
          </a>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="app-main">
        {stats ? <PublicStatsPage /> : <PublicCheckPage />}
      </main>
    </div>
  );
}
