/**
 * One milestone as its verifier sees it: what the supplier reported (progress, documents to
 * download and check), who has verified and who is still awaited, and the verification itself
 * (approve, or reject with a reason: execution.verify_milestone). When the last slot is filled the
 * ledger issues the payment order in the same transaction; it is shown here with its computation.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { DateTime } from '../../../components/ui/DateTime';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { openSlots, readOrders, readTerms, type Milestone, type Terms } from '../../../lib/contract-record';
import { formatBp } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useMemberIndex, useOrganizationIndex } from '../../../lib/organizations';
import { RequireRole, useSession, type Session } from '../../../lib/session';
import { paths } from '../../../lib/routes';
import { useContract } from '../api/get-contract';
import { useVerifications } from '../api/list-verifications';
import { workPaths } from '../paths';
import { DocumentField } from './DocumentField';
import { DocumentLinks } from './DocumentLinks';
import { Field } from './Field';
import { OrderComputation } from './OrderComputation';
import { SignAction } from './SignAction';
import { TxFeedProvider, TxFeedView } from './TxFeed';
import { VERIFIER_ROLES } from './VerificationQueuePage';
import '../contract-work.css';

export function VerifyMilestonePage() {
  const { contractId = '', milestoneId = '' } = useParams();
  const { t } = useLang();
  return (
    <div className="page cw-page">
      <PageTitle text={t('contractWork.verify.title')} sub={`${contractId} · ${milestoneId}`} />
      <RequireRole roles={VERIFIER_ROLES}>
        <TxFeedProvider>
          <TxFeedView />
          <VerifyMilestone contractId={contractId} milestoneId={milestoneId} />
        </TxFeedProvider>
      </RequireRole>
    </div>
  );
}

function VerifyMilestone({ contractId, milestoneId }: { contractId: string; milestoneId: string }) {
  const { t, lang } = useLang();
  const session = useSession() as Session;
  const c = useContract(contractId);
  const queue = useVerifications();
  const orgs = useOrganizationIndex();
  const members = useMemberIndex([c.data?.buyer.id, ...(c.data ? readTerms(c.data).milestones.flatMap((x) => x.verifications.map((v) => v.orgId)) : [])]);
  const [engaged, setEngaged] = useState(false);
  if (c.isPending || queue.isPending) return <Loading />;
  if (c.isError) return <ErrorNotice error={c.error} onRetry={() => void c.refetch()} />;
  if (queue.isError) return <ErrorNotice error={queue.error} onRetry={() => void queue.refetch()} />;
  const terms = readTerms(c.data);
  const m = terms.milestones.find((x) => x.id === milestoneId);
  if (!m) return <p className="notice notice--error">{t('contractWork.verify.noMilestone')}</p>;
  const task = queue.data.find((x) => x.contractId === contractId && x.milestone.id === milestoneId);
  const order = readOrders(c.data).find((o) => o.milestoneId === m.id);
  const reports = c.data.history.filter((h) => h.type === 'execution.progress_reported' && h.attributes.milestone === m.id);
  const rejections = c.data.history.filter((h) => h.type === 'execution.milestone_rejected' && h.attributes.milestone === m.id);
  const slotText = (s: Milestone['verifiers'][number]) => (s.kind === 'org' ? (orgs.get(s.orgId)?.name ?? s.orgId) : t(`contractWork.slot.${s.kind}`));
  return (
    <>
      <dl className="key-figures">
        <div className="key-figures__item key-figures__item--main">
          <dt>{t('contractWork.verify.milestone')}</dt>
          <dd>
            {m.title} · {formatBp(m.shareBp, lang)}
          </dd>
        </div>
        <div className="key-figures__item">
          <dt>{t('contractWork.queue.contract')}</dt>
          <dd>
            <Link to={paths.contract(contractId)}>{c.data.title}</Link>
            <span className="cell-sub">{c.data.supplier.name}</span>
          </dd>
        </div>
        <div className="key-figures__item">
          <dt>{t('common.status')}</dt>
          <dd>
            <StatusBadge status={m.status} kind="milestoneStatus" />
          </dd>
        </div>
        <div className="key-figures__item">
          <dt>{t('contractWork.verify.due')}</dt>
          <dd>
            <DateTime value={m.dueMs} time={false} />
            {m.claimedMs !== null && (
              <span className="cell-sub">
                {t('contractWork.verify.claimedAt')} <DateTime value={m.claimedMs} />
              </span>
            )}
          </dd>
        </div>
      </dl>

      <Section title={t('contractWork.verify.reports')}>
        {reports.length === 0 ? (
          <p className="muted">{t('contractWork.verify.noReports')}</p>
        ) : (
          <ol className="plain cw-reports">
            {reports.map((r) => (
              <li key={r.seq}>
                <p>
                  <DateTime value={r.time} /> · {t('contractWork.verify.progress', { progress: formatBp(Number(r.attributes.progress_bp ?? 0), lang) })}
                  {r.attributes.complete === 'true' && ` · ${t('contractWork.verify.complete')}`} · {t('contractWork.verify.block', { height: r.height })}
                </p>
                <DocumentLinks hashes={(r.attributes.documents ?? '').split(',').filter(Boolean)} />
              </li>
            ))}
          </ol>
        )}
        {rejections.length > 0 && <p className="cell-sub">{t('contractWork.verify.rejectedBefore', { count: rejections.length })}</p>}
      </Section>

      <Section title={t('contractWork.verify.who')}>
        <Slots terms={terms} m={m} slotText={slotText} nameOf={(id) => members.get(id)?.name ?? id} />
      </Section>

      {order && m.status === 'verified' && (
        <Section title={t('contractWork.verify.order', { no: order.no })}>
          <p>{t('contractWork.verify.orderIssued')}</p>
          <OrderComputation order={order} />
        </Section>
      )}

      <Section title={t('contractWork.verify.decide')}>
        {task || engaged ? (
          <VerifyForm contractId={contractId} milestoneId={m.id} slot={task ? slotText(task.milestone.verifiers[task.slot] as Milestone['verifiers'][number]) : ''} onStart={() => setEngaged(true)} />
        ) : (
          <p className="notice" role="status">
            {t(`contractWork.verify.cannot.${whyNot(m, session)}`)}
          </p>
        )}
        <p>
          <Link to={workPaths.verifications}>{t('contractWork.verify.back')}</Link>
        </p>
      </Section>
    </>
  );
}

/** Why this person has nothing to sign on this milestone (ledger/modules/execution/README.md). */
function whyNot(m: Milestone, s: Session): string {
  if (m.status === 'pending') return 'notClaimed';
  if (m.status === 'verified') return 'verified';
  if (m.verifications.some((v) => v.memberId === s.memberId)) return 'already';
  return 'noSlot';
}

