/**
 * /kerja/audit/jejak — a process's or contract's full trail for an auditor: every event with who,
 * institution, block and transaction; for a tender, every bid including those still sealed (that
 * they exist, when, and their commitments — never their content before the opening); links to the
 * public pages; and the ledger proof of the record, with what was checked said plainly.
 */
import '../audit.css';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { Loading } from '../../../components/ui/Loading';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { DateTime } from '../../../components/ui/DateTime';
import { Money } from '../../../components/ui/Money';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { Timeline } from '../../../components/ledger/Timeline';
import { useLang } from '../../../lib/i18n';
import { paths } from '../../../lib/routes';
import { RequireRole } from '../../../lib/session';
import { useSubject, type Subject } from '../api/queries';
import { auditPaths } from '../paths';
import { ProofCheck } from './ProofCheck';

export function AuditTrailPage() {
  return (
    <RequireRole orgKinds={['auditor', 'regulator']}>
      <Trail />
    </RequireRole>
  );
}

function Trail() {
  const { t } = useLang();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const current = params.get('id') ?? '';
  const [q, setQ] = useState(current);
  useEffect(() => setQ(current), [current]);
  const subject = useSubject(current);
  const go = (e: FormEvent) => {
    e.preventDefault();
    const v = q.trim();
    if (v) setParams({ id: v });
  };
  return (
    <div className="page audit-trail">
      <PageTitle text={t('audit.trailTitle')} sub={<Link to={auditPaths.home}>{t('audit.backHome')}</Link>} />
      <form className="search-form__main" role="search" onSubmit={go} aria-label={t('audit.trailSearch')}>
        <label htmlFor={`${id}-id`} className="visually-hidden">
          {t('audit.trailSearch')}
        </label>
        <input id={`${id}-id`} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('audit.trailPlaceholder')} maxLength={128} autoComplete="off" />
        <button type="submit" className="button">
          {t('audit.trailButton')}
        </button>
      </form>
      {current && subject.isPending && <Loading />}
      {subject.isError && <ErrorNotice error={subject.error} />}
      {subject.data && <SubjectTrail subject={subject.data} />}
    </div>
  );
}

function SubjectTrail({ subject }: { subject: Subject }) {
  const { t } = useLang();
  const d = subject.data;
  const publicLink = subject.kind === 'contract' ? paths.contract(d.id) : paths.process(d.id);
  return (
    <>
      <Section title={d.title}>
        <p>
          <StatusBadge status={d.status} /> · {t(`audit.subjectKind.${subject.kind === 'contract' ? 'contract' : 'tender'}`)} <code>{d.id}</code> · {d.buyer.name} · <Money value={d.value} />
        </p>
        <p>
          <Link to={publicLink}>{t('audit.publicPage')}</Link>
          {subject.kind === 'contract' && subject.data.processId && (
            <>
              {' '}
              · <Link to={auditPaths.trail(subject.data.processId)}>{t('audit.itsTender')}</Link>
            </>
          )}
          {subject.kind === 'process' &&
            subject.data.contracts.map((c) => (
              <span key={c}>
                {' '}
                · <Link to={auditPaths.trail(c)}>{t('audit.itsContract', { id: c })}</Link>
              </span>
            ))}
        </p>
      </Section>
      {subject.kind === 'process' && <Bids bids={subject.data.bids} />}
      <Section title={t('audit.history')}>
        <Timeline entries={d.history} />
      </Section>
      {d.proofKey && <ProofCheck proofKey={d.proofKey} />}
    </>
  );
}

type Obj = Record<string, unknown>;

function Bids({ bids }: { bids: Obj[] }) {
  const { t } = useLang();
  return (
    <Section title={t('audit.bids')}>
      <p className="muted">{t('audit.bidsLede')}</p>
      {bids.length === 0 ? (
        <p className="empty">{t('audit.noBids')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('audit.bids')}>
          <table className="table table--compact" data-testid="audit-bids">
            <thead>
              <tr>
                <th scope="col">{t('audit.bidder')}</th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col">{t('audit.submitted')}</th>
                <th scope="col">{t('audit.commitment')}</th>
                <th scope="col" className="num">
                  {t('audit.price')}
                </th>
              </tr>
            </thead>
            <tbody>
              {bids.map((b) => {
                const content = b.content && typeof b.content === 'object' ? (b.content as Obj) : null;
                return (
                  <tr key={String(b.bidder)}>
                    <td>{String(b.bidder)}</td>
                    <td>
                      <StatusBadge status={String(b.status)} kind="bidStatus" />
                    </td>
                    <td>
                      <DateTime value={typeof b.submittedMs === 'number' ? b.submittedMs : null} /> <span className="cell-sub">{t('audit.version', { n: String(b.version ?? 1) })}</span>
                    </td>
                    <td>
                      <code className="hash">{commitmentText(b.commitment)}</code>
                    </td>
                    <td className="num">{content && typeof content.priceRupiah === 'string' ? <Money value={content.priceRupiah} /> : <span className="muted">{t('audit.sealed')}</span>}</td>
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

/** A commitment as the indexer passes it: hex, base64, or bytes as an object of numbers. */
function commitmentText(v: unknown): string {
  if (typeof v === 'string') {
    if (/^[0-9a-f]{64}$/i.test(v)) return v.toLowerCase();
    try {
      return Array.from(atob(v), (ch) => ch.charCodeAt(0).toString(16).padStart(2, '0')).join('');
    } catch {
      return v;
    }
  }
  return '—';
}
