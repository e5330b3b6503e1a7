/** Time left until a deadline, refreshed every half minute (a countdown is a reason to move; seconds are not). */
import { useEffect, useState } from 'react';
import { useLang } from '../../../lib/i18n';

export function Countdown({ deadlineMs }: { deadlineMs: number }) {
  const { t } = useLang();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(h);
  }, []);
  const left = deadlineMs - now;
  if (left <= 0) return <span>{t('process.deadlinePassed')}</span>;
  const days = Math.floor(left / 86_400_000);
  const hours = Math.floor((left % 86_400_000) / 3_600_000);
  const minutes = Math.floor((left % 3_600_000) / 60_000);
  return <span className="countdown">{days > 0 ? t('process.leftDays', { days, hours }) : t('process.leftHours', { hours, minutes })}</span>;
}
