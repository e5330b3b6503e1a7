/**
 * Objections: each sanggah (answered by a Pokja member) and sanggah banding (works only, decided by
 * the PA or a KPA), with its answer (`tender.answer_objection`). Upholding one reopens the
 * evaluation (next round: evaluation, award and approvals cleared, other open objections
 * superseded); rejecting a sanggah on a works tender opens a five-day appeal window.
 */
import { useState } from 'react';
import { DateTime } from '../../../components/ui/DateTime';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Section } from '../../../components/ui/Section';
import { useLang } from '../../../lib/i18n';
import { useObjections, type Objection } from '../api/get-objections';
import { RULES } from '../model';
import type { WorkContext } from './context';
import { SignAction } from './SignAction';
import { TimeLeft } from './TimeLeft';

export function ObjectionsSection({ ctx, objections }: { ctx: WorkContext; objections: ReturnType<typeof useObjections> }) {
  const { t } = useLang();
  const { tender } = ctx;
  const filed = ctx.detail.history.some((e) => e.type === 'tender.objection_filed');
  if (!filed && tender.status !== 'awarded') return null;
  const mayAnswer = (o: Objection) => ctx.duties.some((d) => d.action === 'answer_objection' && d.params?.no === o.no);
  return (
    <Section id="sanggah" title={t('tenderWork.objections.title')}>
      {tender.status === 'awarded' && tender.sanggahEndsMs !== null && (
        <p>
          {t('tenderWork.objections.window', { days: RULES.sanggahDays })} <TimeLeft atMs={tender.sanggahEndsMs} now={ctx.now} />
        </p>
      )}
      {objections.isError && <ErrorNotice error={objections.error} onRetry={() => void objections.refetch()} />}
      {objections.data && objections.data.length === 0 && <p className="muted">{t('tenderWork.objections.none')}</p>}
      <ol className="objections">
        {(objections.data ?? []).map((o) => (
          <li key={o.no} data-testid={`objection-${o.no}`}>
            <p>
              <strong>{t(`tenderWork.objections.kind.${o.kind}`, { no: o.no, by: ctx.orgName(o.filedBy) })}</strong> <span className={`badge badge--${o.status === 'upheld' ? 'good' : o.status === 'open' ? 'progress' : 'neutral'}`}>{t(`tenderWork.objections.status.${o.status}`)}</span> <DateTime value={o.filedMs} />
            </p>
            <blockquote>{o.text}</blockquote>
            {o.answer !== null && (
              <p>
                <strong>{t('tenderWork.objections.answer')}</strong> {o.answer}
                {o.answeredLate && <span className="muted"> · {t('tenderWork.objections.late')}</span>}
              </p>
            )}
            {o.status === 'rejected' && o.bandingEndsMs !== null && (
              <p className="muted">
                {t('tenderWork.objections.appealUntil')} <TimeLeft atMs={o.bandingEndsMs} now={ctx.now} />
              </p>
            )}
            {o.status === 'open' && mayAnswer(o) && <AnswerObjection ctx={ctx} o={o} />}
            {o.status === 'open' && !mayAnswer(o) && <p className="muted">{t(o.kind === 'banding' ? 'tenderWork.objections.waitPa' : 'tenderWork.objections.waitPokja')}</p>}
          </li>
        ))}
      </ol>
    </Section>
  );
}

function AnswerObjection({ ctx, o }: { ctx: WorkContext; o: Objection }) {
  const { t } = useLang();
  const [upheld, setUpheld] = useState<boolean | null>(null);
  const [answer, setAnswer] = useState('');
  const ok = upheld !== null && answer.trim().length >= 3;
  const name = `tw-upheld-${o.no}`;
  return (
    <div className="work-action" data-testid={`answer-objection-${o.no}`}>
      <fieldset className="choices">
        <legend>{t('tenderWork.objections.decision', { no: o.no })}</legend>
        <label className="check">
          <input type="radio" name={name} checked={upheld === true} onChange={() => setUpheld(true)} /> {t('tenderWork.objections.upheld')}
        </label>
        <label className="check">
          <input type="radio" name={name} checked={upheld === false} onChange={() => setUpheld(false)} /> {t('tenderWork.objections.rejected')}
        </label>
      </fieldset>
      {upheld !== null && <p className="field-help">{upheld ? t('tenderWork.objections.upheldFollows', { round: ctx.tender.evaluationRound + 1 }) : ctx.tender.category === 'works' && o.kind === 'sanggah' ? t('tenderWork.objections.rejectedWorks', { days: RULES.bandingDays }) : t('tenderWork.objections.rejectedFollows')}</p>}
      <div className="field">
        <label htmlFor={`tw-objection-answer-${o.no}`}>{t('tenderWork.objections.yourAnswer')}</label>
        <textarea id={`tw-objection-answer-${o.no}`} rows={3} maxLength={4000} value={answer} onChange={(e) => setAnswer(e.target.value)} />
        <p className="field-help">{t('tenderWork.questions.publicText')}</p>
      </div>
      <SignAction
        type="tender.answer_objection"
        label={t('tenderWork.objections.submit')}
        disabled={!ok}
        fields={[
          { label: t('tenderWork.objections.no'), value: o.no },
          { label: t('tenderWork.objections.decisionShort'), value: upheld === null ? '—' : upheld ? t('tenderWork.objections.upheld') : t('tenderWork.objections.rejected') },
        ]}
        build={() => (upheld === null ? null : { tenderId: ctx.tender.id, objectionNo: o.no, upheld, answer: answer.trim() })}
      />
    </div>
  );
}
