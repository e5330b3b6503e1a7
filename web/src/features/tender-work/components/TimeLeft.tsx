/** How long until a ledger time, in words ("2 hari 4 jam lagi"), with the date itself. */
import { DateTime } from '../../../components/ui/DateTime';
import { useLang } from '../../../lib/i18n';
import { DAY_MS } from '../model';

export function TimeLeft({ atMs, now }: { atMs: number; now: number }) {
  const { t } = useLang();
  const left = atMs - now;
  if (left <= 0) return <DateTime value={atMs} />;
  const days = Math.floor(left / DAY_MS);
  const hours = Math.floor((left % DAY_MS) / 3_600_000);
  const minutes = Math.max(1, Math.ceil((left % 3_600_000) / 60_000));
  return (
    <span>
      {days > 0 ? t('tenderWork.left.days', { days, hours }) : hours > 0 ? t('tenderWork.left.hours', { hours, minutes }) : t('tenderWork.left.minutes', { minutes })} (<DateTime value={atMs} />)
    </span>
  );
}
