/**
 * /kerja/penyedia — the supplier's first screen: open tenders (filter by category and value, with
 * the time left to bid), the tenders the organization registered for with its bid's state and
 * whether it won, and its contracts with what waits for it.
 */
import '../supplier-work.css';
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { Loading } from '../../../components/ui/Loading';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Money } from '../../../components/ui/Money';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { DateTime } from '../../../components/ui/DateTime';
import { useLang } from '../../../lib/i18n';
import { RequireRole, useSession } from '../../../lib/session';
import { useLedgerClock, useMyContracts, useOpportunities, useParticipations, useWonTenders, type OpportunityFilter } from '../api/queries';
import { groupThousands } from '../model';
import { supplierPaths } from '../paths';
import { Countdown } from './Countdown';

const CATEGORIES = ['goods', 'works', 'consultancy', 'other'] as const;

export function SupplierHome() {
  return (
    <RequireRole roles={['supplier_signatory']} orgKinds={['supplier']}>
      <Home />
    </RequireRole>
  );
}

function Home() {
  const { t } = useLang();
  const s = useSession()!;
  const [filter, setFilter] = useState<OpportunityFilter>({});
  return (
    <div className="page supplier-home">
      <PageTitle text={t('supplierWork.title')} sub={<p>{t('supplierWork.who', { name: s.name, org: s.orgName })}</p>} />
      <Opportunities filter={filter} onFilter={setFilter} />
      <Mine orgId={s.orgId} />
      <Contracts orgId={s.orgId} />
    </div>
  );
}

