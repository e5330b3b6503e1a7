/** Time left until a deadline in ledger time (refreshed every second while it runs). */
import { useEffect, useState } from 'react';
import { useLang } from '../../../lib/i18n';

export function Countdown({ deadlineMs, ledgerNow, scale }: { deadlineMs: number; ledgerNow: () => number; scale: number }) {
  const { t } = useLang();
  const [now, setNow] = useState(ledgerNow);
  useEffect(() => {
    setNow(ledgerNow());
    const h = setInterval(() => setNow(ledgerNow()), 1000);
    return () => clearInterval(h);
  }, [ledgerNow]);
  const left = deadlineMs - now;
  if (left <= 0) return <span className="countdown">{t('supplierWork.deadlinePassed')}</span>;
  const s = Math.floor(left / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return (
    <span className="countdown" title={scale !== 1 ? t('supplierWork.ledgerTimeScaled', { scale }) : undefined}>
      {d > 0 ? t('supplierWork.leftDays', { d, h }) : t('supplierWork.leftHours', { h, m })}
    </span>
  );
}
