/** Each milestone (termin): its share, due date, status, who verified it and who is still awaited. */
import { DateTime } from '../../../components/ui/DateTime';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { Who } from '../../../components/ledger/Who';
import { formatBp } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useMemberIndex, useOrganizationIndex } from '../../../lib/organizations';
import { openSlots, type PaymentOrder, type Terms } from '../../../lib/contract-record';
import { SlotLabel } from './SlotLabel';

export function MilestonesSection({ terms, orders }: { terms: Terms; orders: PaymentOrder[] }) {
  const { t, lang } = useLang();
  const orgs = useOrganizationIndex();
  const members = useMemberIndex(terms.milestones.flatMap((m) => m.verifications.map((v) => v.orgId)));
  if (terms.milestones.length === 0) return <p className="muted">{t('contract.milestones.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="table table--cards">
        <caption className="visually-hidden">{t('contract.milestones.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('contract.milestones.milestone')}</th>
            <th scope="col" className="num">
              {t('contract.milestones.share')}
            </th>
            <th scope="col">{t('contract.milestones.due')}</th>
            <th scope="col">{t('common.status')}</th>
            <th scope="col">{t('contract.milestones.verifiedBy')}</th>
            <th scope="col">{t('contract.milestones.awaiting')}</th>
          </tr>
        </thead>
        <tbody>
          {terms.milestones.map((m) => {
            const order = orders.find((o) => o.milestoneId === m.id);
            const late = order?.lateDays ?? (m.claimedMs !== null && m.dueMs !== null && m.claimedMs > m.dueMs ? Math.ceil((m.claimedMs - m.dueMs) / 86_400_000) : 0);
            const open = m.status === 'claimed' ? openSlots(m) : m.status === 'pending' ? m.verifiers.map((slot, index) => ({ slot, index })) : [];
            return (
              <tr key={m.id}>
                <th scope="row" data-label={t('contract.milestones.milestone')}>
                  <span className="cell-title">{m.title}</span>
                  <span className="cell-sub">{m.id}</span>
                </th>
                <td className="num" data-label={t('contract.milestones.share')}>
                  {formatBp(m.shareBp, lang)}
                </td>
                <td data-label={t('contract.milestones.due')}>
                  <DateTime value={m.dueMs} time={false} />
                  {late > 0 && <span className="cell-sub cell-sub--warn">{t('contract.milestones.late', { count: late })}</span>}
                </td>
                <td data-label={t('common.status')}>
                  <StatusBadge status={m.status} kind="milestoneStatus" />
                  {m.status === 'pending' && m.progressBp > 0 && <span className="cell-sub">{t('contract.milestones.reported', { progress: formatBp(m.progressBp, lang) })}</span>}
                  {m.rejections > 0 && <span className="cell-sub">{t('contract.milestones.rejections', { count: m.rejections })}</span>}
                </td>
                <td data-label={t('contract.milestones.verifiedBy')}>
                  {m.verifications.length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    <ul className="plain">
                      {m.verifications.map((v) => (
                        <li key={v.slot}>
                          <Who memberId={v.memberId} orgId={v.orgId} members={members} orgs={orgs} /> <span className="cell-sub">
                            <DateTime value={v.atMs} />
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td data-label={t('contract.milestones.awaiting')}>
                  {open.length === 0 ? (
                    <span className="muted">{m.status === 'verified' ? t('contract.milestones.nobody') : '—'}</span>
                  ) : (
                    <ul className="plain">
                      {open.map((s) => (
                        <li key={s.index}>
                          <SlotLabel slot={s.slot} ppk={terms.ppk} orgs={orgs} />
                        </li>
                      ))}
                    </ul>
                  )}
                  {m.status === 'pending' && <span className="cell-sub">{t('contract.milestones.awaitingClaim')}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
