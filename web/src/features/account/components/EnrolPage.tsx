/**
 * /daftar: a new person asks to become a member of their institution (or one whose key was lost
 * asks for a new key). Their key is made here and never leaves this browser; the request waits at
 * this gateway, off the ledger, until the institution's admin approves it by signing it onto the
 * ledger, or rejects it with a reason. The page follows the requests made in this browser.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { PageTitle } from '../../../components/ui/PageTitle';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { DateTime } from '../../../components/ui/DateTime';
import { useLang } from '../../../lib/i18n';
import { useOrganizationIndex, useOrganizations } from '../../../lib/organizations';
import { useSessionControl } from '../../../lib/session';
import { enrol, enrolmentQuery, forget, trackedEnrolments, type EnrolmentKind } from '../api/enrolment';

/** Which roles each kind of organization may hold (the ledger's rule, ledger/modules/identity/state.ts). */
const ROLES_BY_KIND: Record<string, string[]> = {
  buyer: ['pa', 'kpa', 'ppk', 'pokja', 'pejabat_pengadaan', 'treasury', 'org_admin'],
  supplier: ['supplier_signatory', 'org_admin'],
  auditor: ['auditor', 'org_admin'],
  regulator: ['auditor', 'org_admin'],
};
const ID_PATTERN = /^[a-z0-9-]{3,64}$/;

