/** One complaint in the queue: what it is about, the text and evidence, who filed it; for an APIP auditor, triage and answer. */
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { DateTime } from '../../../components/ui/DateTime';
import { useLang } from '../../../lib/i18n';
import { paths } from '../../../lib/routes';
import { TxProgress, useSubmitTx, type SubmitState } from '../../../lib/ledger/submit';
import type { Complaint } from '../api/queries';
import { auditPaths, MSG, OUTCOMES } from '../paths';

function subjectLink(kind: string, id: string): string | null {
  if (kind === 'contract') return paths.contract(id);
  if (kind === 'tender') return paths.process(id);
  return null;
}

export function ComplaintCard({ complaint: c, apip }: { complaint: Complaint; apip: boolean }) {
  const { t } = useLang();
  const link = subjectLink(c.subject.kind, c.subject.id);
  // One signing state per card: triage removes its form, not its result.
  const tx = useSubmitTx();
  return (
    <article className="complaint-card" data-testid={`complaint-${c.id}`} aria-labelledby={`c-${c.id}`}>
      <h3 id={`c-${c.id}`}>
        <code>{c.id}</code> — {t(`audit.complaintStatus.${c.status}`, { defaultValue: c.status })}
      </h3>
      <dl className="terms">
        <div>
          <dt>{t('audit.about')}</dt>
          <dd>
            {t(`audit.subjectKind.${c.subject.kind}`, { defaultValue: c.subject.kind })} {link ? <Link to={link}>{c.subject.id}</Link> : <code>{c.subject.id}</code>}
            {c.subject.kind !== 'package' && (
              <>
                {' '}
                · <Link to={auditPaths.trail(c.subject.id)}>{t('audit.trailLink')}</Link>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('audit.filed')}</dt>
          <dd>
            <DateTime value={c.filedMs} /> · {c.filedBy ?? '—'} ({c.filedByOrg === 'public' ? t('audit.public') : c.filedByOrg}) · {t('audit.blockN', { height: c.filedHeight })}
          </dd>
        </div>
        <div>
          <dt>{t('audit.text')}</dt>
          <dd className="complaint-text">{c.text}</dd>
        </div>
        {c.evidenceHashes.length > 0 && (
          <div>
            <dt>{t('audit.evidence')}</dt>
            <dd>
              <ul className="plain">
                {c.evidenceHashes.map((h) => (
                  <li key={h}>
                    <Link to={`${paths.verify}?sha256=${h}`}>
                      <code className="hash">{h}</code>
                    </Link>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
        {c.triage && (
          <div>
            <dt>{t('audit.triage')}</dt>
            <dd>
              {c.triage.note} <span className="muted">({c.triage.by}, <DateTime value={c.triage.atMs} />)</span>
            </dd>
          </div>
        )}
        {c.answer && (
          <div>
            <dt>{t('audit.answer')}</dt>
            <dd>
              <strong>{t(`audit.outcome.${c.answer.outcome}`, { defaultValue: c.answer.outcome })}</strong> — {c.answer.text} <span className="muted">({c.answer.by}, <DateTime value={c.answer.atMs} />)</span>
            </dd>
          </div>
        )}
      </dl>
      {apip && c.status === 'filed' && <Triage complaintId={c.id} tx={tx} />}
      {apip && c.status !== 'answered' && <Answer complaintId={c.id} tx={tx} />}
      <TxProgress state={tx} />
    </article>
  );
}

function Triage({ complaintId, tx }: { complaintId: string; tx: SubmitState }) {
  const { t } = useLang();
  const id = useId();
  const [note, setNote] = useState('');
  const busy = tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void tx.submit(MSG.triage, { complaintId, note: note.trim() }).catch(() => undefined);
  };
  return (
    <form onSubmit={submit} className="complaint-action" aria-label={t('audit.triageFor', { id: complaintId })}>
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('audit.triageNote')}</label>
        <textarea id={`${id}-note`} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <button type="submit" className="button button--secondary" disabled={busy || note.trim().length < 3}>
        {t('audit.triageButton')}
      </button>
    </form>
  );
}

function Answer({ complaintId, tx }: { complaintId: string; tx: SubmitState }) {
  const { t } = useLang();
  const id = useId();
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('substantiated');
  const [text, setText] = useState('');
  const busy = tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void tx.submit(MSG.answer, { complaintId, outcome, text: text.trim() }).catch(() => undefined);
  };
  return (
    <form onSubmit={submit} className="complaint-action" aria-label={t('audit.answerFor', { id: complaintId })}>
      <div className="field">
        <label htmlFor={`${id}-outcome`}>{t('audit.outcomeLabel')}</label>
        <select id={`${id}-outcome`} value={outcome} onChange={(e) => setOutcome(e.target.value as (typeof OUTCOMES)[number])}>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`audit.outcome.${o}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('audit.answerText')}</label>
        <textarea id={`${id}-text`} rows={3} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <button type="submit" className="button" disabled={busy || text.trim().length < 3}>
        {t('audit.answerButton')}
      </button>
    </form>
  );
}
