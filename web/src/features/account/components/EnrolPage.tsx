import { PageTitle } from '../../../components/ui/PageTitle';
import { useLang } from '../../../lib/i18n';

export function EnrolPage() {
  const { t } = useLang();
  return <PageTitle text={t('enrol.title')} />;
}
