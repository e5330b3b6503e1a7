import { PageTitle } from '../../../components/ui/PageTitle';
import { useLang } from '../../../lib/i18n';
import { RequireRole } from '../../../lib/session';

export function OrgAdminPage() {
  const { t } = useLang();
  return (
    <RequireRole roles={['org_admin']}>
      <PageTitle text={t('orgAdmin.title')} />
    </RequireRole>
  );
}
