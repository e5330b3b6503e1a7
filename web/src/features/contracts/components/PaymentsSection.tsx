/**
 * Payment orders as the ledger computed them — gross, advance repayment, retention, penalty, net —
 * and the payments (SP2D) the treasury recorded against each.
 */
import { DateTime } from '../../../components/ui/DateTime';
import { Money } from '../../../components/ui/Money';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { Who } from '../../../components/ledger/Who';
import { formatBp } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useMemberIndex, useOrganizationIndex } from '../../../lib/organizations';
import type { Payment, PaymentOrder, Terms } from '../../../lib/contract-record';

export function PaymentsSection({ terms, orders, payments, buyerOrg }: { terms: Terms; orders: PaymentOrder[]; payments: Payment[]; buyerOrg: string | null }) {
  const { t } = useLang();
  if (orders.length === 0) return <p className="muted">{t('contract.payments.none')}</p>;
  return (
    <>
      {terms.totals && (
        <dl className="totals">
          <div>
            <dt>{t('contract.payments.orderedNet')}</dt>
            <dd>
              <Money value={terms.totals.orderedNetRupiah} />
            </dd>
          </div>
          <div>
            <dt>{t('contract.payments.paid')}</dt>
            <dd>
              <Money value={terms.totals.paidRupiah} />
            </dd>
          </div>
          <div>
            <dt>{t('contract.payments.retentionHeld')}</dt>
            <dd>
              <Money value={terms.totals.retentionHeldRupiah} />
            </dd>
          </div>
          <div>
            <dt>{t('contract.payments.penalties')}</dt>
            <dd>
              <Money value={terms.totals.penaltyAssessedRupiah} />
            </dd>
          </div>
        </dl>
      )}
      <div className="orders">
        {orders.map((o) => (
          <OrderCard key={o.no} order={o} terms={terms} buyerOrg={buyerOrg} payments={payments.filter((p) => p.orderNo === o.no)} />
        ))}
      </div>
    </>
  );
}

function OrderCard({ order: o, terms, payments, buyerOrg }: { order: PaymentOrder; terms: Terms; payments: Payment[]; buyerOrg: string | null }) {
  const { t, lang } = useLang();
  const orgs = useOrganizationIndex();
  const members = useMemberIndex(payments.length ? [buyerOrg] : []);
  const milestone = terms.milestones.find((m) => m.id === o.milestoneId);
  const heading = t('contract.payments.orderHeading', { no: o.no, kind: t(`orderKind.${o.kind}`, { defaultValue: o.kind }) });
  const headingId = `order-${o.no}`;
  const carried = o.penaltyAssessedRupiah !== o.penaltyDeductedRupiah;
  return (
    <article className="order" aria-labelledby={headingId}>
      <header className="order__head">
        <h3 id={headingId}>
          {heading}
          {milestone && <span className="order__milestone"> — {milestone.title}</span>}
        </h3>
        <StatusBadge status={o.status} kind="orderStatus" />
      </header>
      <p className="muted">
        {t('contract.payments.issued')} <DateTime value={o.issuedMs} />
        {o.issuedHeight !== null && <> · {t('timeline.block', { height: o.issuedHeight })}</>} · {t('contract.payments.issuedBy')}
      </p>
      <table className="computation">
        <caption className="visually-hidden">{t('contract.payments.computation', { no: o.no })}</caption>
        <tbody>
          <tr>
            <th scope="row">{o.kind === 'milestone' && milestone ? t('contract.payments.grossMilestone', { share: formatBp(milestone.shareBp, lang) }) : o.kind === 'retention' ? t('contract.payments.grossRetention') : t('contract.payments.grossAdvance', { share: formatBp(terms.advanceBp, lang) })}</th>
            <td className="num">
              <Money value={o.grossRupiah} />
            </td>
          </tr>
          {o.kind === 'milestone' && (
            <>
              <tr>
                <th scope="row">{t('contract.payments.advanceRepayment')}</th>
                <td className="num minus">
                  <Money value={o.advanceRepaymentRupiah} />
                </td>
              </tr>
              <tr>
                <th scope="row">{t('contract.payments.retention', { share: formatBp(terms.retentionBp, lang) })}</th>
                <td className="num minus">
                  <Money value={o.retentionRupiah} />
                </td>
              </tr>
            </>
          )}
          {(o.kind !== 'advance' || o.penaltyDeductedRupiah !== '0') && (
            <tr>
              <th scope="row">
                {o.lateDays > 0 ? t('contract.payments.penaltyLate', { count: o.lateDays, perMille: terms.penaltyPerMillePerDay ?? 1 }) : t('contract.payments.penalty')}
                {carried && <span className="cell-sub">{t('contract.payments.penaltyCarried')}</span>}
              </th>
              <td className="num minus">
                <Money value={o.penaltyDeductedRupiah} />
              </td>
            </tr>
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('contract.payments.net')}</th>
            <td className="num">
              <Money value={o.netRupiah} />
            </td>
          </tr>
          <tr className="computation__paid">
            <th scope="row">{t('contract.payments.paidOnOrder')}</th>
            <td className="num">
              <Money value={o.paidRupiah} />
            </td>
          </tr>
        </tfoot>
      </table>
      {carried && (
        <p className="cell-sub">
          {t('contract.payments.penaltyAssessed')} <Money value={o.penaltyAssessedRupiah} />
        </p>
      )}
      {payments.length > 0 && (
        <ul className="payments">
          {payments.map((p) => (
            <li key={p.no}>
              {t('contract.payments.sp2d', { number: p.sp2dNumber })}: <Money value={p.amountRupiah} />, <DateTime value={p.atMs} />
              {p.height !== null && <> · {t('timeline.block', { height: p.height })}</>} · <Who memberId={p.recordedBy} members={members} orgs={orgs} />
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
