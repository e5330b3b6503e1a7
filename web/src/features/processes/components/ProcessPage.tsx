/**
 * A procurement process (tender) as the public sees it: schedule with a live countdown, sealed
 * bids counted but never named before the opening, the opening (k of n shares), the evaluation,
 * the award, objections, the contract it led to, and the ledger's record of every step.
 */
import { Link, useParams } from 'react-router';
import { DocumentAnchors } from '../../../components/ledger/DocumentAnchors';
import { Timeline } from '../../../components/ledger/Timeline';
import { Who } from '../../../components/ledger/Who';
import { DateTime } from '../../../components/ui/DateTime';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { Money } from '../../../components/ui/Money';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { formatBp } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useMemberIndex, useOrganizationIndex } from '../../../lib/organizations';
import { paths } from '../../../lib/routes';
import { useProcess } from '../api/get-process';
import { readBids, readTender } from '../model';
import { Countdown } from './Countdown';

export function ProcessPage() {
  const { id = '' } = useParams();
  const { t, lang } = useLang();
  const q = useProcess(id);
  const orgs = useOrganizationIndex();
  const tender = q.data ? readTender(q.data) : null;
  const members = useMemberIndex(tender ? tender.committee.map((c) => c.orgId) : []);
  if (q.isPending)
    return (
      <div className="page">
        <PageTitle text={t('process.title')} />
        <Loading />
      </div>
    );
  if (q.isError || !tender)
    return (
      <div className="page">
        <PageTitle text={t('process.title')} />
        <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />
      </div>
    );
  const p = q.data;
  const bids = readBids(p);
  const orgName = (id: string) => orgs.get(id)?.name ?? id;
  const revealed = tender.committee.filter((c) => c.revealed).length;
  // Ledger time can run ahead of this clock (a demo network's calendar runs fast): what the
  // ledger already recorded has happened, whatever the clock says.
  const ledgerNow = Math.max(Date.now(), ...p.history.map((e) => Date.parse(e.time)).filter(Number.isFinite));
  const deadlineAhead = tender.status === 'announced' && tender.bidDeadlineMs !== null && tender.bidDeadlineMs > Date.now();
  const fromLedger = p.source === 'ledger';
  return (
    <article className="page process-page" data-testid="process-page">
      <PageTitle
        text={p.title}
        sub={
          <>
            <StatusBadge status={p.status} />
            <span className="muted">{t('contract.kind', { category: t(`category.${p.category}`, { defaultValue: p.category }), method: t(`method.${p.method}`, { defaultValue: p.method }) })}</span>
            <span className="muted">
              {t('common.id')} <code>{p.id}</code>
            </span>
          </>
        }
      />
      <dl className="key-figures">
        <div className="key-figures__item key-figures__item--main">
          <dt>{t('process.hps')}</dt>
          <dd>
            <Money value={tender.hpsRupiah ?? p.value} className="figure" />
          </dd>
        </div>
        <div className="key-figures__item">
          <dt>{t('contract.buyer')}</dt>
          <dd>{p.buyer.name}</dd>
        </div>
        {tender.award && (
          <div className="key-figures__item">
            <dt>{t('process.winner')}</dt>
            <dd>
              {orgName(tender.award.winner)}
              <span className="figure__note">
                <Money value={tender.award.priceRupiah} />
              </span>
            </dd>
          </div>
        )}
        {tender.bidDeadlineMs !== null && (
          <div className="key-figures__item">
            <dt>{t('process.deadline')}</dt>
            <dd>
              <DateTime value={tender.bidDeadlineMs} />
              {deadlineAhead && (
                <span className="figure__note">
                  <Countdown deadlineMs={tender.bidDeadlineMs} />
                </span>
              )}
            </dd>
          </div>
        )}
      </dl>
      {!fromLedger && <p className="notice">{t('contract.imported', { source: p.source })}</p>}
      {p.contracts.length > 0 && (
        <p>
          {p.contracts.map((c) => (
            <Link key={c} to={paths.contract(c)} className="button button--secondary">
              {t('process.toContract', { id: c })}
            </Link>
          ))}
        </p>
      )}
      {fromLedger && (
        <>
          <Section title={t('process.schedule.title')}>
            <ol className="schedule">
              <ScheduleItem now={ledgerNow} label={t('process.schedule.created')} ms={tender.createdMs} />
              <ScheduleItem now={ledgerNow} label={t('process.schedule.announced')} ms={tender.announcedMs} />
              <ScheduleItem now={ledgerNow} label={t('process.schedule.deadline')} ms={tender.bidDeadlineMs} />
              <ScheduleItem now={ledgerNow} label={t('process.schedule.evaluated')} ms={tender.evaluation?.atMs ?? null} />
              <ScheduleItem now={ledgerNow} label={t('process.schedule.awarded')} ms={tender.award?.atMs ?? null} />
              <ScheduleItem now={ledgerNow} label={t('process.schedule.sanggahEnds')} ms={tender.sanggahEndsMs} />
              <ScheduleItem now={ledgerNow} label={t('process.schedule.sppbj')} ms={tender.sppbj?.atMs ?? null} />
            </ol>
            {tender.failure && (
              <p className="notice notice--error">
                {t('process.failed')} <DateTime value={tender.failure.atMs} />: {tender.failure.reason}
              </p>
            )}
          </Section>
          {tender.direct ? (
            <Section title={t('process.direct.title')}>
              <dl className="terms">
                <div>
                  <dt>{t('process.direct.offer')}</dt>
                  <dd>
                    <Money value={tender.direct.offerRupiah} />
                  </dd>
                </div>
                <div>
                  <dt>{t('process.direct.negotiated')}</dt>
                  <dd>
                    <Money value={tender.direct.negotiatedRupiah} />
                  </dd>
                </div>
              </dl>
            </Section>
          ) : (
            <>
              <Section title={t('process.bids.title')}>
                {bids.length === 0 ? (
                  <p>{tender.sealedBids > 0 ? t('process.bids.sealed', { count: tender.sealedBids }) : ['draft', 'announced', 'opening'].includes(tender.status) ? t('process.bids.sealedUncounted') : t('process.bids.none')}</p>
                ) : (
                  <div className="table-wrap">
                    <table className="table table--cards">
                      <caption className="visually-hidden">{t('process.bids.title')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('process.bids.bidder')}</th>
                          <th scope="col">{t('common.status')}</th>
                          <th scope="col" className="num">
                            {t('process.bids.price')}
                          </th>
                          <th scope="col" className="num">
                            {t('process.bids.tkdn')}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {bids.map((b) => (
                          <tr key={b.bidder}>
                            <th scope="row" data-label={t('process.bids.bidder')}>
                              {orgName(b.bidder)}
                            </th>
                            <td data-label={t('common.status')}>
                              <StatusBadge status={b.status} kind="bidStatus" />
                            </td>
                            <td className="num" data-label={t('process.bids.price')}>
                              <Money value={b.priceRupiah} />
                            </td>
                            <td className="num" data-label={t('process.bids.tkdn')}>
                              {formatBp(b.tkdnBp, lang)}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
                {tender.committee.length > 0 && (
                  <>
                    <h3>{t('process.opening.title')}</h3>
                    <p>{t('process.opening.progress', { revealed, total: tender.committee.length, threshold: tender.threshold ?? '—' })}</p>
                    <ul className="plain committee">
                      {tender.committee.map((c) => (
                        <li key={c.memberId}>
                          <span className={c.revealed ? 'tick tick--yes' : 'tick'} aria-hidden="true" />
                          <Who memberId={c.memberId} orgId={c.orgId} members={members} orgs={orgs} /> — {c.revealed ? t('process.opening.revealed') : c.keyRegistered ? t('process.opening.notRevealed') : t('process.opening.noKey')}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </Section>
              <Section title={t('process.evaluation.title')}>
                {!tender.evaluation ? (
                  <p className="muted">{t('process.evaluation.none')}</p>
                ) : (
                  <>
                    <p className="muted">{t('process.evaluation.round', { round: tender.evaluation.round })}</p>
                    <div className="table-wrap">
                      <table className="table table--cards">
                        <caption className="visually-hidden">{t('process.evaluation.title')}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t('process.bids.bidder')}</th>
                            <th scope="col">{t('process.evaluation.result')}</th>
                            <th scope="col" className="num">
                              {t('process.evaluation.corrected')}
                            </th>
                            <th scope="col" className="num">
                              {t('process.evaluation.hea')}
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          {tender.evaluation.lines.map((l) => (
                            <tr key={l.bidder}>
                              <th scope="row" data-label={t('process.bids.bidder')}>
                                {orgName(l.bidder)}
                              </th>
                              <td data-label={t('process.evaluation.result')}>
                                <span className={`badge badge--${l.qualified ? 'good' : 'bad'}`}>{l.qualified ? t('process.evaluation.qualified') : t('process.evaluation.disqualified')}</span>
                                {l.reason && <span className="cell-sub">{l.reason}</span>}
                              </td>
                              <td className="num" data-label={t('process.evaluation.corrected')}>
                                <Money value={l.correctedPriceRupiah} />
                              </td>
                              <td className="num" data-label={t('process.evaluation.hea')}>
                                <Money value={l.heaRupiah} />
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  </>
                )}
                {tender.award && (
                  <p>
                    {t('process.award', { winner: orgName(tender.award.winner), by: t(`process.decidedBy.${tender.award.decidedBy}`, { defaultValue: tender.award.decidedBy }) })} <Money value={tender.award.priceRupiah} />, <DateTime value={tender.award.atMs} /> ({t('timeline.block', { height: tender.award.height })})
                  </p>
                )}
                <p>{tender.objections > 0 ? t('process.objections', { count: tender.objections }) : t('process.noObjections')}</p>
              </Section>
            </>
          )}
          <Section title={t('documents.title')}>
            <DocumentAnchors anchors={p.documents} history={p.history} />
          </Section>
          <Section title={t('timeline.title')}>
            <Timeline entries={p.history} />
          </Section>
        </>
      )}
    </article>
  );
}

function ScheduleItem({ label, ms, now }: { label: string; ms: number | null; now: number }) {
  const { t } = useLang();
  const done = ms !== null && ms <= now;
  return (
    <li className={ms === null ? 'schedule__item is-future' : done ? 'schedule__item is-done' : 'schedule__item is-next'}>
      <span className="schedule__label">{label}</span> {ms === null ? <span className="muted">{t('process.schedule.notYet')}</span> : <DateTime value={ms} />}
    </li>
  );
}
