/**
 * The award: the recorded evaluation ranked as the ledger ranks it (the winner must be its best
 * bid, `WINNER_NOT_BEST` otherwise), each Pokja member's approval (a majority makes the award, or
 * sends it to the PA above the threshold), and the PA's or KPA's decision (`tender.decide_award`).
 */
import { useState } from 'react';
import { DateTime } from '../../../components/ui/DateTime';
import { Money } from '../../../components/ui/Money';
import { Section } from '../../../components/ui/Section';
import { useLang } from '../../../lib/i18n';
import { ranking } from '../model';
import type { WorkContext } from './context';
import { DutyText } from './DutyText';
import { SignAction } from './SignAction';

export function AwardSection({ ctx }: { ctx: WorkContext }) {
  const { t } = useLang();
  const { tender } = ctx;
  const approve = ctx.duties.find((d) => d.action === 'approve_award');
  const decide = ctx.duties.find((d) => d.action === 'decide_award');
  const current = tender.evaluation && tender.evaluation.round === tender.evaluationRound ? tender.evaluation : null;
  if (!current && !tender.award) return null;
  const ranked = ranking(tender);
  const best = ranked[0] ?? null;
  const majority = Math.floor(tender.pokja.length / 2) + 1;
  return (
    <Section id="penetapan" title={t('tenderWork.award.title')}>
      {tender.award && (
        <p data-testid="award-made">
          {t('tenderWork.award.made', { winner: ctx.orgName(tender.award.winner), by: t(`tenderWork.decidedBy.${tender.award.decidedBy}`, { defaultValue: tender.award.decidedBy }) })} <Money value={tender.award.priceRupiah} /> · <DateTime value={tender.award.atMs} />
        </p>
      )}
      {current && ranked.length > 0 && (
        <>
          <p>{t(tender.method === 'seleksi' ? 'tenderWork.award.rankingSeleksi' : 'tenderWork.award.ranking')}</p>
          <div className="table-wrap">
            <table className="table table--cards table--compact" data-testid="ranking">
              <caption className="visually-hidden">{t('tenderWork.award.rankCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tenderWork.award.rank')}</th>
                  <th scope="col">{t('tenderWork.evaluation.bidder')}</th>
                  <th scope="col" className="num">
                    {t('tenderWork.evaluation.corrected')}
                  </th>
                  <th scope="col" className="num">
                    {t('tenderWork.evaluation.hea')}
                  </th>
                  {tender.method === 'seleksi' && <th scope="col">{t('tenderWork.evaluation.score')}</th>}
                </tr>
              </thead>
              <tbody>
                {ranked.map((l, i) => (
                  <tr key={l.bidder}>
                    <th scope="row" data-label={t('tenderWork.award.rank')}>
                      {i + 1}
                    </th>
                    <td data-label={t('tenderWork.evaluation.bidder')}>{ctx.orgName(l.bidder)}</td>
                    <td className="num" data-label={t('tenderWork.evaluation.corrected')}>
                      <Money value={l.correctedPriceRupiah} />
                    </td>
                    <td className="num" data-label={t('tenderWork.evaluation.hea')}>
                      <Money value={l.heaRupiah} />
                    </td>
                    {tender.method === 'seleksi' && <td data-label={t('tenderWork.evaluation.score')}>{l.technicalScore ?? '—'}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            {t('tenderWork.award.approvals', { n: tender.awardApprovals.length, of: tender.pokja.length, majority })}{' '}
            {tender.awardApprovals.map((a) => ctx.memberName(a.memberId)).join(', ')}
          </p>
        </>
      )}
      {approve && (
        <div className="work-action" data-testid="approve-award">
          <p>
            <DutyText duty={approve} now={ctx.now} />
          </p>
          {approve.ready && best && (
            <SignAction
              type="tender.approve_award"
              label={t('tenderWork.award.approveSubmit', { winner: ctx.orgName(best.bidder) })}
              fields={[
                { label: t('tenderWork.tender'), value: <code>{tender.id}</code> },
                { label: t('tenderWork.award.winner'), value: ctx.orgName(best.bidder) },
                { label: t('tenderWork.evaluation.corrected'), value: <Money value={best.correctedPriceRupiah} /> },
              ]}
              build={() => ({ tenderId: tender.id, winner: best.bidder })}
            />
          )}
        </div>
      )}
      {decide && tender.status === 'award_pending_pa' && <DecideAward ctx={ctx} winner={tender.awardApprovals[0]?.winner ?? best?.bidder ?? ''} />}
    </Section>
  );
}

function DecideAward({ ctx, winner }: { ctx: WorkContext; winner: string }) {
  const { t } = useLang();
  const [approve, setApprove] = useState(true);
  const [reason, setReason] = useState('');
  const ok = reason.trim().length >= 3;
  return (
    <div className="work-action" data-testid="decide-award">
      <h3>{t('tenderWork.award.decideTitle')}</h3>
      <p>{t('tenderWork.award.decideHelp', { winner: ctx.orgName(winner) })}</p>
      <fieldset className="choices">
        <legend>{t('tenderWork.award.decision')}</legend>
        <label className="check">
          <input type="radio" name="tw-decide" checked={approve} onChange={() => setApprove(true)} /> {t('tenderWork.award.confirm')}
        </label>
        <label className="check">
          <input type="radio" name="tw-decide" checked={!approve} onChange={() => setApprove(false)} /> {t('tenderWork.award.decline')}
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor="tw-decide-reason">{t('tenderWork.award.reason')}</label>
        <textarea id="tw-decide-reason" rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <SignAction
        type="tender.decide_award"
        label={t('tenderWork.award.decideSubmit')}
        disabled={!ok}
        fields={[
          { label: t('tenderWork.award.winner'), value: ctx.orgName(winner) },
          { label: t('tenderWork.award.decision'), value: approve ? t('tenderWork.award.confirm') : t('tenderWork.award.decline') },
        ]}
        build={() => ({ tenderId: ctx.tender.id, approve, reason: reason.trim() })}
      />
    </div>
  );
}
