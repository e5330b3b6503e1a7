/**
 * The last action recorded on this page, kept at the page's level: the section that signed it
 * usually disappears once the ledger has recorded it (its duty is done), and the person must still
 * see "recorded in block N" with its transaction.
 */
import { createContext, useContext } from 'react';
import { useLang } from '../../../lib/i18n';
import type { TxResult } from '../../../lib/ledger/submit';

export interface RecordedTx {
  type: string;
  result: TxResult;
}

export const RecordedContext = createContext<((r: RecordedTx) => void) | null>(null);

export function useRecordedSetter() {
  return useContext(RecordedContext);
}

export function RecordedNotice({ recorded }: { recorded: RecordedTx | null }) {
  const { t } = useLang();
  if (!recorded) return null;
  return (
    <div className="notice notice--ok" role="status" aria-live="polite" data-testid="recorded">
      <p className="notice__title">
        <code>{recorded.type}</code> — {t('tx.done', { height: recorded.result.height })}
      </p>
      <p className="notice__detail">
        {t('tx.hash')} <code className="hash">{recorded.result.hash}</code>
      </p>
    </div>
  );
}