function Opportunities({ filter, onFilter }: { filter: OpportunityFilter; onFilter: (f: OpportunityFilter) => void }) {
  const { t } = useLang();
  const id = useId();
  const q = useOpportunities(filter);
  const clock = useLedgerClock();
  const [category, setCategory] = useState(filter.category ?? '');
  const [min, setMin] = useState('');
  const [max, setMax] = useState('');
  const [words, setWords] = useState('');
  const digits = (v: string) => v.replace(/\D/g, '');
  const apply = (e: FormEvent) => {
    e.preventDefault();
    onFilter({ category: category || undefined, minValue: digits(min) ? Number(digits(min)) : undefined, maxValue: digits(max) ? Number(digits(max)) : undefined, q: words.trim() || undefined });
  };
  return (
    <Section title={t('supplierWork.opportunities')}>
      <form className="filters" onSubmit={apply} aria-label={t('supplierWork.filterLabel')}>
        <div className="field">
          <label htmlFor={`${id}-q`}>{t('supplierWork.words')}</label>
          <input id={`${id}-q`} type="search" value={words} onChange={(e) => setWords(e.target.value)} maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-cat`}>{t('supplierWork.category')}</label>
          <select id={`${id}-cat`} value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{t('supplierWork.any')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-min`}>{t('supplierWork.minValue')}</label>
          <input id={`${id}-min`} inputMode="numeric" value={min} onChange={(e) => setMin(groupThousands(digits(e.target.value)))} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-max`}>{t('supplierWork.maxValue')}</label>
          <input id={`${id}-max`} inputMode="numeric" value={max} onChange={(e) => setMax(groupThousands(digits(e.target.value)))} />
        </div>
        <div className="field">
          <span aria-hidden="true">&nbsp;</span>
          <button type="submit" className="button button--secondary">
            {t('supplierWork.applyFilter')}
          </button>
        </div>
      </form>
      {q.isPending && <Loading />}
      {q.isError && <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && q.data.items.length === 0 && <p className="empty">{t('supplierWork.noOpportunities')}</p>}
      {q.data && q.data.items.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('supplierWork.opportunities')}>
          <table className="table" data-testid="opportunities">
            <thead>
              <tr>
                <th scope="col">{t('supplierWork.tender')}</th>
                <th scope="col">{t('supplierWork.buyer')}</th>
                <th scope="col" className="num">
                  {t('supplierWork.hps')}
                </th>
                <th scope="col">{t('supplierWork.deadline')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((p) => {
                const deadline = p.tenderEnd ? Date.parse(p.tenderEnd) : null;
                return (
                  <tr key={p.id}>
                    <td>
                      <Link to={supplierPaths.tender(p.id)} className="cell-title">
                        {p.title}
                      </Link>
                      <span className="cell-sub">
                        {t(`category.${p.category}`, { defaultValue: p.category })} · {t(`method.${p.method}`, { defaultValue: p.method })}
                      </span>
                    </td>
                    <td>{p.buyer.name}</td>
                    <td className="num">
                      <Money value={p.value} short />
                    </td>
                    <td>
                      {deadline !== null && Number.isFinite(deadline) ? (
                        <>
                          <DateTime value={deadline} />
                          <span className="cell-sub">
                            <Countdown deadlineMs={deadline} ledgerNow={clock.ledgerNow} scale={clock.scale} />
                          </span>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function Contracts({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const q = useMyContracts(orgId);
  return (
    <Section title={t('supplierWork.myContracts')}>
      {q.isPending && <Loading />}
      {q.isError && <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && q.data.items.length === 0 && <p className="empty">{t('supplierWork.noContracts')}</p>}
      {q.data && q.data.items.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('supplierWork.myContracts')}>
          <table className="table" data-testid="my-contracts">
            <thead>
              <tr>
                <th scope="col">{t('supplierWork.contract')}</th>
                <th scope="col">{t('supplierWork.buyer')}</th>
                <th scope="col" className="num">
                  {t('supplierWork.value')}
                </th>
                <th scope="col">{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={supplierPaths.contract(c.id)} className="cell-title">
                      {c.title}
                    </Link>
                    <span className="cell-sub">
                      <code>{c.id}</code>
                    </span>
                  </td>
                  <td>{c.buyer.name}</td>
                  <td className="num">
                    <Money value={c.value} short />
                  </td>
                  <td>
                    <StatusBadge status={c.status} />
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

/**
 * The tenders the company registered for, latest first: their state, the company's bid (none yet,
 * sealed, opened), the deadline while bids are open, and whether it won.
 */
function Mine({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const q = useParticipations();
  const won = useWonTenders(orgId);
  const clock = useLedgerClock();
  const winner = new Set((won.data?.items ?? []).map((p) => p.id));
  return (
    <Section title={t('supplierWork.myTenders')}>
      {q.isPending && <Loading />}
      {q.isError && <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && q.data.length === 0 && <p className="empty">{t('supplierWork.noTendersYet')}</p>}
      {q.data && q.data.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('supplierWork.myTenders')}>
          <table className="table" data-testid="my-tenders">
            <thead>
              <tr>
                <th scope="col">{t('supplierWork.tender')}</th>
                <th scope="col">{t('supplierWork.state')}</th>
                <th scope="col">{t('supplierWork.yourBid')}</th>
                <th scope="col">{t('supplierWork.deadline')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.map((p) => {
                const deadline = p.tenderEnd ? Date.parse(p.tenderEnd) : null;
                const open = p.status === 'announced' && deadline !== null && Number.isFinite(deadline) && deadline > clock.ledgerNow();
                return (
                  <tr key={p.id}>
                    <td>
                      <Link to={supplierPaths.tender(p.id)} className="cell-title">
                        {p.title}
                      </Link>
                      <span className="cell-sub">{p.buyer.name}</span>
                    </td>
                    <td>
                      <StatusBadge status={p.status} />
                      {winner.has(p.id) && <span className="cell-sub">{t('supplierWork.youWon')}</span>}
                    </td>
                    <td>{p.bid === null ? (open ? <strong>{t('supplierWork.bidNone')}</strong> : t('supplierWork.bidNone')) : t(`supplierWork.bidState.${p.bid}`)}</td>
                    <td>
                      {open && deadline !== null ? (
                        <>
                          <DateTime value={deadline} />
                          <span className="cell-sub">
                            <Countdown deadlineMs={deadline} ledgerNow={clock.ledgerNow} scale={clock.scale} />
                          </span>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
