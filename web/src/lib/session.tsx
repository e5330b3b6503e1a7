/**
 * Who is logged in, with which key. A person logs in by signing the gateway's one-time challenge
 * with their own Ed25519 key, which lives non-extractable in this browser's IndexedDB
 * (./ledger/keystore.ts); the session token is kept in memory and in sessionStorage (it survives a
 * reload of this tab, not the closing of the browser), is sent with every `api` call, and is
 * dropped at its expiry (the person is told why).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiProblem, setBearer, unwrap } from './api';
import { useLang } from './i18n';
import { ed25519Sign, importSeed, toBase64 } from './ledger/webcrypto';
import { loadKey, saveKey, type StoredKey } from './ledger/keystore';
import { Loading } from '../components/ui/Loading';

export interface Session {
  memberId: string;
  orgId: string;
  orgName: string;
  orgKind: 'buyer' | 'supplier' | 'auditor' | 'regulator';
  auditorKind: 'apip' | 'bpkp' | 'bpk' | 'kpk' | null;
  /** Ledger roles: pa, kpa, ppk, pokja, pejabat_pengadaan, treasury, supplier_signatory, auditor, org_admin. */
  roles: string[];
  name: string;
  /** ISO */
  expiresAt: string;
}

/** Why the last session ended without the person asking (shown on the login page). */
export type EndReason = 'expired' | 'rejected' | null;

