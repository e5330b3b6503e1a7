/**
 * Filing a complaint as a person of the public: the browser signs `complaint.file` with a one-off
 * key of its own (the person has no account), reading that key's next nonce from the ledger
 * (GET /api/v1/public-signers/:publicKey), and relays it like any transaction. The state has the
 * shape of `useSubmitTx`'s, so `TxProgress` shows its phases and the ledger's refusal (for
 * instance PERSONAL_DATA) in the reader's language.
 */
import { useCallback, useMemo, useRef } from 'react';
import { api, unwrap } from '../../../lib/api';
import { toHex } from '../../../lib/ledger/envelope';
import { useSignedSubmit, type SubmitState } from '../../../lib/ledger/submit';
import type { PublicKeyPair } from './public-keys';

/** The only message the ledger takes from the public. Backquoted: a message type, not an i18n key. */
export const FILE_COMPLAINT = `complaint.file`;

export interface PublicSubmitState extends SubmitState {
  /** Signs with `key` (submit() signs with the key set here). */
  setKey(key: PublicKeyPair, chain: string): void;
}

const NO_PUBLIC_KEY = { id: 'kunci peramban belum dibuat', en: 'no browser key yet' };

export function usePublicSubmit(): PublicSubmitState {
  const signer = useRef<{ key: PublicKeyPair; chain: string } | null>(null);
  const setKey = useCallback((key: PublicKeyPair, chain: string) => {
    signer.current = { key, chain };
  }, []);
  const state = useSignedSubmit(() => {
    const s = signer.current;
    if (!s) return null;
    return {
      privateKey: s.key.privateKey,
      publicKey: s.key.publicKey,
      chain: s.chain,
      nextNonce: async () => (await unwrap(api.GET('/api/v1/public-signers/{publicKey}', { params: { path: { publicKey: toHex(s.key.publicKey) } } }))).next,
    };
  }, NO_PUBLIC_KEY);
  return useMemo(() => ({ ...state, setKey }), [state, setKey]);
}
