/**
 * /kerja/audit — the auditor's first screen: the complaints queue (filed, under review, answered;
 * an APIP auditor triages and answers here, others read), and the refused transactions — attempts
 * the ledger turned down, evidence in themselves. Everything else here is read-only.
 */
import '../audit.css';
import { useState } from 'react';
import { Link } from 'react-router';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { Loading } from '../../../components/ui/Loading';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { DateTime } from '../../../components/ui/DateTime';
import { useLang } from '../../../lib/i18n';
import { RequireRole, useSession } from '../../../lib/session';
import { useComplaintQueue, useRefused } from '../api/queries';
import { auditPaths } from '../paths';
import { ComplaintCard } from './ComplaintCard';

// All first: a complaint that moves on (triaged, answered) stays in view with its result.
const STATUSES = ['', 'filed', 'investigating', 'answered'] as const;

export function AuditHome() {
  return (
    <RequireRole orgKinds={['auditor', 'regulator']}>
      <Home />
    </RequireRole>
  );
}

function Home() {
  const { t } = useLang();
  const s = useSession()!;
  const apip = s.auditorKind === 'apip' && s.roles.includes('auditor');
  return (
    <div className="page audit-home">
      <PageTitle text={t('audit.title')} sub={<p>{t('audit.who', { name: s.name, org: s.orgName })}</p>} />
      <p>
        <Link to={auditPaths.trail()}>{t('audit.toTrail')}</Link>
      </p>
      <Complaints apip={apip} />
      <Refused />
    </div>
  );
}

function Complaints({ apip }: { apip: boolean }) {
  const { t } = useLang();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  const q = useComplaintQueue(status);
  return (
    <Section title={t('audit.complaints')}>
      <p className="muted">{apip ? t('audit.apipCan') : t('audit.readOnly')}</p>
      <fieldset className="segmented">
        <legend className="visually-hidden">{t('audit.statusFilter')}</legend>
        {STATUSES.map((st) => (
          <label key={st || 'all'} className={status === st ? 'is-selected' : undefined}>
            <input type="radio" name="complaint-status" value={st} checked={status === st} onChange={() => setStatus(st)} />
            {st ? t(`audit.complaintStatus.${st}`) : t('audit.all')}
          </label>
        ))}
      </fieldset>
      {q.isPending && <Loading />}
      {q.isError && <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && q.data.length === 0 && <p className="empty">{t('audit.noComplaints')}</p>}
      {q.data && q.data.length > 0 && (
        <ul className="plain complaint-queue" data-testid="complaint-queue">
          {q.data.map((c) => (
            <li key={c.id}>
              <ComplaintCard complaint={c} apip={apip} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Refused() {
  const { t } = useLang();
  const q = useRefused(100);
  return (
    <Section title={t('audit.refused')}>
      <p className="muted">{t('audit.refusedLede')}</p>
      {q.isPending && <Loading />}
      {q.isError && <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && q.data.length === 0 && <p className="empty">{t('audit.noRefused')}</p>}
      {q.data && q.data.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('audit.refused')}>
          <table className="table table--compact" data-testid="refused">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.txType')}</th>
                <th scope="col">{t('audit.signer')}</th>
                <th scope="col">{t('audit.refusal')}</th>
                <th scope="col">{t('audit.block')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.map((r) => (
                <tr key={r.hash}>
                  <td>
                    <DateTime value={r.time} />
                  </td>
                  <td>
                    <code>{r.type}</code>
                  </td>
                  <td>
                    {r.signer}
                    <span className="cell-sub">{r.org}</span>
                  </td>
                  <td>
                    <strong>{r.result}</strong>
                    <span className="cell-sub">{r.log}</span>
                  </td>
                  <td>
                    {r.height}
                    <span className="cell-sub">
                      <code className="hash" title={r.hash}>
                        {r.hash.slice(0, 12)}…
                      </code>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
