/**
 * The PPK's first screen, "Perlu tindakan saya": milestones waiting for my verification,
 * selections with an award letter waiting for a contract, drafts waiting for my signature, handovers
 * to record; then my contracts.
 */
import { Link } from 'react-router';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { Money } from '../../../components/ui/Money';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { readTerms } from '../../../lib/contract-record';
import { useLang } from '../../../lib/i18n';
import { RequireRole, useSession, type Session } from '../../../lib/session';
import { useAwardedTenders } from '../api/list-awarded-tenders';
import { useContractDetails, useOrgContracts } from '../api/list-org-contracts';
import { useVerifications } from '../api/list-verifications';
import { workPaths } from '../paths';
import '../contract-work.css';

export function PpkHomePage() {
  const { t } = useLang();
  return (
    <div className="page cw-page">
      <PageTitle text={t('contractWork.ppk.title')} sub={t('contractWork.ppk.lede')} />
      <RequireRole roles={['ppk']}>
        <PpkHome />
      </RequireRole>
    </div>
  );
}

function PpkHome() {
  const { t } = useLang();
  const session = useSession() as Session;
  const verifications = useVerifications();
  const tenders = useAwardedTenders(session.orgId);
  const contracts = useOrgContracts(session.orgId);
  const summaries = contracts.data?.pages.flatMap((p) => p.items) ?? [];
  const details = useContractDetails(summaries.map((c) => c.id));
  const withContract = new Set(summaries.map((c) => c.processId));
  const awaitingContract = (tenders.data?.pages.flatMap((p) => p.items) ?? []).filter((p) => !withContract.has(p.id));
  const mine = details.flatMap((d) => (d.data && readTerms(d.data).ppk === session.memberId ? [{ c: d.data, terms: readTerms(d.data) }] : []));
  const toSign = mine.filter((x) => x.c.status === 'draft' && !x.terms.signatures.ppk);
  const handovers = mine.filter((x) => x.c.status === 'handover_requested' || x.c.status === 'maintenance');
  const loadingDetails = details.some((d) => d.isPending);
  return (
    <>
      <Section title={t('contractWork.ppk.actions')}>
        <ul className="cw-actions">
          <li>
            <h3>{t('contractWork.ppk.verify')}</h3>
            {verifications.isPending ? (
              <Loading />
            ) : verifications.isError ? (
              <ErrorNotice error={verifications.error} />
            ) : verifications.data.length === 0 ? (
              <p className="muted">{t('contractWork.ppk.noneVerify')}</p>
            ) : (
              <ul className="plain">
                {verifications.data.map((v) => (
                  <li key={`${v.contractId}/${v.milestone.id}`}>
                    <Link to={workPaths.verify(v.contractId, v.milestone.id)}>
                      {v.milestone.title} — {v.title}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </li>
          <li>
            <h3>{t('contractWork.ppk.draft')}</h3>
            {tenders.isPending || contracts.isPending ? (
              <Loading />
            ) : tenders.isError ? (
              <ErrorNotice error={tenders.error} />
            ) : awaitingContract.length === 0 ? (
              <p className="muted">{t('contractWork.ppk.noneDraft')}</p>
            ) : (
              <ul className="plain" data-testid="awaiting-contract">
                {awaitingContract.map((p) => (
                  <li key={p.id}>
                    <Link to={workPaths.draft(p.id)}>
                      {p.title} ({p.id})
                    </Link>{' '}
                    <Money value={p.value} short />
                  </li>
                ))}
              </ul>
            )}
            {tenders.hasNextPage && (
              <button type="button" className="button button--secondary" onClick={() => void tenders.fetchNextPage()}>
                {t('contractWork.more')}
              </button>
            )}
          </li>
          <li>
            <h3>{t('contractWork.ppk.sign')}</h3>
            {loadingDetails ? <Loading /> : toSign.length === 0 ? <p className="muted">{t('contractWork.ppk.noneSign')}</p> : <ContractLinks items={toSign.map((x) => x.c)} />}
          </li>
          <li>
            <h3>{t('contractWork.ppk.handover')}</h3>
            {loadingDetails ? <Loading /> : handovers.length === 0 ? <p className="muted">{t('contractWork.ppk.noneHandover')}</p> : <ContractLinks items={handovers.map((x) => x.c)} />}
          </li>
        </ul>
      </Section>
      <Section title={t('contractWork.ppk.mine')}>
        {contracts.isError ? (
          <ErrorNotice error={contracts.error} onRetry={() => void contracts.refetch()} />
        ) : contracts.isPending || loadingDetails ? (
          <Loading />
        ) : mine.length === 0 ? (
          <p className="muted">{t('contractWork.ppk.noneMine')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table table--cards">
              <caption className="visually-hidden">{t('contractWork.ppk.mine')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('contractWork.queue.contract')}</th>
                  <th scope="col">{t('contractWork.contract.supplier')}</th>
                  <th scope="col" className="num">
                    {t('contractWork.contract.value')}
                  </th>
                  <th scope="col">{t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                {mine.map(({ c }) => (
                  <tr key={c.id}>
                    <th scope="row" data-label={t('contractWork.queue.contract')}>
                      <Link to={workPaths.contract(c.id)}>{c.title}</Link>
                      <span className="cell-sub">{c.id}</span>
                    </th>
                    <td data-label={t('contractWork.contract.supplier')}>{c.supplier.name}</td>
                    <td className="num" data-label={t('contractWork.contract.value')}>
                      <Money value={c.value} short />
                    </td>
                    <td data-label={t('common.status')}>
                      <StatusBadge status={c.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {contracts.hasNextPage && (
          <button type="button" className="button button--secondary" onClick={() => void contracts.fetchNextPage()}>
            {t('contractWork.more')}
          </button>
        )}
      </Section>
    </>
  );
}

function ContractLinks({ items }: { items: Array<{ id: string; title: string; status: string }> }) {
  return (
    <ul className="plain">
      {items.map((c) => (
        <li key={c.id}>
          <Link to={workPaths.contract(c.id)}>{c.title}</Link> <StatusBadge status={c.status} />
        </li>
      ))}
    </ul>
  );
}
