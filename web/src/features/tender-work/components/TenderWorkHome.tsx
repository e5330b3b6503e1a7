/**
 * /kerja/tender (and /kerja/pokja): the tenders I have a part in — as their PPK, on their Pokja,
 * with a seat on the opening committee, or as the buyer's PA/KPA — each with its stage and what is
 * waiting for me now, or later and why. The PPK starts a new tender from here.
 */
import '../tender-work.css';
import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { useLang } from '../../../lib/i18n';
import { RequireRole, useSession, type Session } from '../../../lib/session';
import { useLedgerNow } from '../api/get-calendar';
import { useMyTenders } from '../api/list-duties';
import { tenderQuery } from '../api/get-tender';
import { dutiesFor, readWorkBids, readWorkTender, type Duty } from '../model';
import { tenderWorkPaths } from '../paths';
import { DutyText } from './DutyText';

export const TENDER_ROLES = ['pokja', 'ppk', 'pa', 'kpa', 'auditor'];
const FINAL = new Set(['sppbj', 'failed']);

export function TenderWorkHome() {
  return (
    <RequireRole roles={TENDER_ROLES}>
      <Home />
    </RequireRole>
  );
}

function Home() {
  const { t } = useLang();
  const s = useSession() as Session;
  const list = useMyTenders();
  const now = useLedgerNow();
  const active = (list.data ?? []).filter((p) => !FINAL.has(p.status)).slice(0, 50);
  // The duties need each active tender's record; closed ones are only listed.
  const details = useQueries({ queries: active.map((p) => ({ ...tenderQuery(p.id), staleTime: 15_000 })) });
  const dutiesOf = new Map<string, Duty[]>();
  active.forEach((p, i) => {
    const d = details[i]?.data;
    if (d) dutiesOf.set(p.id, dutiesFor(readWorkTender(d), s, now, readWorkBids(d)));
  });
  const isPpk = s.roles.includes('ppk');
  return (
    <div className="page tender-work" data-testid="tender-work-home">
      <PageTitle text={t('tenderWork.home.title')} sub={<p>{t('tenderWork.home.sub')}</p>} />
      {isPpk && (
        <p>
          <Link className="button" to={tenderWorkPaths.create}>
            {t('tenderWork.home.create')}
          </Link>
        </p>
      )}
      {list.isPending && <Loading />}
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.length === 0 && <p>{t('tenderWork.home.none')}</p>}
      {list.data && list.data.length > 0 && (
        <Section title={t('tenderWork.home.list')}>
          <div className="table-wrap">
            <table className="table table--cards">
              <caption className="visually-hidden">{t('tenderWork.home.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tenderWork.home.tender')}</th>
                  <th scope="col">{t('tenderWork.home.stage')}</th>
                  <th scope="col">{t('tenderWork.home.myPart')}</th>
                  <th scope="col">{t('tenderWork.home.waiting')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((p) => {
                  const duties = dutiesOf.get(p.id);
                  const loading = !FINAL.has(p.status) && !duties && active.some((a) => a.id === p.id);
                  return (
                    <tr key={p.id} data-testid={`tender-row-${p.id}`}>
                      <th scope="row" data-label={t('tenderWork.home.tender')}>
                        <Link to={tenderWorkPaths.tender(p.id)}>{p.title}</Link>
                        <br />
                        <code className="muted">{p.id}</code>
                      </th>
                      <td data-label={t('tenderWork.home.stage')}>
                        <StatusBadge status={p.status} />
                      </td>
                      <td data-label={t('tenderWork.home.myPart')}>{p.duties.map((d) => t(`tenderWork.part.${d}`)).join(', ')}</td>
                      <td data-label={t('tenderWork.home.waiting')}>
                        {loading ? (
                          <span className="muted">{t('common.loading')}</span>
                        ) : duties && duties.length ? (
                          <ul className="duties">
                            {duties.map((d, i) => (
                              <li key={i} className={d.ready ? 'duty duty--ready' : 'duty'}>
                                {d.ready && <strong>{t('tenderWork.home.now')} </strong>}
                                <DutyText duty={d} now={now} />
                              </li>
                            ))}
                          </ul>
                        ) : (
                          <span className="muted">{t('tenderWork.home.nothing')}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </Section>
      )}
    </div>
  );
}
