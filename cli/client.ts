/** A small ledger client over CometBFT RPC: submit signed transactions, query state with proofs. */
import { rpc } from './localnet.js';
import { buildTx, type Body } from '../ledger/tx/envelope.js';
import type { MemberKey } from './keyfile.js';
import { decodeProofNodes } from '../ledger/abci/server.js';
import { verifyStateProof } from '../ledger/store/commitment.js';

export interface TxOutcome {
  code: number;
  log: string;
  info: string;
  hash: string;
  height: number;
}

interface BroadcastCommit {
  check_tx: { code: number; log: string; info: string };
  tx_result: { code: number; log: string; info: string };
  hash: string;
  height: string;
}

/** Submits `tx` and waits for it to be committed (or rejected by CheckTx). */
export async function submitAndWait(rpcUrl: string, tx: Uint8Array): Promise<TxOutcome> {
  const r = await rpc<BroadcastCommit>(rpcUrl, 'broadcast_tx_commit', { tx: Buffer.from(tx).toString('base64') }, 60_000);
  const res = r.check_tx.code !== 0 ? r.check_tx : r.tx_result;
  return { code: res.code, log: res.log ?? '', info: res.info ?? '', hash: r.hash, height: Number(r.height) };
}

/** Submits `tx` to the mempool; resolves with CheckTx's answer. */
export async function submitSync(rpcUrl: string, tx: Uint8Array): Promise<{ code: number; log: string; hash: string }> {
  const r = await rpc<{ code: number; log: string; hash: string }>(rpcUrl, 'broadcast_tx_sync', { tx: Buffer.from(tx).toString('base64') });
  return r;
}

export interface AbciQueryAnswer {
  code: number;
  log: string;
  value: Uint8Array;
  height: number;
  proofNodes?: Uint8Array[];
}

export async function abciQuery(rpcUrl: string, path: string, data: Uint8Array = new Uint8Array(0), prove = false): Promise<AbciQueryAnswer> {
  const r = await rpc<{ response: { code: number; log: string; value: string | null; height: string; proofOps?: { ops: Array<{ data: string }> } } }>(rpcUrl, 'abci_query', {
    path,
    data: Buffer.from(data).toString('hex'),
    prove,
  });
  const res = r.response;
  const op = res.proofOps?.ops?.[0];
  return {
    code: res.code,
    log: res.log,
    value: new Uint8Array(Buffer.from(res.value ?? '', 'base64')),
    height: Number(res.height),
    ...(op ? { proofNodes: decodeProofNodes(new Uint8Array(Buffer.from(op.data, 'base64'))) } : {}),
  };
}

export async function queryJson<T>(rpcUrl: string, path: string): Promise<T> {
  const a = await abciQuery(rpcUrl, path);
  if (a.code !== 0) throw new Error(`${path}: ${a.log}`);
  return JSON.parse(Buffer.from(a.value).toString('utf8')) as T;
}

/**
 * Reads `key` with its proof and checks it against the AppHash that the validators signed in the
 * header of the next block (CometBFT puts the state root after block H into header H+1).
 */
export async function readVerified(rpcUrl: string, key: Uint8Array): Promise<{ value: Uint8Array | null; height: number; appHash: Uint8Array; verified: boolean }> {
  const a = await abciQuery(rpcUrl, '/key', key, true);
  if (a.code !== 0) throw new Error(a.log);
  const header = await signedHeader(rpcUrl, a.height + 1);
  const appHash = new Uint8Array(Buffer.from(header.signed_header.header.app_hash, 'hex'));
  const value = a.value.length ? a.value : null;
  const verified = await verifyStateProof(appHash, key, value, { nodes: a.proofNodes ?? [] });
  return { value, height: a.height, appHash, verified };
}

/** The signed header at `height`, waiting (up to `timeoutMs`) for that block to be committed. */
export async function signedHeader(rpcUrl: string, height: number, timeoutMs = 15_000): Promise<{ signed_header: { header: { app_hash: string } } }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await rpc<{ sync_info: { latest_block_height: string } }>(rpcUrl, 'status');
    if (Number(s.sync_info.latest_block_height) >= height) return rpc(rpcUrl, 'commit', { height: String(height) });
    if (Date.now() > deadline) throw new Error(`block ${height} not committed within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Signs for a member and keeps its nonce (read from the ledger on first use). */
export class MemberSigner {
  private nonce: number | undefined;
  constructor(
    readonly key: MemberKey,
    readonly chainId: string,
    private readonly rpcUrl: string,
  ) {}

  async nextNonce(): Promise<number> {
    if (this.nonce === undefined) {
      const member = await abciQuery(this.rpcUrl, `/identity/member/${this.key.memberId}`);
      // A key on no member list signs as the public (a complaint), with its own nonces.
      const path = member.code === 0 ? `/identity/member/${this.key.memberId}` : `/identity/public-signer/${Buffer.from(this.key.publicKey).toString('hex')}`;
      this.nonce = (await queryJson<{ nonce: number }>(this.rpcUrl, path)).nonce;
    }
    this.nonce += 1;
    return this.nonce;
  }

  /** Builds and signs the next transaction of this member. */
  async sign(type: string, body: Body): Promise<Uint8Array> {
    return buildTx(this.key, this.chainId, await this.nextNonce(), type, body);
  }

  /** Signs, submits and waits for the commit; a rejected tx gives its nonce back. */
  async send(type: string, body: Body): Promise<TxOutcome> {
    const out = await submitAndWait(this.rpcUrl, await this.sign(type, body));
    if (out.code !== 0) this.nonce! -= 1;
    return out;
  }
}
