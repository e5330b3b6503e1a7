/**
 * The treasury's (Bendahara / BUD) list: payment orders the ledger issued for this organization
 * that are not yet paid in full, with their computation, the CSV of the same list for the
 * treasury's own system, and the way to record an SP2D against each.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { DateTime } from '../../../components/ui/DateTime';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { Money } from '../../../components/ui/Money';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { useLang } from '../../../lib/i18n';
import { useOrganizationIndex } from '../../../lib/organizations';
import { RequireRole, useSession, type Session } from '../../../lib/session';
import { paymentOrdersCsvHref, usePaymentOrders, type OrderStatus } from '../api/list-payment-orders';
import { workPaths } from '../paths';
import '../contract-work.css';

export function TreasuryPage() {
  const { t } = useLang();
  return (
    <div className="page cw-page">
      <PageTitle text={t('contractWork.treasury.title')} sub={t('contractWork.treasury.lede')} />
      <RequireRole roles={['treasury']}>
        <Treasury />
      </RequireRole>
    </div>
  );
}

const TABS: OrderStatus[] = ['unpaid', 'part_paid', 'paid'];

function Treasury() {
  const { t } = useLang();
  const session = useSession() as Session;
  const [status, setStatus] = useState<OrderStatus>('unpaid');
  const q = usePaymentOrders(session.orgId, status);
  const orgs = useOrganizationIndex();
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Section
      title={t('contractWork.treasury.orders')}
      actions={
        <a className="button button--secondary" href={paymentOrdersCsvHref(session.orgId, status)} download>
          {t('contractWork.treasury.csv')}
        </a>
      }
    >
      <fieldset className="segmented">
        <legend className="visually-hidden">{t('contractWork.treasury.show')}</legend>
        {TABS.map((s) => (
          <label key={s} className={s === status ? 'is-selected' : ''}>
            <input type="radio" name="status" value={s} checked={s === status} onChange={() => setStatus(s)} /> {t(`orderStatus.${s}`)}
          </label>
        ))}
      </fieldset>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />
      ) : items.length === 0 ? (
        <p className="empty">{t('contractWork.treasury.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--cards" data-testid="payment-orders">
            <caption className="visually-hidden">{t('contractWork.treasury.orders')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('contractWork.treasury.order')}</th>
                <th scope="col">{t('contractWork.contract.supplier')}</th>
                <th scope="col" className="num">
                  {t('contractWork.order.gross')}
                </th>
                <th scope="col" className="num">
                  {t('contractWork.order.net')}
                </th>
                <th scope="col" className="num">
                  {t('contractWork.treasury.due')}
                </th>
                <th scope="col">{t('contractWork.treasury.issued')}</th>
                <th scope="col">{t('contractWork.action')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => {
                const due = BigInt(o.netRupiah) - BigInt(o.paidRupiah);
                return (
                  <tr key={`${o.contractId}/${o.no}`} data-order={`${o.contractId}/${o.no}`}>
                    <th scope="row" data-label={t('contractWork.treasury.order')}>
                      <span className="cell-title">
                        {o.contractId} · {t('contractWork.order.no', { no: o.no })}
                      </span>
                      <span className="cell-sub">
                        {t(`orderKind.${o.kind}`, { defaultValue: o.kind })}
                        {o.milestoneId ? ` · ${o.milestoneId}` : ''}
                      </span>
                    </th>
                    <td data-label={t('contractWork.contract.supplier')}>{orgs.get(o.supplierOrg)?.name ?? o.supplierOrg}</td>
                    <td className="num" data-label={t('contractWork.order.gross')}>
                      <Money value={o.grossRupiah} short />
                    </td>
                    <td className="num" data-label={t('contractWork.order.net')}>
                      <Money value={o.netRupiah} short />
                    </td>
                    <td className="num" data-label={t('contractWork.treasury.due')}>
                      <Money value={due} />
                    </td>
                    <td data-label={t('contractWork.treasury.issued')}>
                      <DateTime value={o.issuedAt} />
                      <StatusBadge status={o.status} kind="orderStatus" />
                    </td>
                    <td data-label={t('contractWork.action')}>
                      {due > 0n ? (
                        <Link className="button" to={workPaths.payment(o.contractId, o.no)} aria-label={t('contractWork.treasury.payFor', { contract: o.contractId, no: o.no })}>
                          {t('contractWork.treasury.pay')}
                        </Link>
                      ) : (
                        <span className="muted">{t('contractWork.treasury.nothingDue')}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {q.hasNextPage && (
        <button type="button" className="button button--secondary" onClick={() => void q.fetchNextPage()}>
          {t('contractWork.more')}
        </button>
      )}
    </Section>
  );
}
