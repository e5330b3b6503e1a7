/**
 * A contract as its PPK works on it: the signature (after the draft), the milestones and who is
 * still awaited, the payment orders the ledger issued, amendments against the 10 % cap (Ps 54),
 * handover (PHO → maintenance → FHO, Ps 57–58) and termination for the supplier's fault. Each
 * action shows only when the ledger would accept it from this person, and says why not otherwise.
 */
import { Link, useParams } from 'react-router';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { Money } from '../../../components/ui/Money';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { DateTime } from '../../../components/ui/DateTime';
import { readOrders, readTerms, openSlots, type Terms } from '../../../lib/contract-record';
import { formatBp, formatRupiah } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useMemberIndex, useOrganizationIndex } from '../../../lib/organizations';
import { RequireRole, useSession, type Session } from '../../../lib/session';
import { paths } from '../../../lib/routes';
import { useContract } from '../api/get-contract';
import { workPaths } from '../paths';
import { AmendmentPanel } from './AmendmentPanel';
import { HandoverPanel } from './HandoverPanel';
import { OrderComputation } from './OrderComputation';
import { SignAction } from './SignAction';
import { TerminatePanel } from './TerminatePanel';
import { TxFeedProvider, TxFeedView } from './TxFeed';
import '../contract-work.css';

export function ContractWorkPage() {
  const { id = '' } = useParams();
  return (
    <div className="page cw-page">
      <RequireRole roles={['ppk']}>
        <TxFeedProvider>
          <ContractWork id={id} />
        </TxFeedProvider>
      </RequireRole>
    </div>
  );
}

