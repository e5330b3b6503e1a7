/** A page of results at a time; "more" asks for the next page with the cursor the API gave. */
import { Link } from 'react-router';
import { DateTime } from '../../../components/ui/DateTime';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { Money } from '../../../components/ui/Money';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { useLang } from '../../../lib/i18n';
import { paths } from '../../../lib/routes';
import { useContractSearch } from '../api/list-contracts';
import { useProcessSearch } from '../api/list-processes';
import { apiFilter, type SearchState } from '../filter';

export function SearchResults({ state }: { state: SearchState }) {
  const { t } = useLang();
  const filter = apiFilter(state.filter);
  const contracts = useContractSearch(filter, state.kind === 'kontrak');
  const processes = useProcessSearch(filter, state.kind === 'tender');
  const q = state.kind === 'kontrak' ? contracts : processes;
  const searching = Object.keys(filter).some((k) => k !== 'sort');
  const heading = searching ? t('search.results') : state.kind === 'kontrak' ? t('search.recentContracts') : t('search.recentProcesses');
  const count = q.data?.pages.reduce((n, p) => n + p.items.length, 0) ?? 0;
  return (
    <section className="results" aria-labelledby="results-heading" aria-busy={q.isFetching}>
      <h2 id="results-heading">{heading}</h2>
      {q.isPending ? (
        <Loading />
      ) : q.isError && !q.data ? (
        <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />
      ) : count === 0 ? (
        <p className="empty">{t('search.none')}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {t(q.hasNextPage ? 'search.shownMore' : 'search.shown', { count })}
          </p>
          {state.kind === 'kontrak' ? <ContractTable pages={contracts.data?.pages ?? []} /> : <ProcessTable pages={processes.data?.pages ?? []} />}
          {q.isError && <ErrorNotice error={q.error} />}
          {q.hasNextPage && (
            <button type="button" className="button button--secondary more" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
              {q.isFetchingNextPage ? t('common.loading') : t('search.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

type ContractPage = NonNullable<ReturnType<typeof useContractSearch>['data']>['pages'][number];
type ProcessPage = NonNullable<ReturnType<typeof useProcessSearch>['data']>['pages'][number];

function SourceNote({ source }: { source: string }) {
  const { t } = useLang();
  return source === 'ledger' ? null : <span className="chip">{t('search.imported', { source })}</span>;
}

function ContractTable({ pages }: { pages: ContractPage[] }) {
  const { t } = useLang();
  return (
    <div className="table-wrap">
      <table className="table table--cards results-table">
        <caption className="visually-hidden">{t('search.kinds.kontrak')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('search.col.contract')}</th>
            <th scope="col">{t('contract.buyer')}</th>
            <th scope="col">{t('contract.supplier')}</th>
            <th scope="col">{t('common.status')}</th>
            <th scope="col" className="num">
              {t('contract.value')}
            </th>
            <th scope="col">{t('search.col.signed')}</th>
          </tr>
        </thead>
        <tbody>
          {pages.flatMap((p) =>
            p.items.map((c) => (
              <tr key={c.id}>
                <th scope="row" data-label={t('search.col.contract')}>
                  <Link to={paths.contract(c.id)} className="cell-title">
                    {c.title}
                  </Link>
                  <span className="cell-sub">
                    {c.id} · {t(`method.${c.method}`, { defaultValue: c.method })} <SourceNote source={c.source} />
                  </span>
                </th>
                <td data-label={t('contract.buyer')}>{c.buyer.name}</td>
                <td data-label={t('contract.supplier')}>{c.supplier.name}</td>
                <td data-label={t('common.status')}>
                  <StatusBadge status={c.status} />
                </td>
                <td className="num" data-label={t('contract.value')}>
                  <Money value={c.value} short />
                </td>
                <td data-label={t('search.col.signed')}>
                  <DateTime value={c.signedAt} time={false} />
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

function ProcessTable({ pages }: { pages: ProcessPage[] }) {
  const { t } = useLang();
  return (
    <div className="table-wrap">
      <table className="table table--cards results-table">
        <caption className="visually-hidden">{t('search.kinds.tender')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('search.col.process')}</th>
            <th scope="col">{t('contract.buyer')}</th>
            <th scope="col">{t('search.method')}</th>
            <th scope="col">{t('common.status')}</th>
            <th scope="col" className="num">
              {t('search.col.value')}
            </th>
            <th scope="col">{t('search.col.deadline')}</th>
          </tr>
        </thead>
        <tbody>
          {pages.flatMap((p) =>
            p.items.map((r) => (
              <tr key={r.id}>
                <th scope="row" data-label={t('search.col.process')}>
                  <Link to={paths.process(r.id)} className="cell-title">
                    {r.title}
                  </Link>
                  <span className="cell-sub">
                    {r.id} <SourceNote source={r.source} />
                  </span>
                </th>
                <td data-label={t('contract.buyer')}>{r.buyer.name}</td>
                <td data-label={t('search.method')}>{t(`method.${r.method}`, { defaultValue: r.method })}</td>
                <td data-label={t('common.status')}>
                  <StatusBadge status={r.status} />
                </td>
                <td className="num" data-label={t('search.col.value')}>
                  <Money value={r.value} short />
                </td>
                <td data-label={t('search.col.deadline')}>
                  <DateTime value={r.tenderEnd} />
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
