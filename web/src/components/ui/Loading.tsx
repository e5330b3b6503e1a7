import { useLang } from '../../lib/i18n';

/** A quiet loading line, announced to screen readers. */
export function Loading({ label }: { label?: string }) {
  const { t } = useLang();
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}
