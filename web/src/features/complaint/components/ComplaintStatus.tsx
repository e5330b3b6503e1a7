/** One complaint as the ledger holds it: status, subject, text, the APIP's triage and answer. */
import { DateTime } from '../../../components/ui/DateTime';
import { useLang } from '../../../lib/i18n';
import type { ComplaintRecord } from '../api/list-complaints';

export function ComplaintStatus({ complaint: c }: { complaint: ComplaintRecord }) {
  const { t } = useLang();
  return (
    <div className="notice" role="status" data-testid="complaint-status">
      <p className="notice__title">
        <code>{c.id}</code> — {t(`complaint.status.${c.status}`, { defaultValue: c.status })}
      </p>
      <dl className="terms">
        <div>
          <dt>{t('complaint.subjectLabel')}</dt>
          <dd>
            {t(`complaint.kind.${c.subject.kind}`, { defaultValue: c.subject.kind })}: <code>{c.subject.id}</code>
          </dd>
        </div>
        <div>
          <dt>{t('complaint.filedAt')}</dt>
          <dd>
            <DateTime value={c.filedMs} /> · {t('complaint.block', { height: c.filedHeight })}
          </dd>
        </div>
        <div>
          <dt>{t('complaint.textLabel')}</dt>
          <dd className="complaint-text">{c.text}</dd>
        </div>
        {c.triage && (
          <div>
            <dt>{t('complaint.triageLabel')}</dt>
            <dd>
              {c.triage.note} <span className="muted">(<DateTime value={c.triage.atMs} />)</span>
            </dd>
          </div>
        )}
        {c.answer && (
          <div>
            <dt>{t('complaint.answerLabel')}</dt>
            <dd>
              <strong>{t(`complaint.outcome.${c.answer.outcome}`, { defaultValue: c.answer.outcome })}</strong> — {c.answer.text} <span className="muted">(<DateTime value={c.answer.atMs} />)</span>
            </dd>
          </div>
        )}
      </dl>
    </div>
  );
}