export function EnrolPage() {
  const { t } = useLang();
  const { chainId } = useSessionControl();
  // The requests made in this browser (read again after each change).
  const [, setVersion] = useState(0);
  const tracked = chainId ? trackedEnrolments(chainId) : [];

  return (
    <>
      <PageTitle text={t('enrol.title')} sub={<p>{t('enrol.intro')}</p>} />
      {tracked.length > 0 && (
        <section aria-labelledby="enrol-mine">
          <h2 id="enrol-mine">{t('enrol.mine')}</h2>
          <ul className="request-list">
            {tracked.map((r) => (
              <li key={r.id}>
                <RequestStatus id={r.id} onForget={() => setVersion((v) => v + 1)} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {chainId ? <EnrolForm chainId={chainId} onSent={() => setVersion((v) => v + 1)} /> : <Loading />}
    </>
  );
}

function RequestStatus({ id, onForget }: { id: string; onForget(): void }) {
  const { t } = useLang();
  const q = useQuery(enrolmentQuery(id));
  const orgs = useOrganizationIndex();
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />;
  const e = q.data;
  return (
    <div data-enrolment={e.id} data-status={e.status}>
      <p>
        <strong>{e.name}</strong> ({e.memberId}) — {e.kind === 'new' ? t('enrol.kindNew') : t('enrol.kindReplace')}
      </p>
      <p className="muted">
        {t('enrol.sentAt')} <DateTime value={e.createdAt} />
      </p>
      <div role="status" aria-live="polite">
        {e.status === 'pending' && <p>{t('enrol.pending', { org: orgs.get(e.orgId)?.name ?? e.orgId })}</p>}
        {e.status === 'approved' && (
          <div className="notice notice--ok">
            <p className="notice__title">{t('enrol.approved')}</p>
            <p>
              <Link to={`/masuk?member=${encodeURIComponent(e.memberId)}`}>{t('enrol.loginNow')}</Link>
            </p>
          </div>
        )}
        {e.status === 'rejected' && (
          <div className="notice notice--error">
            <p className="notice__title">{t('enrol.rejected')}</p>
            <p>{t('enrol.reason', { reason: e.reason ?? '—' })}</p>
          </div>
        )}
      </div>
      {e.status !== 'pending' && (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            forget(e.id);
            onForget();
          }}
        >
          {t('enrol.forget')}
        </button>
      )}
    </div>
  );
}

function EnrolForm({ chainId, onSent }: { chainId: string; onSent(): void }) {
  const { t } = useLang();
  const orgs = useOrganizations();
  const [kind, setKind] = useState<EnrolmentKind>('new');
  const [orgId, setOrgId] = useState('');
  const [memberId, setMemberId] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tried, setTried] = useState(false);
  const org = orgs.data?.find((o) => o.id === orgId);
  const allowed = org ? (ROLES_BY_KIND[org.kind] ?? []) : [];
  const idBad = memberId !== '' && !ID_PATTERN.test(memberId);
  const rolesBad = kind === 'new' && roles.length === 0;

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    setTried(true);
    if (!orgId || !ID_PATTERN.test(memberId) || !name.trim() || rolesBad) return;
    setBusy(true);
    setError(null);
    try {
      await enrol(chainId, { kind, orgId, memberId, name, roles: roles.filter((r) => allowed.includes(r)) });
      onSent();
      setMemberId('');
      setName('');
      setRoles([]);
      setTried(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const active = (orgs.data ?? []).filter((o) => o.status === 'active').sort((a, b) => a.name.localeCompare(b.name));
  return (
    <section aria-labelledby="enrol-form">
      <h2 id="enrol-form">{t('enrol.formTitle')}</h2>
      {orgs.isError && <ErrorNotice error={orgs.error} onRetry={() => void orgs.refetch()} />}
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <fieldset className="checks">
          <legend>{t('enrol.kind')}</legend>
          <label>
            <input type="radio" name="kind" value="new" checked={kind === 'new'} onChange={() => setKind('new')} />
            {t('enrol.kindNew')}
          </label>
          <label>
            <input type="radio" name="kind" value="replace_key" checked={kind === 'replace_key'} onChange={() => setKind('replace_key')} />
            {t('enrol.kindReplace')}
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor="enrol-org">{t('enrol.org')}</label>
          <select id="enrol-org" value={orgId} onChange={(e) => setOrgId(e.target.value)} required aria-invalid={tried && !orgId}>
            <option value="">{t('enrol.orgChoose')}</option>
            {active.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          {tried && !orgId && <p className="field-error">{t('enrol.orgMissing')}</p>}
        </div>
        <div className="field">
          <label htmlFor="enrol-member">{t('enrol.memberId')}</label>
          <input
            id="enrol-member"
            value={memberId}
            onChange={(e) => setMemberId(e.target.value.toLowerCase())}
            required
            autoComplete="username"
            aria-invalid={idBad || (tried && !memberId)}
            aria-describedby="enrol-member-help"
          />
          <p id="enrol-member-help" className="field-help">
            {kind === 'new' ? t('enrol.memberIdHelp') : t('enrol.memberIdHelpReplace')}
          </p>
          {(idBad || (tried && !memberId)) && <p className="field-error">{t('enrol.memberIdBad')}</p>}
        </div>
        <div className="field">
          <label htmlFor="enrol-name">{t('enrol.name')}</label>
          <input id="enrol-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} autoComplete="name" aria-invalid={tried && !name.trim()} aria-describedby="enrol-name-help" />
          <p id="enrol-name-help" className="field-help">
            {t('enrol.nameHelp')}
          </p>
          {tried && !name.trim() && <p className="field-error">{t('enrol.nameMissing')}</p>}
        </div>
        {kind === 'new' && (
          <fieldset className="checks" aria-describedby="enrol-roles-help">
            <legend>{t('enrol.roles')}</legend>
            {!org && (
              <p id="enrol-roles-help" className="field-help">
                {t('enrol.rolesFirstOrg')}
              </p>
            )}
            {allowed.map((r) => (
              <label key={r}>
                <input type="checkbox" name="roles" value={r} checked={roles.includes(r)} onChange={(e) => setRoles((rs) => (e.target.checked ? [...rs, r] : rs.filter((x) => x !== r)))} />
                {t(`role.${r}`, { defaultValue: r })}
              </label>
            ))}
            {tried && rolesBad && org && <p className="field-error">{t('enrol.rolesMissing')}</p>}
          </fieldset>
        )}
        <p className="field-help">{t('enrol.keyNote')}</p>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {t('enrol.submit')}
          </button>
        </div>
        {busy && <Loading label={t('enrol.making')} />}
        {error !== null && <ErrorNotice error={error} />}
      </form>
    </section>
  );
}

