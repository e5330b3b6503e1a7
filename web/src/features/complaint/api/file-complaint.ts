/**
 * Filing a complaint as a person of the public: the browser signs `complaint.file` with a one-off
 * key of its own (the person has no account), reading that key's next nonce from the ledger
 * (GET /api/v1/public-signers/:publicKey), and relays it like any transaction. The state has the
 * shape of `useSubmitTx`'s, so `TxProgress` shows its phases and the ledger's refusal (for
 * instance PERSONAL_DATA) in the reader's language.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiProblem, unwrap } from '../../../lib/api';
import { buildSignedTx, toHex } from '../../../lib/ledger/envelope';
import { relayTx, waitForIndexed, type SubmitState, type TxBody, type TxPhase, type TxResult } from '../../../lib/ledger/submit';
import type { PublicKeyPair } from './public-keys';

/** The only message the ledger takes from the public. Backquoted: a message type, not an i18n key. */
export const FILE_COMPLAINT = `complaint.file`;

export interface PublicSubmitState extends SubmitState {
  /** Signs with `key` (submit() signs with the key set here). */
  setKey(key: PublicKeyPair, chain: string): void;
}

export function usePublicSubmit(): PublicSubmitState {
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<TxPhase>('idle');
  const [error, setError] = useState<ApiProblem | null>(null);
  const [result, setResult] = useState<TxResult | null>(null);
  const signer = useRef<{ key: PublicKeyPair; chain: string } | null>(null);
  const busy = useRef(false);

  const setKey = useCallback((key: PublicKeyPair, chain: string) => {
    signer.current = { key, chain };
  }, []);

  const submit = useCallback(
    async (type: string, body: TxBody): Promise<TxResult> => {
      if (busy.current) throw new ApiProblem('BUSY', 0, { id: 'transaksi sebelumnya masih diproses', en: 'the previous transaction is still in progress' });
      busy.current = true;
      setError(null);
      setResult(null);
      try {
        const s = signer.current;
        if (!s) throw new ApiProblem('NO_KEY', 0, { id: 'kunci peramban belum dibuat', en: 'no browser key yet' });
        setPhase('signing');
        const { next } = await unwrap(api.GET('/api/v1/public-signers/{publicKey}', { params: { path: { publicKey: toHex(s.key.publicKey) } } }));
        const tx = await buildSignedTx(s.key.privateKey, { chain: s.chain, signer: s.key.publicKey, nonce: next, type, body });
        setPhase('sending');
        const t = setTimeout(() => setPhase((p) => (p === 'sending' ? 'committing' : p)), 400);
        let r: TxResult;
        try {
          r = await relayTx(tx);
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
  return useMemo(() => ({ submit, phase, error, result, reset, setKey }), [submit, phase, error, result, reset, setKey]);
}
