/**
 * /masuk: log in with a key kept in this browser (the person's own Ed25519 key, made here at
 * enrolment; the gateway sends a one-time challenge, the key signs it). In demo mode the gateway
 * also offers the demo people, whose seeds are imported as non-extractable keys.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { PageTitle } from '../../../components/ui/PageTitle';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { useLang } from '../../../lib/i18n';
import { useSessionControl } from '../../../lib/session';
import { listKeys, loadKey, promoteNextKey, type StoredKey } from '../../../lib/ledger/keystore';
import { ApiProblem } from '../../../lib/api';
import { DemoSwitcher } from './DemoSwitcher';

/** Only paths inside this app (never another site) are followed after login. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/kerja';
}

export function LoginPage() {
  const { t } = useLang();
  const { session, chainId, loginWithKey, endReason, replaceKey } = useSessionControl();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const keys = useQuery({ queryKey: ['browser-keys', chainId], queryFn: () => listKeys(chainId!), enabled: chainId !== null, staleTime: 0 });
  const [memberId, setMemberId] = useState(() => params.get('member') ?? '');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [noKey, setNoKey] = useState(false);

  useEffect(() => {
    if (keys.data?.length === 1 && !memberId) setMemberId(keys.data[0]!.memberId);
  }, [keys.data, memberId]);

  async function loginAs(id: string, key: StoredKey) {
    setBusy(id);
    setError(null);
    try {
      await loginWithKey(id, key);
      void navigate(next);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setNoKey(false);
    const id = memberId.trim();
    if (!id || !chainId) return;
    const current = await loadKey(chainId, id);
    // A key waiting for the ledger (an approved replacement of a lost key, a rotation cut short).
    const waiting = await loadKey(chainId, id, 'next');
    if (!current && !waiting) {
      setNoKey(true);
      return;
    }
    setBusy(id);
    setError(null);
    try {
      try {
        if (!current) throw new ApiProblem('BAD_LOGIN', 401, null);
        await loginWithKey(id, current);
      } catch (err) {
        if (!(waiting && err instanceof ApiProblem && err.code === 'BAD_LOGIN')) throw err;
        // The ledger holds the waiting key now: log in with it, then make it the current one.
        await loginWithKey(id, waiting);
        const promoted = await promoteNextKey(chainId, id);
        if (promoted) replaceKey(promoted);
      }
      void navigate(next);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  const registered = (keys.data ?? []).filter((k) => !k.id.endsWith('#next'));

  return (
    <>
      <PageTitle text={t('login.title')} sub={<p>{t('login.intro')}</p>} />
      {endReason === 'expired' && (
        <div className="notice" role="status">
          <p>{t('login.expired')}</p>
        </div>
      )}
      {endReason === 'rejected' && (
        <div className="notice" role="status">
          <p>{t('login.rejected')}</p>
        </div>
      )}
      {session && (
        <div className="notice" role="status">
          <p>{t('login.already', { name: session.name })}</p>
          <p>
            <Link to="/kerja">{t('session.toWorkspace')}</Link>
          </p>
        </div>
      )}
      <section aria-labelledby="login-own">
        <h2 id="login-own">{t('login.ownKey')}</h2>
        {keys.isPending && chainId !== null && <Loading />}
        {registered.length > 0 && <p>{t('login.keysHere', { count: registered.length })}</p>}
        <form className="form" onSubmit={(e) => void onSubmit(e)}>
          <div className="field">
            <label htmlFor="login-member">{t('login.memberId')}</label>
            <input
              id="login-member"
              name="memberId"
              autoComplete="username"
              list="login-known"
              value={memberId}
              onChange={(e) => setMemberId(e.target.value)}
              required
              pattern="[a-z0-9\-]{3,64}"
              aria-describedby="login-member-hint"
            />
            <datalist id="login-known">
              {registered.map((k) => (
                <option key={k.id} value={k.memberId} />
              ))}
            </datalist>
            <p id="login-member-hint" className="hint">
              {t('login.memberIdHint')}
            </p>
          </div>
          <button type="submit" className="button" disabled={busy !== null || !chainId}>
            {busy && busy === memberId.trim() ? t('login.signingIn') : t('login.submit')}
          </button>
        </form>
        {busy && <Loading label={t('login.signingIn')} />}
        {noKey && (
          <div className="notice notice--error" role="alert">
            <p className="notice__title">{t('login.noKey')}</p>
            <p>
              {t('login.noKeyNext')} <Link to="/daftar">{t('login.enrolLink')}</Link>
            </p>
          </div>
        )}
        {error !== null && <ErrorNotice error={error} />}
        <p>
          {t('login.newHere')} <Link to="/daftar">{t('login.enrolLink')}</Link>
        </p>
      </section>
      <DemoSwitcher busy={busy} onChosen={loginAs} />
    </>
  );
}
