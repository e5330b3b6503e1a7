/** A duty in words: the action, and when it is not yet possible, why (and from when). */
import { useLang } from '../../../lib/i18n';
import type { Duty } from '../model';
import { TimeLeft } from './TimeLeft';

export function DutyText({ duty, now }: { duty: Duty; now: number }) {
  const { t } = useLang();
  return (
    <>
      <span className="duty__action">{t(`tenderWork.action.${duty.action}`, duty.params ?? {})}</span>
      {duty.why && (
        <span className="duty__why">
          {' — '}
          {t(`tenderWork.why.${duty.why}`, duty.params ?? {})}
          {duty.fromMs !== undefined && (
            <>
              {' '}
              <TimeLeft atMs={duty.fromMs} now={now} />
            </>
          )}
        </span>
      )}
    </>
  );
}
