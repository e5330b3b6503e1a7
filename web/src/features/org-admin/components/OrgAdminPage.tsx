/**
 * /admin: an organization admin's page. Enrolment requests waiting at this gateway (approve by
 * signing identity.add_member — or identity.rotate_key for a lost key — with the key the requester's
 * browser made, or reject with a reason); the organization's members with their roles and status
 * (change roles, suspend with a reason, reinstate). Every change is a transaction the admin signs
 * in this browser.
 */
import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { DateTime } from '../../../components/ui/DateTime';
import { useLang } from '../../../lib/i18n';
import { RequireRole, useSession, useSessionControl } from '../../../lib/session';
import { TxProgress, useSubmitTx, type SubmitState } from '../../../lib/ledger/submit';
import { enrolmentsQuery, fromHex, markApproved, orgMembersQuery, reject, ROLES_BY_KIND, type Enrolment, type OrgMember } from '../api/admin';

export function OrgAdminPage() {
  return (
    <RequireRole roles={['org_admin']}>
      <Admin />
    </RequireRole>
  );
}

function Admin() {
  const { t } = useLang();
  const s = useSession()!;
  return (
    <>
      <PageTitle text={t('orgAdmin.title')} sub={<p>{s.orgName}</p>} />
      <Requests />
      <Members orgId={s.orgId} orgKind={s.orgKind} />
    </>
  );
}

const keyId = (hex: string) => hex.slice(0, 16).replace(/(.{4})/g, '$1 ').trim();