function ContractWork({ id }: { id: string }) {
  const { t } = useLang();
  const session = useSession() as Session;
  const q = useContract(id);
  const orgs = useOrganizationIndex();
  const members = useMemberIndex([q.data?.buyer.id, ...(q.data ? readTerms(q.data).milestones.flatMap((m) => m.verifications.map((v) => v.orgId)) : [])]);
  const nameOf = (memberId: string | null) => (memberId ? (members.get(memberId)?.name ?? memberId) : '—');
  if (q.isPending)
    return (
      <>
        <PageTitle text={t('contractWork.contract.title')} sub={id} />
        <Loading />
      </>
    );
  if (q.isError)
    return (
      <>
        <PageTitle text={t('contractWork.contract.title')} sub={id} />
        <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  const c = q.data;
  const terms = readTerms(c);
  const orders = readOrders(c);
  const mine = terms.ppk === session.memberId;
  const status = c.status;
  return (
    <>
      <PageTitle
        text={c.title}
        sub={
          <>
            {c.id} · <StatusBadge status={status} /> · <Link to={paths.contract(c.id)}>{t('contractWork.contract.publicPage')}</Link>
          </>
        }
      />
      <TxFeedView />
      <dl className="key-figures">
        <div className="key-figures__item key-figures__item--main">
          <dt>{t('contractWork.contract.value')}</dt>
          <dd>
            <Money value={terms.valueRupiah} />
          </dd>
        </div>
        <div className="key-figures__item">
          <dt>{t('contractWork.contract.supplier')}</dt>
          <dd>{c.supplier.name}</dd>
        </div>
        <div className="key-figures__item">
          <dt>{t('contractWork.contract.ppk')}</dt>
          <dd>
            {nameOf(terms.ppk)}
            <span className="cell-sub">{terms.ppk}</span>
          </dd>
        </div>
        <div className="key-figures__item">
          <dt>{t('contractWork.contract.paid')}</dt>
          <dd>
            <Money value={terms.totals?.paidRupiah ?? '0'} /> / <Money value={terms.totals?.orderedNetRupiah ?? '0'} />
          </dd>
        </div>
      </dl>
      {!mine && (
        <p className="notice" role="status">
          {t('contractWork.contract.notYours', { ppk: terms.ppk ?? '—' })}
        </p>
      )}

      {status === 'draft' && (
        <Section title={t('contractWork.contract.signatures')}>
          <Signatures terms={terms} contractId={c.id} mine={mine} />
        </Section>
      )}

      <Section title={t('contractWork.contract.milestones')}>
        <MilestoneTable terms={terms} contractId={c.id} session={session} orgName={(o) => orgs.get(o)?.name ?? o} nameOf={nameOf} />
      </Section>

      {orders.length > 0 && (
        <Section title={t('contractWork.contract.orders')}>
          <ul className="plain cw-orders">
            {orders.map((o) => (
              <li key={o.no} className="cw-order">
                <p className="cw-order__head">
                  {t('contractWork.order.no', { no: o.no })} · {t(`orderKind.${o.kind}`, { defaultValue: o.kind })}
                  {o.milestoneId ? ` · ${o.milestoneId}` : ''} · <StatusBadge status={o.status} kind="orderStatus" /> · <DateTime value={o.issuedMs} />
                </p>
                <OrderComputation order={o} />
                <p className="cell-sub">{t('contractWork.order.paid', { paid: formatRupiah(o.paidRupiah) })}</p>
              </li>
            ))}
          </ul>
        </Section>
      )}

      {mine && (status === 'active' || terms.amendments.length > 0) && (
        <Section title={t('contractWork.amend.title')}>
          <AmendmentPanel contractId={c.id} status={status} terms={terms} orders={orders} />
        </Section>
      )}

      {mine && (status === 'active' || status === 'handover_requested' || status === 'maintenance' || status === 'closed') && (
        <Section title={t('contractWork.handover.title')}>
          <HandoverPanel contractId={c.id} status={status} terms={terms} />
        </Section>
      )}

      {mine && (status === 'active' || status === 'handover_requested') && (
        <Section title={t('contractWork.terminate.title')}>
          <TerminatePanel contractId={c.id} terms={terms} />
        </Section>
      )}
      {status === 'terminated' && terms.termination && (
        <p className="notice notice--error">{t('contractWork.terminate.done', { reason: terms.termination.reason, bond: formatRupiah(terms.termination.bondClaimRupiah) })}</p>
      )}
    </>
  );
}

function Signatures({ terms, contractId, mine }: { terms: Terms; contractId: string; mine: boolean }) {
  const { t } = useLang();
  const bond = terms.performanceBondRupiah ?? '0';
  const advance = terms.advanceRupiah ?? '0';
  return (
    <>
      <ul className="plain">
        <li>
          {t('contractWork.contract.ppkSignature')}: {terms.signatures.ppk ? <DateTime value={terms.signatures.ppk.atMs} /> : t('contractWork.contract.notSigned')}
        </li>
        <li>
          {t('contractWork.contract.supplierSignature')}: {terms.signatures.supplier ? <DateTime value={terms.signatures.supplier.atMs} /> : t('contractWork.contract.notSigned')}
        </li>
      </ul>
      <p className="field-help">
        {t('contractWork.contract.supplierSigns', { bond: formatRupiah(bond), advance: formatRupiah(advance) })}
      </p>
      {mine && !terms.signatures.ppk && (
        <SignAction
          type="contract.sign"
          body={{ contractId, bondReference: null, advanceGuaranteeReference: null }}
          label={t('contractWork.contract.sign')}
          summary={[
            [t('contractWork.contract.value'), formatRupiah(terms.valueRupiah)],
            [t('contractWork.contract.afterSign'), t('contractWork.contract.afterSignText')],
          ]}
        />
      )}
    </>
  );
}

function MilestoneTable({ terms, contractId, session, orgName, nameOf }: { terms: Terms; contractId: string; session: Session; orgName: (id: string) => string; nameOf: (memberId: string) => string }) {
  const { t, lang } = useLang();
  const slotText = (s: Terms['milestones'][number]['verifiers'][number]) => (s.kind === 'org' ? orgName(s.orgId) : t(`contractWork.slot.${s.kind}`));
  return (
    <div className="table-wrap">
      <table className="table table--cards">
        <caption className="visually-hidden">{t('contractWork.contract.milestones')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('contractWork.contract.milestone')}</th>
            <th scope="col" className="num">
              {t('contractWork.contract.share')}
            </th>
            <th scope="col">{t('contractWork.contract.due')}</th>
            <th scope="col">{t('common.status')}</th>
            <th scope="col">{t('contractWork.contract.verifiedBy')}</th>
            <th scope="col">{t('contractWork.contract.awaiting')}</th>
          </tr>
        </thead>
        <tbody>
          {terms.milestones.map((m) => {
            const open = m.status === 'claimed' ? openSlots(m) : [];
            const myTurn = m.status === 'claimed' && open.some((s) => s.slot.kind === 'ppk') && terms.ppk === session.memberId && !m.verifications.some((v) => v.memberId === session.memberId);
            return (
              <tr key={m.id}>
                <th scope="row" data-label={t('contractWork.contract.milestone')}>
                  <span className="cell-title">{m.title}</span>
                  <span className="cell-sub">{m.id}</span>
                </th>
                <td className="num" data-label={t('contractWork.contract.share')}>
                  {formatBp(m.shareBp, lang)}
                </td>
                <td data-label={t('contractWork.contract.due')}>{m.dueMs ? <DateTime value={m.dueMs} time={false} /> : t('contractWork.contract.dueDay', { day: m.dueDay })}</td>
                <td data-label={t('common.status')}>
                  <StatusBadge status={m.status} kind="milestoneStatus" />
                  {m.status === 'pending' && m.progressBp > 0 && <span className="cell-sub">{t('contractWork.contract.progress', { progress: formatBp(m.progressBp, lang) })}</span>}
                </td>
                <td data-label={t('contractWork.contract.verifiedBy')}>{m.verifications.length ? m.verifications.map((v) => nameOf(v.memberId)).join(', ') : '—'}</td>
                <td data-label={t('contractWork.contract.awaiting')}>
                  {open.length ? open.map((s) => slotText(s.slot)).join(', ') : m.status === 'pending' ? t('contractWork.contract.awaitingClaim') : '—'}
                  {myTurn && (
                    <Link className="button cw-small" to={workPaths.verify(contractId, m.id)}>
                      {t('contractWork.contract.verifyNow')}
                    </Link>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
