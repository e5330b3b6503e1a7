/**
 * The public contract page: what was agreed, by whom, what has been done and paid and why that
 * amount, what changed, and the ledger's record of every step.
 */
import { useParams } from 'react-router';
import { DocumentAnchors } from '../../../components/ledger/DocumentAnchors';
import { Timeline } from '../../../components/ledger/Timeline';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { useLang } from '../../../lib/i18n';
import { useContract } from '../api/get-contract';
import { readOrders, readPayments, readTerms } from '../../../lib/contract-record';
import { AmendmentsSection } from './AmendmentsSection';
import { ContractHeader } from './ContractHeader';
import { MilestonesSection } from './MilestonesSection';
import { PaymentsSection } from './PaymentsSection';
import { SCurve } from './SCurve';
import { TermsSection } from './TermsSection';

export function ContractPage() {
  const { id = '' } = useParams();
  const { t } = useLang();
  const q = useContract(id);
  if (q.isPending)
    return (
      <div className="page">
        <PageTitle text={t('contract.title')} />
        <Loading />
      </div>
    );
  if (q.isError)
    return (
      <div className="page">
        <PageTitle text={t('contract.title')} />
        <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />
      </div>
    );
  const c = q.data;
  const terms = readTerms(c);
  const orders = readOrders(c);
  const payments = readPayments(c);
  const fromLedger = c.source === 'ledger';
  const sections = fromLedger
    ? [
        ['ketentuan', t('contract.terms.title')],
        ['termin', t('contract.milestones.title')],
        ['pembayaran', t('contract.payments.title')],
        ['adendum', t('contract.amendments.title')],
        ['kurva-s', t('contract.curve.title')],
        ['dokumen', t('documents.title')],
        ['riwayat', t('timeline.title')],
      ]
    : [];
  return (
    <article className="page contract-page" data-testid="contract-page">
      <ContractHeader contract={c} terms={terms} orders={orders} />
      {!fromLedger && <p className="notice">{t('contract.imported', { source: c.source })}</p>}
      {sections.length > 0 && (
        <nav className="on-page" aria-label={t('common.onThisPage')}>
          <ul>
            {sections.map(([anchor, label]) => (
              <li key={anchor}>
                <a href={`#${anchor}`}>{label}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {fromLedger && (
        <>
          <Section id="ketentuan" title={t('contract.terms.title')}>
            <TermsSection terms={terms} />
          </Section>
          <Section id="termin" title={t('contract.milestones.title')}>
            <MilestonesSection terms={terms} orders={orders} />
          </Section>
          <Section id="pembayaran" title={t('contract.payments.title')}>
            <PaymentsSection terms={terms} orders={orders} payments={payments} buyerOrg={c.buyer.id} />
          </Section>
          <Section id="adendum" title={t('contract.amendments.title')}>
            <AmendmentsSection terms={terms} />
          </Section>
          <Section id="kurva-s" title={t('contract.curve.title')}>
            <SCurve terms={terms} />
          </Section>
          <Section id="dokumen" title={t('documents.title')}>
            <DocumentAnchors anchors={c.documents} history={c.history} />
          </Section>
          <Section id="riwayat" title={t('timeline.title')}>
            <Timeline entries={c.history} />
          </Section>
        </>
      )}
    </article>
  );
}
