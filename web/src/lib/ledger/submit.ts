/**
 * Signing in the browser: the logged-in person's own key (non-extractable, in IndexedDB) signs the
 * canonical envelope; the gateway only relays it (POST /api/v1/tx) and waits for its commit. After
 * the commit the hook waits until this gateway's indexer has read that block, then refreshes every
 * query, so lists show the new state. A refusal is an {@link ApiProblem} carrying the ledger's code
 * name and its message in both languages; nothing is retried silently (a refused transaction does
 * not use its nonce, so the next attempt signs the same nonce again).
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiProblem, unwrap } from '../api';
import { useSessionControl } from '../session';
import { buildSignedTx, type TxBody } from './envelope';
import { ed25519Sign, toBase64 } from './webcrypto';

export type { BodyValue, TxBody } from './envelope';
export { TxProgress } from './TxProgress';

export interface TxResult {
  hash: string;
  height: number;
  code: number;
}
export type TxPhase = 'idle' | 'signing' | 'sending' | 'committing' | 'done' | 'error';

export interface SubmitState {
  submit(type: string, body: TxBody): Promise<TxResult>;
  phase: TxPhase;
  error: ApiProblem | null;
  result: TxResult | null;
  reset(): void;
}

interface RelayAnswer {
  hash: string;
  result: { code: number; name: string; message: { id: string; en: string } };
  log: string;
  height: number | null;
  stage: 'check' | 'commit';
}

/** How long to wait for this gateway's indexer to read the committed block before refreshing anyway. */
const INDEX_WAIT_MS = 30_000;

/** Polls /status until the indexer has read `height` (or gives up after a while: the data is on the ledger either way). */
export async function waitForIndexed(height: number, timeoutMs = INDEX_WAIT_MS): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const s = await unwrap(api.GET('/api/v1/status'));
      if (s.indexedHeight >= height) return true;
    } catch {
      // keep asking until the deadline
    }
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Relays signed envelope bytes; a ledger refusal becomes an ApiProblem with the ledger's code name. */
export async function relayTx(tx: Uint8Array): Promise<TxResult> {
  let res: Response;
  try {
    res = await fetch(new URL('/api/v1/tx', window.location.origin), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tx: toBase64(tx) }) });
  } catch (e) {
    throw new ApiProblem('NETWORK', 0, null, e instanceof Error ? e.message : String(e));
  }
  const body = (await res.json().catch(() => ({}))) as Partial<RelayAnswer> & { error?: { code?: string; message?: { id: string; en: string }; detail?: string } };
  if (res.status === 200 && body.hash && typeof body.height === 'number') return { hash: body.hash, height: body.height, code: 0 };
  if (res.status === 422 && body.result) {
    // The ledger's own refusal: its code name and message in both languages, the log as detail.
    throw new ApiProblem(body.result.name, 422, body.result.message, body.log || undefined);
  }
  const err = body.error;
  throw new ApiProblem(err?.code ?? `HTTP_${res.status}`, res.status, err?.message ?? null, err?.detail);
}

/** Who signs: a key (non-extractable), the chain it signs for, and where its next nonce comes from. */
export interface TxSigner {
  privateKey: CryptoKey;
  publicKey: Uint8Array;
  chain: string;
  nextNonce(): Promise<number>;
}

/**
 * Signs with whatever `signer()` gives at the moment of submitting (null: nobody to sign, said
 * with `noKey`), relays, waits for the commit and for this gateway's index, refreshes every query;
 * the state follows the phases. The machinery of {@link useSubmitTx} and of the public's complaint.
 */
export function useSignedSubmit(signer: () => TxSigner | null, noKey: { id: string; en: string }): SubmitState {
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<TxPhase>('idle');
  const [error, setError] = useState<ApiProblem | null>(null);
  const [result, setResult] = useState<TxResult | null>(null);
  const busy = useRef(false);
  // Read at submit time: the signer may change between renders (a login, a key made).
  const current = useRef(signer);
  current.current = signer;
  const words = useRef(noKey);
  words.current = noKey;

  const submit = useCallback(
    async (type: string, body: TxBody): Promise<TxResult> => {
      if (busy.current) throw new ApiProblem('BUSY', 0, { id: 'transaksi sebelumnya masih diproses', en: 'the previous transaction is still in progress' });
      busy.current = true;
      setError(null);
      setResult(null);
      try {
        const s = current.current();
        if (!s) throw new ApiProblem('NO_KEY', 0, words.current);
        setPhase('signing');
        const tx = await buildSignedTx(s.privateKey, { chain: s.chain, signer: s.publicKey, nonce: await s.nextNonce(), type, body });
        setPhase('sending');
        const sent = relayTx(tx);
        // The relay answers after the commit: past the check stage the wait is for the block.
        const t = setTimeout(() => setPhase((p) => (p === 'sending' ? 'committing' : p)), 400);
        let r: TxResult;
        try {
          r = await sent;
        } finally {
          clearTimeout(t);
        }
        setPhase('committing');
        await waitForIndexed(r.height);
        await queryClient.invalidateQueries();
        setResult(r);
        setPhase('done');
        return r;
      } catch (e) {
        const p = e instanceof ApiProblem ? e : new ApiProblem('SIGNING_FAILED', 0, null, e instanceof Error ? e.message : String(e));
        setError(p);
        setPhase('error');
        throw p;
      } finally {
        busy.current = false;
      }
    },
    [queryClient],
  );

  const reset = useCallback(() => {
    setPhase('idle');
    setError(null);
    setResult(null);
  }, []);

  return useMemo(() => ({ submit, phase, error, result, reset }), [submit, phase, error, result, reset]);
}

const NO_MEMBER_KEY = { id: 'masuk dengan kunci Anda di peramban ini untuk menandatangani', en: 'log in with your key in this browser to sign' };

/** Signs with the logged-in person's key (its nonce from the ledger) and relays. */
export function useSubmitTx(): SubmitState {
  const { session, key, chainId } = useSessionControl();
  return useSignedSubmit(
    () =>
      session && key && chainId
        ? {
            privateKey: key.privateKey,
            publicKey: key.publicKey,
            chain: chainId,
            nextNonce: async () => (await unwrap(api.GET('/api/v1/members/{id}/nonce', { params: { path: { id: session.memberId } } }))).next,
          }
        : null,
    NO_MEMBER_KEY,
  );
}

/** Signs arbitrary bytes with the logged-in person's key (for documents or challenges). */
export function useSigner(): { publicKey: Uint8Array; sign(bytes: Uint8Array): Promise<Uint8Array> } | null {
  const { session, key } = useSessionControl();
  return useMemo(() => (session && key ? { publicKey: key.publicKey, sign: (bytes: Uint8Array) => ed25519Sign(key.privateKey, bytes) } : null), [session, key]);
}
