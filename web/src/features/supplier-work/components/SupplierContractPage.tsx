/**
 * /kerja/penyedia/kontrak/:id — the supplier's side of its own contract: sign it (with the bond and
 * advance guarantee references the terms require), approve or decline an amendment the PPK
 * proposed, report progress on each termin with documents (uploaded with a progress bar, their
 * hashes anchored in the report), ask for handover, and see each payment order: ordered, paid, SP2D.
 */
import '../supplier-work.css';
import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { Loading } from '../../../components/ui/Loading';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Money } from '../../../components/ui/Money';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { DateTime } from '../../../components/ui/DateTime';
import { useLang } from '../../../lib/i18n';
import { paths } from '../../../lib/routes';
import { RequireRole, useSession } from '../../../lib/session';
import { TxProgress, useSubmitTx } from '../../../lib/ledger/submit';
import { readOrders, readPayments, readTerms, type Terms } from '../../../lib/contract-record';
import { formatBp } from '../../../lib/format';
import { useContract } from '../api/queries';
import { MSG, supplierPaths } from '../paths';
import { ProgressReport } from './ProgressReport';

export function SupplierContractPage() {
  return (
    <RequireRole roles={['supplier_signatory']} orgKinds={['supplier']}>
      <ContractWork />
    </RequireRole>
  );
}

function ContractWork() {
  const { id = '' } = useParams();
  const { t } = useLang();
  const s = useSession()!;
  const q = useContract(id);
  if (q.isPending)
    return (
      <div className="page">
        <PageTitle text={t('supplierWork.contractTitle')} />
        <Loading />
      </div>
    );
  if (q.isError)
    return (
      <div className="page">
        <PageTitle text={t('supplierWork.contractTitle')} />
        <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />
      </div>
    );
  const c = q.data;
  const terms = readTerms(c);
  const mine = c.supplier.id === s.orgId;
  return (
    <article className="page supplier-contract" data-testid="supplier-contract">
      <PageTitle
        text={c.title}
        sub={
          <>
            <StatusBadge status={c.status} />
            <span className="muted">
              {t('common.id')} <code>{c.id}</code>
            </span>
            <Link to={paths.contract(c.id)}>{t('supplierWork.publicPage')}</Link>
            <Link to={supplierPaths.home}>{t('supplierWork.backHome')}</Link>
          </>
        }
      />
      {!mine && (
        <p className="notice notice--error" role="alert">
          {t('supplierWork.notYourContract')}
        </p>
      )}
      <dl className="key-figures">
        <div className="key-figures__item key-figures__item--main">
          <dt>{t('supplierWork.value')}</dt>
          <dd>
            <Money value={terms.valueRupiah ?? c.value} className="figure" />
          </dd>
        </div>
        <div className="key-figures__item">
          <dt>{t('supplierWork.buyer')}</dt>
          <dd>{c.buyer.name}</dd>
        </div>
        <div className="key-figures__item">
          <dt>{t('supplierWork.paid')}</dt>
          <dd>
            <Money value={terms.totals?.paidRupiah ?? '0'} />
          </dd>
        </div>
      </dl>
      {mine && <Sign contractId={c.id} terms={terms} />}
      {mine && <Amendments contractId={c.id} terms={terms} active={c.status === 'active'} />}
      <Milestones contractId={c.id} terms={terms} active={c.status === 'active'} mine={mine} />
      {mine && (c.status === 'active' || c.status === 'handover_requested') && terms.milestones.length > 0 && terms.milestones.every((m) => m.status === 'verified') && <Handover contractId={c.id} active={c.status === 'active'} />}
      <Payments detail={c} />
    </article>
  );
}

function Sign({ contractId, terms }: { contractId: string; terms: Terms }) {
  const { t } = useLang();
  const id = useId();
  const tx = useSubmitTx();
  const needBond = (terms.performanceBondRupiah ?? '0') !== '0';
  const needAdvance = (terms.advanceRupiah ?? '0') !== '0';
  const [bond, setBond] = useState('');
  const [advance, setAdvance] = useState('');
  const signed = terms.signatures.supplier;
  const busy = tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing';
  const ready = (!needBond || bond.trim().length >= 3) && (!needAdvance || advance.trim().length >= 3);
  return (
    <Section title={t('supplierWork.signTitle')}>
      {signed ? (
        <p>{t('supplierWork.alreadySigned', { height: signed.height })}</p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void tx.submit(MSG.sign, { contractId, bondReference: needBond ? bond.trim() : null, advanceGuaranteeReference: needAdvance ? advance.trim() : null }).catch(() => undefined);
          }}
        >
          <p>{t('supplierWork.signLede', { ppk: terms.signatures.ppk ? t('supplierWork.ppkSigned') : t('supplierWork.ppkNotSigned') })}</p>
          <dl className="terms">
            <div>
              <dt>{t('supplierWork.value')}</dt>
              <dd>
                <Money value={terms.valueRupiah} />
              </dd>
            </div>
            <div>
              <dt>{t('supplierWork.duration')}</dt>
              <dd>{t('supplierWork.days', { n: terms.durationDays ?? 0 })}</dd>
            </div>
            <div>
              <dt>{t('supplierWork.bond')}</dt>
              <dd>
                <Money value={terms.performanceBondRupiah ?? '0'} />
              </dd>
            </div>
            <div>
              <dt>{t('supplierWork.advance')}</dt>
              <dd>
                <Money value={terms.advanceRupiah ?? '0'} />
              </dd>
            </div>
          </dl>
          {needBond && (
            <div className="field">
              <label htmlFor={`${id}-bond`}>{t('supplierWork.bondReference')}</label>
              <input id={`${id}-bond`} value={bond} maxLength={120} onChange={(e) => setBond(e.target.value)} />
            </div>
          )}
          {needAdvance && (
            <div className="field">
              <label htmlFor={`${id}-adv`}>{t('supplierWork.advanceReference')}</label>
              <input id={`${id}-adv`} value={advance} maxLength={120} onChange={(e) => setAdvance(e.target.value)} />
            </div>
          )}
          <button type="submit" className="button" disabled={busy || !ready || tx.phase === 'done'}>
            {t('supplierWork.signButton')}
          </button>
        </form>
      )}
      <TxProgress state={tx} />
    </Section>
  );
}

