/**
 * What this page has recorded on the ledger, kept on screen: an action's own form may disappear
 * once the ledger's state moves on (a signed draft becomes active, a verified milestone leaves the
 * queue), but the person still sees that it was recorded, in which block, with which transaction.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useLang } from '../../../lib/i18n';
import type { TxResult } from '../../../lib/ledger/submit';

interface Entry {
  type: string;
  label: string;
  result: TxResult;
}

const Feed = createContext<{ entries: Entry[]; report(type: string, label: string, result: TxResult): void } | null>(null);

export function TxFeedProvider({ children }: { children: ReactNode }) {
  const [entries, setEntries] = useState<Entry[]>([]);
  const report = useCallback((type: string, label: string, result: TxResult) => setEntries((es) => [...es, { type, label, result }]), []);
  const value = useMemo(() => ({ entries, report }), [entries, report]);
  return <Feed.Provider value={value}>{children}</Feed.Provider>;
}

export function useTxFeed() {
  return useContext(Feed);
}

export function TxFeedView() {
  const { t } = useLang();
  const feed = useContext(Feed);
  if (!feed || feed.entries.length === 0) return null;
  return (
    <ul className="plain cw-feed" aria-label={t('contractWork.feed.title')}>
      {feed.entries.map((e) => (
        <li key={e.result.hash} className="notice notice--ok" data-tx-type={e.type} data-height={e.result.height}>
          <p className="notice__title">
            {e.label}: {t('tx.done', { height: e.result.height })}
          </p>
          <p className="notice__detail">
            {t('tx.hash')} <code className="hash">{e.result.hash}</code>
          </p>
        </li>
      ))}
    </ul>
  );
}
