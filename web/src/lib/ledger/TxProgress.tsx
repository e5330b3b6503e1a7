/** A transaction's progress and outcome, in the reader's language, announced to screen readers. */
import { useLang } from '../i18n';
import type { SubmitState } from './submit';

export function TxProgress({ state }: { state: SubmitState }) {
  const { t, lang } = useLang();
  const { phase, error, result } = state;
  if (phase === 'idle') return null;
  if (phase === 'error' && error) {
    const ledger = error.status === 422;
    return (
      <div className="notice notice--error tx-progress" role="alert">
        <p className="notice__title">{ledger ? t('tx.refused') : t('tx.failed')}</p>
        <p>{error.messages?.[lang] ?? t('tx.failedNext')}</p>
        {ledger && <p className="notice__detail">{t('tx.refusedCode', { code: error.code })}</p>}
        {error.detail && <p className="notice__detail">{t('error.detail', { detail: error.detail })}</p>}
        {ledger && <p>{t('tx.refusedNothingChanged')}</p>}
      </div>
    );
  }
  if (phase === 'done' && result) {
    return (
      <div className="notice notice--ok tx-progress" role="status" aria-live="polite">
        <p className="notice__title">{t('tx.done', { height: result.height })}</p>
        <p className="notice__detail">
          {t('tx.hash')} <code className="hash">{result.hash}</code>
        </p>
      </div>
    );
  }
  return (
    <p className="loading tx-progress" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t(`tx.phase.${phase === 'error' ? 'signing' : phase}`)}
    </p>
  );
}
