/** A tender's clarification questions and the Pokja's answers; a registered supplier asks before the deadline. */
import { useId, useState, type FormEvent } from 'react';
import { Section } from '../../../components/ui/Section';
import { Loading } from '../../../components/ui/Loading';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { DateTime } from '../../../components/ui/DateTime';
import { useLang } from '../../../lib/i18n';
import { TxProgress, useSubmitTx } from '../../../lib/ledger/submit';
import { useQuestions } from '../api/queries';
import { MSG } from '../paths';

export function Clarifications({ tenderId, registered, open }: { tenderId: string; registered: boolean; open: boolean }) {
  const { t } = useLang();
  const id = useId();
  const q = useQuestions(tenderId);
  const tx = useSubmitTx();
  const [text, setText] = useState('');
  const busy = tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing';
  const len = text.trim().length;
  const ask = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await tx.submit(MSG.ask, { tenderId, question: text.trim() });
      setText('');
    } catch {
      // shown by TxProgress
    }
  };
  return (
    <Section title={t('supplierWork.clarifications')}>
      {q.isPending && <Loading />}
      {q.isError && <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && q.data.length === 0 && <p className="empty">{t('supplierWork.noQuestions')}</p>}
      {q.data && q.data.length > 0 && (
        <ol className="plain questions">
          {q.data.map((x) => (
            <li key={x.no}>
              <p>
                <strong>{t('supplierWork.questionNo', { no: x.no })}</strong> <DateTime value={x.askedMs} /> — {x.text}
              </p>
              <p className={x.answer ? undefined : 'muted'}>{x.answer ? t('supplierWork.answer', { text: x.answer }) : t('supplierWork.notAnswered')}</p>
            </li>
          ))}
        </ol>
      )}
      {registered && open && (
        <form onSubmit={(e) => void ask(e)}>
          <div className="field">
            <label htmlFor={`${id}-q`}>{t('supplierWork.askLabel')}</label>
            <textarea id={`${id}-q`} rows={3} value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} aria-describedby={`${id}-help`} />
            <p id={`${id}-help`} className="field-help">
              {t('supplierWork.askHelp')}
            </p>
          </div>
          <button type="submit" className="button button--secondary" disabled={busy || len < 3}>
            {t('supplierWork.askButton')}
          </button>
        </form>
      )}
      <TxProgress state={tx} />
    </Section>
  );
}
