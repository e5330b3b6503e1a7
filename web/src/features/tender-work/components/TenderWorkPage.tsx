/**
 * /kerja/tender/:id — one tender as the officials working on it see it: its stage and schedule,
 * what is waiting for me (or why not yet), and the actions of my part — opening key, announcement,
 * clarifications, opening, evaluation, award, objections, SPPBJ. Each action is signed in this
 * browser with my own key; the page shows only what my part allows.
 */
import '../tender-work.css';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
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
import { RequireRole, useSession, type Session } from '../../../lib/session';
import { useLedgerNow } from '../api/get-calendar';
import { useObjections } from '../api/get-objections';
import { useTender } from '../api/get-tender';
import { dutiesFor, readWorkBids, readWorkTender, type WorkTender } from '../model';
import { tenderWorkPaths } from '../paths';
import { AnnounceSection } from './AnnounceSection';
import { AwardSection } from './AwardSection';
import type { WorkContext } from './context';
import { DutyText } from './DutyText';
import { EvaluationSection } from './EvaluationSection';
import { FailSection } from './FailSection';
import { ObjectionsSection } from './ObjectionsSection';
import { OpeningSection } from './OpeningSection';
import { QuestionsSection } from './QuestionsSection';
import { RecordedContext, RecordedNotice, type RecordedTx } from './Recorded';
import { SppbjSection } from './SppbjSection';
import { TENDER_ROLES } from './TenderWorkHome';
import { TimeLeft } from './TimeLeft';

export function TenderWorkPage() {
  return (
    <RequireRole roles={TENDER_ROLES}>
      <Work />
    </RequireRole>
  );
}

function hasPart(t: WorkTender, me: Session): boolean {
  return t.ppk === me.memberId || t.pokja.includes(me.memberId) || t.committee.some((s) => s.memberId === me.memberId) || (me.orgId === t.orgId && (me.roles.includes('pa') || me.roles.includes('kpa')));
}

