import { Link } from 'react-router';
import { PageTitle } from '../components/ui/PageTitle';
import { useLang } from '../lib/i18n';
import { paths } from '../lib/routes';

export function NotFoundPage() {
  const { t } = useLang();
  return (
    <div className="page page--narrow">
      <PageTitle text={t('notFound.title')} />
      <p>{t('notFound.body')}</p>
      <p>
        <Link to={paths.search}>{t('notFound.back')}</Link>
      </p>
    </div>
  );
}
