/**
 * The award letter (SPPBJ, `tender.issue_sppbj`): the tender's PPK issues it once the sanggah
 * window has closed, no objection is open and no rejected sanggah can still be appealed; a
 * contract may then be drafted.
 */
import { DateTime } from '../../../components/ui/DateTime';
import { Money } from '../../../components/ui/Money';
import { Section } from '../../../components/ui/Section';
import { useLang } from '../../../lib/i18n';
import type { WorkContext } from './context';
import { DutyText } from './DutyText';
import { SignAction } from './SignAction';

export function SppbjSection({ ctx }: { ctx: WorkContext }) {
  const { t } = useLang();
  const { tender } = ctx;
  const duty = ctx.duties.find((d) => d.action === 'issue_sppbj');
  if (tender.sppbj)
    return (
      <Section id="sppbj" title={t('tenderWork.sppbj.title')}>
        <p data-testid="sppbj-issued">
          {t('tenderWork.sppbj.issued', { by: ctx.memberName(tender.sppbj.by) })} <DateTime value={tender.sppbj.atMs} />
        </p>
      </Section>
    );
  if (!duty || !tender.award) return null;
  return (
    <Section id="sppbj" title={t('tenderWork.sppbj.title')}>
      <p>
        <DutyText duty={duty} now={ctx.now} />
      </p>
      {duty.ready && (
        <SignAction
          type="tender.issue_sppbj"
          label={t('tenderWork.sppbj.submit')}
          fields={[
            { label: t('tenderWork.tender'), value: <code>{tender.id}</code> },
            { label: t('tenderWork.award.winner'), value: ctx.orgName(tender.award.winner) },
            { label: t('tenderWork.sppbj.price'), value: <Money value={tender.award.priceRupiah} /> },
          ]}
          build={() => ({ tenderId: tender.id })}
        />
      )}
    </Section>
  );
}
