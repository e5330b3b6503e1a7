/** /kerja: the logged-in person's workspace home, with the pages for their roles. */
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { PageTitle } from '../../../components/ui/PageTitle';
import { useLang } from '../../../lib/i18n';
import { RequireRole, useSession, useSessionControl } from '../../../lib/session';
import { linksFor } from '../workspace-links';
import { KeyRotation } from './KeyRotation';

export function WorkspaceHome() {
  return (
    <RequireRole>
      <Home />
    </RequireRole>
  );
}

function Home() {
  const { t } = useLang();
  const s = useSession()!;
  const { refresh } = useSessionControl();
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  // Roles may have changed since login (the admin's set_roles): read them again on arrival.
  useEffect(() => {
    void refreshRef.current().catch(() => undefined);
  }, []);
  const links = linksFor(s);
  return (
    <>
      <PageTitle text={t('workspace.title')} sub={<p>{t('workspace.who', { name: s.name, org: s.orgName, roles: s.roles.map((r) => t(`role.${r}`, { defaultValue: r })).join(', ') })}</p>} />
      {links.length === 0 ? (
        <p>{t('workspace.none')}</p>
      ) : (
        <ul className="workspace-links">
          {links.map((l) => (
            <li key={l.to}>
              <Link to={l.to}>{t(l.label)}</Link>
              {l.hint && <span className="muted"> — {t(l.hint)}</span>}
            </li>
          ))}
        </ul>
      )}
      <KeyRotation />
    </>
  );
}
