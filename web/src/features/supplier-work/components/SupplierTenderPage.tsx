/**
 * /kerja/penyedia/tender/:id — one tender from the supplier's side: register, ask a clarification,
 * submit a bid sealed in this browser (and keep its receipt), and, after an award to another
 * bidder, file a sanggah.
 */
import '../supplier-work.css';
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
import { useLedgerClock, useTender } from '../api/queries';
import { isRegistered, readTender } from '../model';
import { MSG, supplierPaths } from '../paths';
import { Countdown } from './Countdown';
import { Clarifications } from './Clarifications';
import { SealedBid } from './SealedBid';
import { Objections } from './Objections';

export function SupplierTenderPage() {
  return (
    <RequireRole roles={['supplier_signatory']} orgKinds={['supplier']}>
      <TenderWork />
    </RequireRole>
  );
}

function TenderWork() {
  const { id = '' } = useParams();
  const { t } = useLang();
  const s = useSession()!;
  const q = useTender(id);
  const clock = useLedgerClock();
  if (q.isPending)
    return (
      <div className="page">
        <PageTitle text={t('supplierWork.tenderTitle')} />
        <Loading />
      </div>
    );
  if (q.isError)
    return (
      <div className="page">
        <PageTitle text={t('supplierWork.tenderTitle')} />
        <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />
      </div>
    );
  const d = q.data;
  const tender = readTender(d);
  const registered = isRegistered(d, s.orgId);
  const open = tender.status === 'announced' && (tender.bidDeadlineMs === null || tender.bidDeadlineMs > clock.ledgerNow());
  return (
    <article className="page supplier-tender" data-testid="supplier-tender">
      <PageTitle
        text={tender.title}
        sub={
          <>
            <StatusBadge status={tender.status} />
            <span className="muted">
              {t('common.id')} <code>{tender.id}</code>
            </span>
            <Link to={paths.process(tender.id)}>{t('supplierWork.publicPage')}</Link>
            <Link to={supplierPaths.home}>{t('supplierWork.backHome')}</Link>
          </>
        }
      />
      <dl className="key-figures">
        <div className="key-figures__item key-figures__item--main">
          <dt>{t('supplierWork.hps')}</dt>
          <dd>
            <Money value={tender.hpsRupiah} className="figure" />
          </dd>
        </div>
        <div className="key-figures__item">
          <dt>{t('supplierWork.buyer')}</dt>
          <dd>{tender.buyerName}</dd>
        </div>
        {tender.bidDeadlineMs !== null && (
          <div className="key-figures__item">
            <dt>{t('supplierWork.deadline')}</dt>
            <dd>
              <DateTime value={tender.bidDeadlineMs} />
              <br />
              <Countdown deadlineMs={tender.bidDeadlineMs} ledgerNow={clock.ledgerNow} scale={clock.scale} />
            </dd>
          </div>
        )}
        <div className="key-figures__item">
          <dt>{t('supplierWork.registration')}</dt>
          <dd data-testid="registration-state">{registered ? t('supplierWork.registered') : t('supplierWork.notRegistered')}</dd>
        </div>
      </dl>
      {(!registered || tender.status === 'announced') && <Register tenderId={tender.id} open={open} registered={registered} />}
      <SealedBid detail={d} tender={tender} orgId={s.orgId} registered={registered} open={open} />
      <Clarifications tenderId={tender.id} registered={registered} open={open} />
      <Objections detail={d} tender={tender} orgId={s.orgId} />
    </article>
  );
}

function Register({ tenderId, open, registered }: { tenderId: string; open: boolean; registered: boolean }) {
  const { t } = useLang();
  const tx = useSubmitTx();
  const busy = tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing';
  // Stays on the page after the registration lands, so that its block is shown.
  if (registered && tx.phase === 'idle') return null;
  return (
    <Section title={t('supplierWork.registerTitle')}>
      {registered ? null : open ? (
        <>
          <p>{t('supplierWork.registerLede')}</p>
          <button type="button" className="button" disabled={busy || tx.phase === 'done'} onClick={() => void tx.submit(MSG.register, { tenderId }).catch(() => undefined)}>
            {t('supplierWork.registerButton')}
          </button>
        </>
      ) : (
        <p className="muted">{t('supplierWork.registerClosed')}</p>
      )}
      <TxProgress state={tx} />
    </Section>
  );
}