function Work() {
  const { id = '' } = useParams();
  const { t, lang } = useLang();
  const me = useSession() as Session;
  const location = useLocation();
  // A tender just created arrives with its transaction (CreateTenderPage).
  const [recorded, setRecorded] = useState<RecordedTx | null>(() => (location.state as { recorded?: RecordedTx } | null)?.recorded ?? null);
  const q = useTender(id);
  const now = useLedgerNow();
  const orgs = useOrganizationIndex();
  const tender = q.data ? readWorkTender(q.data) : null;
  const members = useMemberIndex(tender ? [tender.orgId, ...tender.committee.map((c) => c.orgId)] : []);
  const objections = useObjections(id, !!tender && (tender.status === 'awarded' || (q.data?.history.some((e) => e.type === 'tender.objection_filed') ?? false)));
  if (q.isPending) return <Loading />;
  if (q.isError || !tender || !q.data) return <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />;
  const bids = readWorkBids(q.data);
  const duties = dutiesFor(
    tender,
    me,
    now,
    bids,
    (objections.data ?? []).map((o) => ({ no: o.no, kind: o.kind, status: o.status, appealOf: o.appealOf, bandingEndsMs: o.bandingEndsMs })),
  );
  const ctx: WorkContext = {
    detail: q.data,
    tender,
    bids,
    me,
    now,
    duties,
    orgName: (o) => orgs.get(o)?.name ?? o,
    memberName: (m) => members.get(m)?.name ?? m,
  };
  const part = hasPart(tender, me);
  return (
    <RecordedContext.Provider value={setRecorded}>
      <article className="page tender-work" data-testid="tender-work-page">
        <PageTitle
          text={tender.title}
          sub={
            <>
              <StatusBadge status={tender.status} />
              <span className="muted">
                {t('common.id')} <code>{tender.id}</code>
              </span>
              <Link to={paths.process(tender.id)}>{t('tenderWork.publicPage')}</Link>
            </>
          }
        />
        <p>
          <Link to={tenderWorkPaths.home}>{t('tenderWork.back')}</Link>
        </p>
        <dl className="key-figures">
          <div className="key-figures__item key-figures__item--main">
            <dt>{t('process.hps')}</dt>
            <dd>
              <Money value={tender.hpsRupiah} className="figure" />
            </dd>
          </div>
          <div className="key-figures__item">
            <dt>{t('tenderWork.method')}</dt>
            <dd>{t(`method.${tender.method}`, { defaultValue: tender.method })}</dd>
          </div>
          <div className="key-figures__item">
            <dt>{t('tenderWork.deadline')}</dt>
            <dd>{tender.bidDeadlineMs !== null ? <TimeLeft atMs={tender.bidDeadlineMs} now={now} /> : t('tenderWork.notAnnounced')}</dd>
          </div>
          <div className="key-figures__item">
            <dt>{t('tenderWork.ledgerNow')}</dt>
            <dd>
              <DateTime value={now} />
            </dd>
          </div>
        </dl>
        <RecordedNotice recorded={recorded} />
        {!part && <p className="notice">{t('tenderWork.noPart')}</p>}
        {tender.failure && (
          <p className="notice notice--error" data-testid="tender-failed">
            {t('tenderWork.failed', { reason: tender.failure.reason })}
          </p>
        )}

        <Section id="menunggu" title={t('tenderWork.waitingTitle')}>
          {duties.length === 0 ? (
            <p className="muted">{t('tenderWork.home.nothing')}</p>
          ) : (
            <ul className="duties" data-testid="my-duties">
              {duties.map((d, i) => (
                <li key={i} className={d.ready ? 'duty duty--ready' : 'duty'}>
                  {d.ready && <strong>{t('tenderWork.home.now')} </strong>}
                  <DutyText duty={d} now={now} />
                </li>
              ))}
            </ul>
          )}
          <p className="muted">{t('tenderWork.people', { ppk: ctx.memberName(tender.ppk), pokja: tender.pokja.map(ctx.memberName).join(', ') })}</p>
        </Section>

        <AnnounceSection ctx={ctx} />
        <OpeningSection ctx={ctx} />
        <QuestionsSection ctx={ctx} />

        {bids.length > 0 && (
          <Section id="penawaran" title={t('tenderWork.bids.title')}>
            <div className="table-wrap">
              <table className="table table--cards table--compact" data-testid="bids">
                <caption className="visually-hidden">{t('tenderWork.bids.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('tenderWork.evaluation.bidder')}</th>
                    <th scope="col">{t('common.status')}</th>
                    <th scope="col" className="num">
                      {t('tenderWork.evaluation.price')}
                    </th>
                    <th scope="col">{t('tenderWork.bids.tkdn')}</th>
                  </tr>
                </thead>
                <tbody>
                  {bids.map((b) => (
                    <tr key={b.bidder}>
                      <th scope="row" data-label={t('tenderWork.evaluation.bidder')}>
                        {ctx.orgName(b.bidder)}
                        {b.problem && <p className="field-help">{b.problem}</p>}
                      </th>
                      <td data-label={t('common.status')}>
                        <StatusBadge status={b.status} kind="bidStatus" />
                      </td>
                      <td className="num" data-label={t('tenderWork.evaluation.price')}>
                        {b.priceRupiah ? <Money value={b.priceRupiah} /> : b.status === 'sealed' ? t('tenderWork.bids.sealed') : '—'}
                      </td>
                      <td data-label={t('tenderWork.bids.tkdn')}>{b.tkdnBp !== null ? formatBp(b.tkdnBp, lang) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Section>
        )}

        <EvaluationSection key={`${tender.id}-${tender.evaluationRound}-${bids.map((b) => b.status).join()}`} ctx={ctx} />
        <AwardSection ctx={ctx} />
        <ObjectionsSection ctx={ctx} objections={objections} />
        <SppbjSection ctx={ctx} />
        <FailSection ctx={ctx} />
      </article>
    </RecordedContext.Provider>
  );
}
