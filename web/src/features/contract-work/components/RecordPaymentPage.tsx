/**
 * Recording an SP2D against one payment order (execution.record_payment): the order's computation,
 * what is already paid, and the payment — never more than is still due (the ledger refuses an
 * OVERPAYMENT, and the form says so first). The date of the payment is the block's.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { DateTime } from '../../../components/ui/DateTime';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { Money } from '../../../components/ui/Money';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { readOrders, readPayments } from '../../../lib/contract-record';
import { formatRupiah } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { RequireRole, useSession, type Session } from '../../../lib/session';
import { useContract } from '../api/get-contract';
import { workPaths } from '../paths';
import { parseRupiah, paymentProblems } from '../terms';
import { Field } from './Field';
import { OrderComputation } from './OrderComputation';
import { Problems } from './Problems';
import { SignAction } from './SignAction';
import { TxFeedProvider, TxFeedView } from './TxFeed';
import '../contract-work.css';

export function RecordPaymentPage() {
  const { contractId = '', orderNo = '' } = useParams();
  const { t } = useLang();
  return (
    <div className="page cw-page">
      <PageTitle text={t('contractWork.payment.title')} sub={`${contractId} · ${t('contractWork.order.no', { no: orderNo })}`} />
      <RequireRole roles={['treasury']}>
        <TxFeedProvider>
          <TxFeedView />
          <RecordPayment contractId={contractId} orderNo={Number(orderNo)} />
        </TxFeedProvider>
      </RequireRole>
    </div>
  );
}

function RecordPayment({ contractId, orderNo }: { contractId: string; orderNo: number }) {
  const { t } = useLang();
  const session = useSession() as Session;
  const c = useContract(contractId);
  if (c.isPending) return <Loading />;
  if (c.isError) return <ErrorNotice error={c.error} onRetry={() => void c.refetch()} />;
  const order = readOrders(c.data).find((o) => o.no === orderNo);
  if (!order) return <p className="notice notice--error">{t('contractWork.payment.noOrder')}</p>;
  const payments = readPayments(c.data).filter((p) => p.orderNo === orderNo);
  const due = BigInt(order.netRupiah) - BigInt(order.paidRupiah);
  return (
    <>
      <Section title={t('contractWork.payment.order')}>
        <p>
          {c.data.title} · {c.data.supplier.name} · <StatusBadge status={order.status} kind="orderStatus" />
        </p>
        <OrderComputation order={order} />
        <p>
          {t('contractWork.payment.paidSoFar')} <Money value={order.paidRupiah} /> · {t('contractWork.treasury.due')} <Money value={due} />
        </p>
      </Section>
      {payments.length > 0 && (
        <Section title={t('contractWork.payment.recorded')}>
          <ul className="plain">
            {payments.map((p) => (
              <li key={p.no}>
                SP2D {p.sp2dNumber} · <Money value={p.amountRupiah} /> · <DateTime value={p.atMs} /> · {t('contractWork.verify.block', { height: p.height ?? 0 })}
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section title={t('contractWork.payment.record')}>
        {c.data.buyer.id !== session.orgId ? <p className="notice">{t('contractWork.payment.otherOrg')}</p> : due <= 0n ? <p className="notice">{t('contractWork.payment.nothingDue')}</p> : null}
        {c.data.buyer.id === session.orgId && <PaymentForm contractId={contractId} orderNo={orderNo} due={due} />}
        <p>
          <Link to={workPaths.treasury}>{t('contractWork.payment.back')}</Link>
        </p>
      </Section>
    </>
  );
}

function PaymentForm({ contractId, orderNo, due }: { contractId: string; orderNo: number; due: bigint }) {
  const { t } = useLang();
  const [sp2d, setSp2d] = useState('');
  const [amount, setAmount] = useState(due > 0n ? due.toString() : '');
  const amountRupiah = parseRupiah(amount);
  const problems = paymentProblems(sp2d, amountRupiah, due);
  return (
    <form className="cw-form" onSubmit={(e) => e.preventDefault()} aria-label={t('contractWork.payment.record')}>
      <div className="cw-grid">
        <Field label={t('contractWork.payment.sp2d')} help={t('contractWork.payment.sp2dHelp')}>
          {(id) => <input id={id} name="sp2d" value={sp2d} onChange={(e) => setSp2d(e.currentTarget.value)} autoComplete="off" />}
        </Field>
        <Field label={t('contractWork.payment.amount')} help={amountRupiah !== null ? formatRupiah(amountRupiah) : t('contractWork.rupiahHelp')}>
          {(id) => <input id={id} name="amount" inputMode="numeric" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} />}
        </Field>
      </div>
      <p className="field-help">{t('contractWork.payment.dateFromBlock')}</p>
      <Problems problems={problems} />
      <SignAction
        type="execution.record_payment"
        body={problems.length === 0 && amountRupiah !== null ? { contractId, orderNo, sp2dNumber: sp2d.trim(), amountRupiah: amountRupiah.toString() } : null}
        blocked={problems.length > 0 ? t('contractWork.sign.fixFirst') : null}
        label={t('contractWork.payment.sign')}
        summary={[
          [t('contractWork.payment.sp2d'), sp2d.trim() || '—'],
          [t('contractWork.payment.amount'), formatRupiah(amountRupiah)],
          [t('contractWork.payment.limit'), t('contractWork.payment.limitText', { due: formatRupiah(due) })],
        ]}
      />
    </form>
  );
}