function Amendments({ contractId, terms, active }: { contractId: string; terms: Terms; active: boolean }) {
  const { t } = useLang();
  const tx = useSubmitTx();
  if (terms.amendments.length === 0) return null;
  const busy = tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing';
  return (
    <Section title={t('supplierWork.amendments')}>
      <ul className="plain">
        {terms.amendments.map((a) => (
          <li key={a.id} className="amendment">
            <p>
              <strong>{a.id}</strong> <StatusBadge status={a.status} kind="amendmentStatus" /> — {a.reason}
            </p>
            <p>
              {t('supplierWork.valueChange')} <Money value={a.valueChangeRupiah} /> · {t('supplierWork.extraDays', { n: a.extraDays })}
            </p>
            {a.status === 'proposed' && active && (
              <div className="actions">
                <button type="button" className="button" disabled={busy} onClick={() => void tx.submit(MSG.approveAmendment, { contractId, amendmentId: a.id }).catch(() => undefined)}>
                  {t('supplierWork.approveAmendment')}
                </button>
                <button type="button" className="button button--secondary" disabled={busy} onClick={() => void tx.submit(MSG.cancelAmendment, { contractId, amendmentId: a.id }).catch(() => undefined)}>
                  {t('supplierWork.declineAmendment')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <TxProgress state={tx} />
    </Section>
  );
}

function Milestones({ contractId, terms, active, mine }: { contractId: string; terms: Terms; active: boolean; mine: boolean }) {
  const { t, lang } = useLang();
  // One signing state for the section: a report that claims a termin removes its form, not its result.
  const tx = useSubmitTx();
  return (
    <Section title={t('supplierWork.milestones')}>
      <ul className="plain milestones">
        {terms.milestones.map((m) => (
          <li key={m.id} className="milestone" data-testid={`milestone-${m.id}`}>
            <p>
              <strong>{m.title}</strong> ({formatBp(m.shareBp, lang)}) <StatusBadge status={m.status} kind="milestoneStatus" /> · {t('supplierWork.progress', { p: formatBp(m.progressBp, lang) })}
              {m.dueMs !== null && (
                <>
                  {' '}
                  · {t('supplierWork.due')} <DateTime value={m.dueMs} />
                </>
              )}
            </p>
            {m.status === 'claimed' && <p className="muted">{t('supplierWork.awaitingVerification', { n: m.verifiers.length - m.verifications.length })}</p>}
            {mine && active && m.status === 'pending' && <ProgressReport contractId={contractId} milestone={m} tx={tx} />}
          </li>
        ))}
      </ul>
      <TxProgress state={tx} />
    </Section>
  );
}

function Handover({ contractId, active }: { contractId: string; active: boolean }) {
  const { t } = useLang();
  const tx = useSubmitTx();
  const busy = tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing';
  return (
    <Section title={t('supplierWork.handover')}>
      {active ? (
        <>
          <p>{t('supplierWork.handoverLede')}</p>
          <button type="button" className="button" disabled={busy || tx.phase === 'done'} onClick={() => void tx.submit(MSG.requestHandover, { contractId }).catch(() => undefined)}>
            {t('supplierWork.requestHandover')}
          </button>
        </>
      ) : (
        <p>{t('supplierWork.handoverRequested')}</p>
      )}
      <TxProgress state={tx} />
    </Section>
  );
}

function Payments({ detail }: { detail: Parameters<typeof readOrders>[0] }) {
  const { t } = useLang();
  const orders = readOrders(detail);
  const payments = readPayments(detail);
  return (
    <Section title={t('supplierWork.payments')}>
      {orders.length === 0 ? (
        <p className="empty">{t('supplierWork.noOrders')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('supplierWork.payments')}>
          <table className="table" data-testid="payment-status">
            <thead>
              <tr>
                <th scope="col">{t('supplierWork.orderNo')}</th>
                <th scope="col">{t('supplierWork.orderFor')}</th>
                <th scope="col" className="num">
                  {t('supplierWork.net')}
                </th>
                <th scope="col" className="num">
                  {t('supplierWork.paid')}
                </th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col">{t('supplierWork.sp2d')}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.no}>
                  <td>{o.no}</td>
                  <td>
                    {t(`orderKind.${o.kind}`, { defaultValue: o.kind })}
                    {o.milestoneId && <span className="cell-sub">{o.milestoneId}</span>}
                    {o.issuedMs !== null && (
                      <span className="cell-sub">
                        {t('supplierWork.ordered')} <DateTime value={o.issuedMs} time={false} />
                      </span>
                    )}
                  </td>
                  <td className="num">
                    <Money value={o.netRupiah} />
                  </td>
                  <td className="num">
                    <Money value={o.paidRupiah} />
                  </td>
                  <td>
                    <StatusBadge status={o.status} kind="orderStatus" />
                  </td>
                  <td>
                    {payments
                      .filter((p) => p.orderNo === o.no)
                      .map((p) => (
                        <span key={p.no} className="cell-sub">
                          {p.sp2dNumber} · <Money value={p.amountRupiah} short /> · <DateTime value={p.atMs} time={false} />
                        </span>
                      ))}
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
