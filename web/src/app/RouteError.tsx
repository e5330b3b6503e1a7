import { useRouteError } from 'react-router';
import { ErrorNotice } from '../components/ui/ErrorNotice';
import { useLang } from '../lib/i18n';

/** A page that failed to load or to render (a new version deployed, the network gone). */
export function RouteError() {
  const error = useRouteError();
  const { t } = useLang();
  return (
    <main id="main" className="page page--narrow">
      <h1>{t('routeError.title')}</h1>
      <ErrorNotice error={error} onRetry={() => window.location.reload()} />
    </main>
  );
}