function Slots({ terms, m, slotText, nameOf }: { terms: Terms; m: Milestone; slotText: (s: Milestone['verifiers'][number]) => string; nameOf: (memberId: string) => string }) {
  const { t } = useLang();
  const open = new Set(openSlots(m).map((s) => s.index));
  return (
    <ul className="plain cw-slots-list">
      {m.verifiers.map((s, i) => {
        const v = m.verifications.find((x) => x.slot === i);
        return (
          <li key={i}>
            <strong>{slotText(s)}</strong>
            {s.kind === 'ppk' && terms.ppk && !v ? ` (${nameOf(terms.ppk)})` : ''}:{' '}
            {v ? (
              <>
                {t('contractWork.verify.verifiedBy', { member: nameOf(v.memberId) })} <DateTime value={v.atMs} /> — “{v.note}”
                {v.documentHashes.length > 0 && <DocumentLinks hashes={v.documentHashes} />}
              </>
            ) : open.has(i) && m.status === 'claimed' ? (
              <span className="cw-warn">{t('contractWork.verify.awaited')}</span>
            ) : (
              <span className="muted">—</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function VerifyForm({ contractId, milestoneId, slot, onStart }: { contractId: string; milestoneId: string; slot: string; onStart: () => void }) {
  const { t } = useLang();
  const [approve, setApprove] = useState(true);
  const [note, setNote] = useState('');
  const [docs, setDocs] = useState<string[]>([]);
  const ok = note.trim().length >= 3;
  return (
    <form className="cw-form" onSubmit={(e) => e.preventDefault()} aria-label={t('contractWork.verify.decide')}>
      {slot && <p>{t('contractWork.verify.asSlot', { slot })}</p>}
      <fieldset className="segmented">
        <legend className="visually-hidden">{t('contractWork.verify.decision')}</legend>
        <label className={approve ? 'is-selected' : ''}>
          <input type="radio" name="decision" value="approve" checked={approve} onChange={() => setApprove(true)} /> {t('contractWork.verify.approve')}
        </label>
        <label className={!approve ? 'is-selected' : ''}>
          <input type="radio" name="decision" value="reject" checked={!approve} onChange={() => setApprove(false)} /> {t('contractWork.verify.reject')}
        </label>
      </fieldset>
      <Field label={t(approve ? 'contractWork.verify.note' : 'contractWork.verify.rejectReason')} help={t('contractWork.verify.noteHelp')} wide>
        {(id) => <textarea id={id} name="note" rows={3} value={note} onChange={(e) => setNote(e.currentTarget.value)} />}
      </Field>
      <DocumentField name="verificationDocuments" label={t('contractWork.verify.documents')} help={t('contractWork.verify.documentsHelp')} multiple onChange={setDocs} />
      <SignAction
        type="execution.verify_milestone"
        body={ok ? { contractId, milestoneId, approve, note: note.trim(), documentHashes: docs } : null}
        blocked={ok ? null : t('contractWork.verify.needNote')}
        danger={!approve}
        label={t(approve ? 'contractWork.verify.signApprove' : 'contractWork.verify.signReject')}
        onStart={onStart}
        summary={[
          [t('contractWork.verify.decision'), t(approve ? 'contractWork.verify.approve' : 'contractWork.verify.reject')],
          [t('contractWork.verify.effect'), t(approve ? 'contractWork.verify.effectApprove' : 'contractWork.verify.effectReject')],
        ]}
      />
    </form>
  );
}
