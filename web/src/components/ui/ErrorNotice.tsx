import { ApiProblem } from '../../lib/api';
import { useLang } from '../../lib/i18n';

/**
 * What went wrong, in the reader's language — the API's own message when it gave one — and what
 * to do next.
 */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useLang();
  const p = error instanceof ApiProblem ? error : null;
  let title: string;
  let next: string;
  if (!p || p.code === 'NETWORK') {
    title = t('error.network');
    next = t('error.networkNext');
  } else if (p.code === 'NOT_FOUND') {
    title = p.messages?.[lang] ?? t('error.notFound');
    next = t('error.notFoundNext');
  } else if (p.code === 'RATE_LIMITED') {
    title = p.messages?.[lang] ?? t('error.generic');
    next = t('error.rateLimitedNext');
  } else {
    title = p.messages?.[lang] ?? t('error.generic');
    next = p.status >= 500 ? t('error.serverNext') : t('error.requestNext');
  }
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__title">{title}</p>
      <p>{next}</p>
      {p?.detail && <p className="notice__detail">{t('error.detail', { detail: p.detail })}</p>}
      {onRetry && worthRetrying(p) && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** Asking again helps when the network or the server failed, or after a rate limit; not for a wrong address. */
function worthRetrying(p: ApiProblem | null): boolean {
  return !p || p.code === 'NETWORK' || p.code === 'RATE_LIMITED' || p.status >= 500;
}
