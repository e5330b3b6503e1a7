/**
 * Every page's frame: a skip link, the header with the site's name, the navigation and the
 * language switch (always visible), the main region, and a footer that says what the data is.
 */
import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import { LANGS, setLang, useLang } from '../lib/i18n';
import { paths } from '../lib/routes';
import { useLogout, useSession } from '../lib/session';

export function Layout() {
  const { t, lang } = useLang();
  const location = useLocation();
  const navigation = useNavigation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After a navigation, move focus to the new page (a screen reader then reads its title), as a
  // full page load would; never on the first load.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <NavLink to={paths.search} className="brand" title={t('layout.home')}>
            <span className="brand__mark" aria-hidden="true">
              P
            </span>
            <span className="brand__text">
              <span className="brand__name">Prasasti</span>
              <span className="brand__tag">{t('layout.tagline')}</span>
            </span>
          </NavLink>
          <nav aria-label={t('layout.navLabel')} className="site-nav">
            <NavLink to={paths.search} end>
              {t('nav.search')}
            </NavLink>
            <NavLink to={paths.verify}>{t('nav.verify')}</NavLink>
            <NavLink to={paths.network}>{t('nav.network')}</NavLink>
          </nav>
          <Account />
          <div className="lang-switch" role="group" aria-label={t('layout.language')}>
            {LANGS.map((l) => (
              <button key={l} type="button" lang={l} aria-pressed={lang === l} onClick={() => setLang(l)} title={t(`layout.langName.${l}`)}>
                {l.toUpperCase()}
                <span className="visually-hidden"> — {t(`layout.langName.${l}`)}</span>
              </button>
            ))}
          </div>
        </div>
        {navigation.state === 'loading' && (
          <div className="route-progress" role="progressbar" aria-label={t('common.loading')}>
            <span />
          </div>
        )}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t('layout.footer')}</p>
        <p>
          <a href="/docs">{t('layout.apiDocs')}</a>
        </p>
      </footer>
    </>
  );
}

/** Who is logged in (name, institution, roles), their workspace and a logout button; or a login link. */
function Account() {
  const { t } = useLang();
  const session = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  if (!session) {
    return (
      <div className="account">
        <NavLink to="/masuk" className="account__login">
          {t('session.loginLink')}
        </NavLink>
      </div>
    );
  }
  return (
    <div className="account" role="group" aria-label={t('session.accountLabel')}>
      <NavLink to="/kerja" className="account__who" title={t('session.toWorkspace')}>
        <span className="account__name">{session.name}</span>
        <span className="account__org">
          {session.orgName} · {session.roles.map((r) => t(`role.${r}`, { defaultValue: r })).join(', ')}
        </span>
      </NavLink>
      <button
        type="button"
        className="button button--secondary account__logout"
        onClick={() => {
          void logout().then(() => navigate('/masuk'));
        }}
      >
        {t('session.logout')}
      </button>
    </div>
  );
}
