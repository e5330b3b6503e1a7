/**
 * A Pokja member announces the tender once every seat has its opening key, with a bid deadline
 * more than one ledger day ahead (`tender.announce`). The deadline is given as a period from now,
 * in ledger time, since the ledger's calendar may run faster than the clock on a demo network.
 */
import { useState } from 'react';
import { DateTime } from '../../../components/ui/DateTime';
import { Section } from '../../../components/ui/Section';
import { useLang } from '../../../lib/i18n';
import { DAY_MS, RULES } from '../model';
import type { WorkContext } from './context';
import { DutyText } from './DutyText';
import { SignAction } from './SignAction';

export function AnnounceSection({ ctx }: { ctx: WorkContext }) {
  const { t } = useLang();
  const duty = ctx.duties.find((d) => d.action === 'announce');
  const [days, setDays] = useState(7);
  const [hours, setHours] = useState(0);
  if (!duty) return null;
  const periodMs = days * DAY_MS + hours * 3_600_000;
  // A margin for the block that records it: the ledger wants more than one day after that block.
  const tooShort = periodMs <= RULES.minBidDays * DAY_MS + 10 * 60_000;
  const deadlineMs = Math.round(ctx.now + periodMs);
  return (
    <Section id="pengumuman" title={t('tenderWork.announce.title')}>
      <p>
        <DutyText duty={duty} now={ctx.now} />
      </p>
      <div className="field-row">
        <div className="field">
          <label htmlFor="tw-days">{t('tenderWork.announce.days')}</label>
          <input id="tw-days" type="number" min={0} max={365} value={days} onChange={(e) => setDays(Math.max(0, Number(e.target.value) || 0))} aria-describedby="tw-deadline-help" />
        </div>
        <div className="field">
          <label htmlFor="tw-hours">{t('tenderWork.announce.hours')}</label>
          <input id="tw-hours" type="number" min={0} max={23} value={hours} onChange={(e) => setHours(Math.min(23, Math.max(0, Number(e.target.value) || 0)))} aria-describedby="tw-deadline-help" />
        </div>
      </div>
      <p id="tw-deadline-help" className={tooShort ? 'field-error' : 'field-help'}>
        {tooShort ? t('tenderWork.announce.tooShort', { days: RULES.minBidDays }) : t('tenderWork.announce.help', { days: RULES.minBidDays })}
      </p>
      {duty.ready && (
        <SignAction
          type="tender.announce"
          label={t('tenderWork.announce.submit')}
          disabled={tooShort}
          fields={[
            { label: t('tenderWork.tender'), value: <code>{ctx.tender.id}</code> },
            { label: t('tenderWork.announce.deadline'), value: <DateTime value={deadlineMs} /> },
          ]}
          // The deadline is computed again when signing: the time spent reading the form does not shorten the period.
          build={() => ({ tenderId: ctx.tender.id, bidDeadlineMs: Math.round(ctx.now + periodMs) })}
        />
      )}
    </Section>
  );
}