interface SessionContextValue {
  session: Session | null;
  /** True while a session saved in this tab is being checked with the gateway. */
  restoring: boolean;
  /** The chain this gateway serves (keys are stored per chain). */
  chainId: string | null;
  /** The logged-in person's key in this browser. */
  key: StoredKey | null;
  endReason: EndReason;
  loginWithKey(memberId: string, key: StoredKey): Promise<Session>;
  logout(reason?: EndReason): Promise<void>;
  /** After a key rotation: the session goes on, signing with the new key. */
  replaceKey(key: StoredKey): void;
  /** Refreshes roles and names from the gateway (after an admin changed them). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);
const STORAGE_KEY = 'prasasti.session';

interface Saved {
  token: string;
  memberId: string;
  expiresAt: string;
}

function readSaved(): Saved | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Saved;
    return typeof v.token === 'string' && typeof v.memberId === 'string' && typeof v.expiresAt === 'string' ? v : null;
  } catch {
    return null;
  }
}
function writeSaved(v: Saved | null): void {
  try {
    if (v) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(v));
    else window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage refused: the session lives in memory only (lost on reload)
  }
}

interface Me {
  memberId: string;
  orgId: string;
  orgName?: string;
  orgKind: string;
  auditorKind?: string | null;
  roles: string[];
  name?: string | null;
}

const ORG_KINDS = ['buyer', 'supplier', 'auditor', 'regulator'] as const;
const AUDITOR_KINDS = ['apip', 'bpkp', 'bpk', 'kpk'] as const;

function toSession(me: Me, expiresAt: string): Session {
  const orgKind = (ORG_KINDS as readonly string[]).includes(me.orgKind) ? (me.orgKind as Session['orgKind']) : 'buyer';
  const auditorKind = me.auditorKind && (AUDITOR_KINDS as readonly string[]).includes(me.auditorKind) ? (me.auditorKind as Session['auditorKind']) : null;
  return { memberId: me.memberId, orgId: me.orgId, orgName: me.orgName ?? me.orgId, orgKind, auditorKind, roles: me.roles, name: me.name ?? me.memberId, expiresAt };
}

async function fetchMe(token: string, expiresAt: string): Promise<Session> {
  const me = await unwrap(api.GET('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } }));
  return toSession(me as unknown as Me, expiresAt);
}

/** Asks for a challenge, signs its exact text with `key`, logs in: the token and its expiry. */
export async function signIn(memberId: string, privateKey: CryptoKey): Promise<{ token: string; expiresAt: string }> {
  const c = await unwrap(api.POST('/api/v1/auth/challenge', { body: { memberId } }));
  const sig = await ed25519Sign(privateKey, new TextEncoder().encode(c.message));
  const s = await unwrap(api.POST('/api/v1/auth/login', { body: { memberId, challenge: c.challenge, signature: toBase64(sig) } }));
  return { token: s.token, expiresAt: s.expiresAt };
}

/** Imports a demo person's seed as a non-extractable key for this browser (demo mode only). */
export async function importDemoKey(chain: string, memberId: string, seed: Uint8Array, publicKey: Uint8Array): Promise<StoredKey> {
  const privateKey = await importSeed(seed);
  seed.fill(0);
  return saveKey(chain, memberId, { privateKey, publicKey }, 'demo');
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<Session | null>(null);
  const [key, setKey] = useState<StoredKey | null>(null);
  const [restoring, setRestoring] = useState(() => readSaved() !== null);
  const [chainId, setChainId] = useState<string | null>(null);
  const [endReason, setEndReason] = useState<EndReason>(null);
  const tokenRef = useRef<string | null>(null);
  const expiryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const clear = useCallback(
    (reason: EndReason) => {
      if (expiryTimer.current) clearTimeout(expiryTimer.current);
      expiryTimer.current = null;
      tokenRef.current = null;
      setBearer(null);
      writeSaved(null);
      setSession(null);
      setKey(null);
      setEndReason(reason);
      // What a logged-in person could see is not for the next one at this screen.
      queryClient.removeQueries();
    },
    [queryClient],
  );

  const start = useCallback(
    (token: string, s: Session, k: StoredKey | null) => {
      tokenRef.current = token;
      setBearer(token, () => clear('rejected'));
      writeSaved({ token, memberId: s.memberId, expiresAt: s.expiresAt });
      setSession(s);
      setKey(k);
      setEndReason(null);
      if (expiryTimer.current) clearTimeout(expiryTimer.current);
      const ms = Date.parse(s.expiresAt) - Date.now();
      // setTimeout takes at most ~24.8 days; sessions are hours long.
      expiryTimer.current = setTimeout(() => clear('expired'), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    },
    [clear],
  );

  // The chain id (keys are stored per chain), then a session saved in this tab.
  useEffect(() => {
    let live = true;
    void (async () => {
      let chain: string | null = null;
      try {
        chain = (await unwrap(api.GET('/api/v1/status'))).chainId;
        if (live) setChainId(chain);
      } catch {
        // the gateway is not answering: no restore; pages show their own errors
      }
      const saved = readSaved();
      if (!saved || !live) return;
      try {
        if (!chain || Date.parse(saved.expiresAt) <= Date.now()) {
          if (chain) clear('expired');
          return;
        }
        const s = await fetchMe(saved.token, saved.expiresAt);
        const k = await loadKey(chain, s.memberId);
        if (live) start(saved.token, s, k);
      } catch (e) {
        if (live && e instanceof ApiProblem && e.status === 401) clear('expired');
      } finally {
        if (live) setRestoring(false);
      }
    })();
    return () => {
      live = false;
    };
  }, [clear, start]);

  const loginWithKey = useCallback(
    async (memberId: string, k: StoredKey) => {
      const { token, expiresAt } = await signIn(memberId, k.privateKey);
      const s = await fetchMe(token, expiresAt);
      queryClient.removeQueries();
      start(token, s, k);
      return s;
    },
    [queryClient, start],
  );

  const logout = useCallback(
    async (reason: EndReason = null) => {
      if (tokenRef.current) {
        try {
          await api.POST('/api/v1/auth/logout');
        } catch {
          // the token is forgotten here either way and expires at the gateway
        }
      }
      clear(reason);
    },
    [clear],
  );

  const refresh = useCallback(async () => {
    const token = tokenRef.current;
    if (!token || !session) return;
    const s = await fetchMe(token, session.expiresAt);
    setSession(s);
  }, [session]);

  const value = useMemo<SessionContextValue>(
    () => ({ session, restoring, chainId, key, endReason, loginWithKey, logout, replaceKey: setKey, refresh }),
    [session, restoring, chainId, key, endReason, loginWithKey, logout, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

function useCtx(): SessionContextValue {
  const c = useContext(SessionContext);
  if (!c) throw new Error('SessionProvider is not mounted');
  return c;
}

/** The logged-in person, or null. */
export function useSession(): Session | null {
  return useCtx().session;
}

export function useLogout(): () => Promise<void> {
  const { logout } = useCtx();
  return useCallback(() => logout(null), [logout]);
}

/** Login, key and chain details for the account pages and the signing hooks. */
export function useSessionControl(): SessionContextValue {
  return useCtx();
}

/**
 * Renders children only for a logged-in person with one of `roles` (or of `orgKinds`); otherwise
 * a login prompt or a clear "not for your role" message.
 */
export function RequireRole({ roles, orgKinds, children }: { roles?: string[]; orgKinds?: Session['orgKind'][]; children: ReactNode }) {
  const { session, restoring } = useCtx();
  const { t } = useLang();
  const location = useLocation();
  if (restoring) return <Loading label={t('session.restoring')} />;
  if (!session) {
    const next = encodeURIComponent(location.pathname + location.search);
    return (
      <div className="notice" role="status">
        <p className="notice__title">{t('session.loginNeeded')}</p>
        <p>
          <Link to={`/masuk?next=${next}`} className="button">
            {t('session.loginLink')}
          </Link>
        </p>
      </div>
    );
  }
  const roleOk = !roles || roles.some((r) => session.roles.includes(r));
  const kindOk = !orgKinds || orgKinds.includes(session.orgKind);
  if (!(roleOk && kindOk)) {
    return (
      <div className="notice notice--error" role="alert">
        <p className="notice__title">{t('session.notForRole')}</p>
        <p>{t('session.notForRoleNext', { roles: session.roles.map((r) => t(`role.${r}`, { defaultValue: r })).join(', ') || '—' })}</p>
        <p>
          <Link to="/kerja">{t('session.toWorkspace')}</Link>
        </p>
      </div>
    );
  }
  return <>{children}</>;
}
