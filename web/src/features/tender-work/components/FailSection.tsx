/**
 * Declaring the tender failed (`tender.declare_failed`, a Pokja member): no bid by the deadline;
 * fewer than k officers revealed after the grace period (the ledger names the absent officers in
 * the reason); or an evaluation in which no bid qualifies. Its package can then be re-tendered.
 */
import { useState } from 'react';
import { Section } from '../../../components/ui/Section';
import { useLang } from '../../../lib/i18n';
import type { WorkContext } from './context';
import { DutyText } from './DutyText';
import { SignAction } from './SignAction';

export function FailSection({ ctx }: { ctx: WorkContext }) {
  const { t } = useLang();
  const duty = ctx.duties.find((d) => d.action === 'declare_failed');
  const [reason, setReason] = useState('');
  if (!duty) return null;
  const absent = ctx.tender.committee.filter((s) => !s.revealed).map((s) => ctx.memberName(s.memberId));
  const ok = reason.trim().length >= 3;
  return (
    <Section id="gagal" title={t('tenderWork.fail.title')}>
      <p>
        <DutyText duty={duty} now={ctx.now} />
      </p>
      {duty.why === 'tooFewOfficers' && <p>{t('tenderWork.fail.absent', { names: absent.join(', ') })}</p>}
      {duty.ready && (
        <div className="work-action" data-testid="declare-failed">
          <div className="field">
            <label htmlFor="tw-fail-reason">{t('tenderWork.fail.reason')}</label>
            <textarea id="tw-fail-reason" rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
            <p className="field-help">{t('tenderWork.fail.help')}</p>
          </div>
          <SignAction
            type="tender.declare_failed"
            label={t('tenderWork.fail.submit')}
            disabled={!ok}
            fields={[
              { label: t('tenderWork.tender'), value: <code>{ctx.tender.id}</code> },
              { label: t('tenderWork.fail.reason'), value: reason.trim() || '—' },
            ]}
            build={() => ({ tenderId: ctx.tender.id, reason: reason.trim() })}
          />
        </div>
      )}
    </Section>
  );
}