function Requests() {
  const { t } = useLang();
  const q = useQuery(enrolmentsQuery);
  // One signing state for the list: its outcome stays in view after the request leaves the list.
  const tx = useSubmitTx();
  const pending = (q.data ?? []).filter((e) => e.status === 'pending');
  const decided = (q.data ?? []).filter((e) => e.status !== 'pending').slice(0, 10);
  return (
    <Section title={t('orgAdmin.requests')}>
      <p className="muted">{t('orgAdmin.requestsNote')}</p>
      {q.isPending && <Loading />}
      {q.isError && <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />}
      <TxProgress state={tx} />
      {q.isSuccess && pending.length === 0 && <p>{t('orgAdmin.noRequests')}</p>}
      {pending.length > 0 && (
        <ul className="request-list">
          {pending.map((e) => (
            <li key={e.id}>
              <RequestCard e={e} tx={tx} />
            </li>
          ))}
        </ul>
      )}
      {decided.length > 0 && (
        <>
          <h3>{t('orgAdmin.decided')}</h3>
          <ul className="request-list">
            {decided.map((e) => (
              <li key={e.id} data-enrolment={e.id} data-status={e.status}>
                <strong>{e.name}</strong> ({e.memberId}) — {e.status === 'approved' ? t('orgAdmin.approvedWord') : t('orgAdmin.rejectedWord', { reason: e.reason ?? '—' })} · <DateTime value={e.decidedAt} />
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

function RequestCard({ e, tx }: { e: Enrolment; tx: SubmitState }) {
  const { t } = useLang();
  const qc = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const working = busy || tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing';

  async function approve() {
    setError(null);
    tx.reset();
    setBusy(true);
    try {
      if (e.kind === 'new') await tx.submit('identity.add_member', { memberId: e.memberId, name: e.name, roles: e.roles, pubKey: fromHex(e.publicKey) });
      else await tx.submit('identity.rotate_key', { memberId: e.memberId, newPubKey: fromHex(e.publicKey) });
    } catch {
      setBusy(false);
      return; // TxProgress says why, in the reader's language
    }
    try {
      await markApproved(e.id);
      await qc.invalidateQueries({ queryKey: ['org-admin'] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function onReject(ev: FormEvent) {
    ev.preventDefault();
    if (reason.trim().length < 3) return;
    setError(null);
    setBusy(true);
    try {
      await reject(e.id, reason.trim());
      await qc.invalidateQueries({ queryKey: ['org-admin'] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const reasonId = `reason-${e.id}`;
  return (
    <article data-enrolment={e.id} data-status={e.status} aria-labelledby={`req-${e.id}`}>
      <h3 id={`req-${e.id}`}>
        {e.name} <span className="muted">({e.memberId})</span>
      </h3>
      <p>{e.kind === 'new' ? t('orgAdmin.wantsRoles', { roles: e.roles.map((r) => t(`role.${r}`, { defaultValue: r })).join(', ') }) : t('orgAdmin.wantsNewKey')}</p>
      <p className="muted">
        {t('orgAdmin.keyId')} <span className="key-id">{keyId(e.publicKey)}</span> · {t('orgAdmin.sentAt')} <DateTime value={e.createdAt} />
      </p>
      <p className="field-help">{e.kind === 'new' ? t('orgAdmin.approveNoteNew') : t('orgAdmin.approveNoteReplace')}</p>
      <div className="actions">
        <button type="button" className="button" disabled={working} onClick={() => void approve()}>
          {t('orgAdmin.approve', { name: e.name })}
        </button>
        <button type="button" className="button button--secondary" disabled={working} aria-expanded={rejecting} onClick={() => setRejecting((r) => !r)}>
          {t('orgAdmin.reject')}
        </button>
      </div>
      {rejecting && (
        <form className="form" onSubmit={(ev) => void onReject(ev)}>
          <div className="field">
            <label htmlFor={reasonId}>{t('orgAdmin.rejectReason')}</label>
            <textarea id={reasonId} value={reason} onChange={(ev) => setReason(ev.target.value)} required minLength={3} maxLength={500} />
          </div>
          <div className="actions">
            <button type="submit" className="button" disabled={working || reason.trim().length < 3}>
              {t('orgAdmin.rejectSend')}
            </button>
          </div>
        </form>
      )}
      {error !== null && <ErrorNotice error={error} />}
    </article>
  );
}

function Members({ orgId, orgKind }: { orgId: string; orgKind: string }) {
  const { t } = useLang();
  const q = useQuery(orgMembersQuery(orgId));
  return (
    <Section title={t('orgAdmin.members')}>
      {q.isPending && <Loading />}
      {q.isError && <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <ul className="request-list">
          {q.data.map((m) => (
            <li key={m.id} data-member={m.id}>
              <MemberCard m={m} allowed={ROLES_BY_KIND[orgKind] ?? []} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function MemberCard({ m, allowed }: { m: OrgMember; allowed: string[] }) {
  const { t } = useLang();
  const { session, refresh } = useSessionControl();
  const tx = useSubmitTx();
  const [roles, setRoles] = useState<string[]>(m.roles);
  const [reason, setReason] = useState('');
  const working = tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing';
  const suspended = m.status === 'suspended';
  const changed = [...roles].sort().join(',') !== [...m.roles].sort().join(',');
  const self = session?.memberId === m.id;

  async function run(type: string, body: Record<string, string | string[]>) {
    try {
      await tx.submit(type, body);
      if (self) await refresh();
    } catch {
      // TxProgress says why
    }
  }

  return (
    <>
      <p>
        <strong>{m.name ?? m.id}</strong> <span className="muted">({m.id})</span> — {m.roles.map((r) => t(`role.${r}`, { defaultValue: r })).join(', ') || '—'}
        {suspended && <strong> · {t('orgStatus.suspended')}</strong>}
      </p>
      <details>
        <summary>{t('orgAdmin.manage', { name: m.name ?? m.id })}</summary>
        <form
          className="form"
          onSubmit={(ev) => {
            ev.preventDefault();
            void run('identity.set_roles', { memberId: m.id, roles: [...roles].sort() });
          }}
        >
          <fieldset className="checks">
            <legend>{t('orgAdmin.roles')}</legend>
            {allowed.map((r) => (
              <label key={r}>
                <input type="checkbox" name={`roles-${m.id}`} value={r} checked={roles.includes(r)} onChange={(ev) => setRoles((rs) => (ev.target.checked ? [...rs, r] : rs.filter((x) => x !== r)))} />
                {t(`role.${r}`, { defaultValue: r })}
              </label>
            ))}
          </fieldset>
          <div className="actions">
            <button type="submit" className="button" disabled={working || !changed || roles.length === 0}>
              {t('orgAdmin.saveRoles')}
            </button>
          </div>
        </form>
        {suspended ? (
          <div className="actions">
            <button type="button" className="button button--secondary" disabled={working} onClick={() => void run('identity.reinstate_member', { memberId: m.id })}>
              {t('orgAdmin.reinstate')}
            </button>
          </div>
        ) : (
          <form
            className="form"
            onSubmit={(ev) => {
              ev.preventDefault();
              if (reason.trim().length >= 3) void run('identity.suspend_member', { memberId: m.id, reason: reason.trim() });
            }}
          >
            <div className="field">
              <label htmlFor={`suspend-${m.id}`}>{t('orgAdmin.suspendReason')}</label>
              <input id={`suspend-${m.id}`} value={reason} onChange={(ev) => setReason(ev.target.value)} maxLength={500} aria-describedby={`suspend-help-${m.id}`} />
              <p id={`suspend-help-${m.id}`} className="field-help">
                {t('orgAdmin.suspendHelp')}
              </p>
            </div>
            <div className="actions">
              <button type="submit" className="button button--secondary" disabled={working || reason.trim().length < 3}>
                {t('orgAdmin.suspend')}
              </button>
            </div>
          </form>
        )}
        <TxProgress state={tx} />
      </details>
    </>
  );
}
