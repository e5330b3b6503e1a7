/**
 * A verifier's queue (PPK, supervision consultant, APIP): the milestones the supplier has claimed
 * complete that wait for a slot this person fits and has not filled (GET /api/v1/verifications).
 */
import { Link } from 'react-router';
import { DateTime } from '../../../components/ui/DateTime';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { PageTitle } from '../../../components/ui/PageTitle';
import { formatBp } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useOrganizationIndex } from '../../../lib/organizations';
import { RequireRole } from '../../../lib/session';
import { useVerifications, type VerificationTask } from '../api/list-verifications';
import { workPaths } from '../paths';
import '../contract-work.css';

export const VERIFIER_ROLES = ['ppk', 'supplier_signatory', 'auditor'];

export function VerificationQueuePage() {
  const { t } = useLang();
  return (
    <div className="page cw-page">
      <PageTitle text={t('contractWork.queue.title')} sub={t('contractWork.queue.lede')} />
      <RequireRole roles={VERIFIER_ROLES}>
        <Queue />
      </RequireRole>
    </div>
  );
}

function Queue() {
  const { t, lang } = useLang();
  const q = useVerifications();
  const orgs = useOrganizationIndex();
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.length === 0) return <p className="empty">{t('contractWork.queue.empty')}</p>;
  const slotText = (task: VerificationTask) => {
    const s = task.milestone.verifiers[task.slot];
    return s?.kind === 'org' ? (orgs.get(s.orgId ?? '')?.name ?? s.orgId ?? '') : t(`contractWork.slot.${s?.kind ?? 'ppk'}`);
  };
  return (
    <div className="table-wrap">
      <table className="table table--cards" data-testid="verification-queue">
        <caption className="visually-hidden">{t('contractWork.queue.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('contractWork.queue.milestone')}</th>
            <th scope="col">{t('contractWork.queue.contract')}</th>
            <th scope="col" className="num">
              {t('contractWork.contract.share')}
            </th>
            <th scope="col">{t('contractWork.queue.claimed')}</th>
            <th scope="col">{t('contractWork.queue.asWho')}</th>
            <th scope="col">{t('contractWork.queue.others')}</th>
            <th scope="col">{t('contractWork.action')}</th>
          </tr>
        </thead>
        <tbody>
          {q.data.map((task) => {
            const m = task.milestone;
            const late = m.claimedMs !== null && m.dueMs !== null && m.claimedMs > m.dueMs ? Math.ceil((m.claimedMs - m.dueMs) / 86_400_000) : 0;
            return (
              <tr key={`${task.contractId}/${m.id}`} data-milestone={`${task.contractId}/${m.id}`}>
                <th scope="row" data-label={t('contractWork.queue.milestone')}>
                  <span className="cell-title">{m.title}</span>
                  <span className="cell-sub">{m.id}</span>
                </th>
                <td data-label={t('contractWork.queue.contract')}>
                  <span className="cell-title">{task.title}</span>
                  <span className="cell-sub">
                    {task.supplier.name} · {task.buyer.name}
                  </span>
                </td>
                <td className="num" data-label={t('contractWork.contract.share')}>
                  {formatBp(m.shareBp, lang)}
                </td>
                <td data-label={t('contractWork.queue.claimed')}>
                  <DateTime value={m.claimedMs} />
                  {late > 0 && <span className="cell-sub cell-sub--warn">{t('contractWork.queue.late', { count: late })}</span>}
                </td>
                <td data-label={t('contractWork.queue.asWho')}>{slotText(task)}</td>
                <td data-label={t('contractWork.queue.others')}>{t('contractWork.queue.filled', { done: m.verifications.length, total: m.verifiers.length })}</td>
                <td data-label={t('contractWork.action')}>
                  <Link className="button" to={workPaths.verify(task.contractId, m.id)}>
                    {t('contractWork.queue.open')}
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
