/** Clarifications: the suppliers' questions and the Pokja's answers (`tender.answer`, each question once, before the deadline). */
import { useState } from 'react';
import { DateTime } from '../../../components/ui/DateTime';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Section } from '../../../components/ui/Section';
import { useLang } from '../../../lib/i18n';
import { useQuestions, type Question } from '../api/get-questions';
import type { WorkContext } from './context';
import { SignAction } from './SignAction';

export function QuestionsSection({ ctx }: { ctx: WorkContext }) {
  const { t } = useLang();
  const asked = ctx.detail.history.some((e) => e.type === 'tender.question_asked');
  const q = useQuestions(ctx.tender.id, asked);
  if (!asked) return null;
  const canAnswer = ctx.duties.some((d) => d.action === 'answer' && d.ready);
  return (
    <Section id="penjelasan" title={t('tenderWork.questions.title')}>
      {q.isError && <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />}
      <ol className="questions">
        {(q.data ?? []).map((x) => (
          <li key={x.no} data-testid={`question-${x.no}`}>
            <p>
              <strong>{t('tenderWork.questions.asked', { no: x.no, by: ctx.orgName(x.askedBy) })}</strong> <DateTime value={x.askedMs} />
            </p>
            <blockquote>{x.text}</blockquote>
            {x.answer !== null ? (
              <p>
                <strong>{t('tenderWork.questions.answer')}</strong> {x.answer}
              </p>
            ) : canAnswer ? (
              <AnswerForm tenderId={ctx.tender.id} q={x} />
            ) : (
              <p className="muted">{t('tenderWork.questions.unanswered')}</p>
            )}
          </li>
        ))}
      </ol>
    </Section>
  );
}

function AnswerForm({ tenderId, q }: { tenderId: string; q: Question }) {
  const { t } = useLang();
  const [answer, setAnswer] = useState('');
  const id = `tw-answer-${q.no}`;
  const ok = answer.trim().length >= 3 && answer.trim().length <= 4000;
  return (
    <div className="work-action">
      <div className="field">
        <label htmlFor={id}>{t('tenderWork.questions.yourAnswer', { no: q.no })}</label>
        <textarea id={id} rows={3} maxLength={4000} value={answer} onChange={(e) => setAnswer(e.target.value)} />
        <p className="field-help">{t('tenderWork.questions.publicText')}</p>
      </div>
      <SignAction type="tender.answer" label={t('tenderWork.questions.submit')} disabled={!ok} fields={[{ label: t('tenderWork.questions.no'), value: q.no }]} build={() => ({ tenderId, questionNo: q.no, answer: answer.trim() })} />
    </div>
  );
}
