/**
 * The Prasasti ledger application behind CometBFT's ABCI. CheckTx is cheap (envelope, signer,
 * signature, nonce, body schema) and is re-run in FinalizeBlock before the module handler;
 * FinalizeBlock stages every change and computes the AppHash; only Commit writes.
 */
import { createHash } from 'node:crypto';
import { CODESPACE, LedgerError } from './codes.js';
import { applyGenesis, type GenesisValidator } from './genesis.js';
import { ledgerTimeMs, readCalendar } from './calendar.js';
import type { LedgerEvent, LedgerModule, MessageSpec, Signer, TxContext, ValidatorUpdate } from './module.js';
import { identityModule } from './modules/identity/messages.js';
import { planModule } from './modules/plan/messages.js';
import { tenderModule } from './modules/tender/messages.js';
import { contractModule } from './modules/contract/messages.js';
import { executionModule } from './modules/execution/messages.js';
import { sanctionModule } from './modules/sanction/messages.js';
import { complaintModule } from './modules/complaint/messages.js';
import { PERSONAL_DATA_MESSAGE } from './modules/identity/personal-data.js';
import { IdentityStore, IdentityWriter, PUBLIC_ORG, publicSignerId } from './modules/identity/state.js';
import { StateStore, type StateWriter } from './store/store.js';
import { decodeEnvelope, verifySignature, type Envelope } from './tx/envelope.js';

export const MODULES: readonly LedgerModule[] = [identityModule, planModule, tenderModule, contractModule, executionModule, sanctionModule, complaintModule];

export interface TxResult {
  code: number;
  log: string;
  info: string;
  codespace: string;
  events: LedgerEvent[];
}

export interface BlockInput {
  height: number;
  timeMs: number;
  txs: Uint8Array[];
}

/** A block with its time on the ledger calendar (`timeMs`) next to the header's (`blockTimeMs`). */
interface LedgerBlock extends BlockInput {
  blockTimeMs: number;
}

export interface BlockResult {
  txResults: TxResult[];
  validatorUpdates: ValidatorUpdate[];
  appHash: Uint8Array;
  events: LedgerEvent[];
}

export interface QueryResult {
  code: number;
  log: string;
  key: Uint8Array;
  value: Uint8Array;
  height: number;
  proof?: { nodes: Uint8Array[] };
}

/** Message types that a key belonging to no member may sign (the public). */
const PUBLIC_TYPES = new Set(MODULES.flatMap((m) => (m.publicMessages ?? []).map((name) => `${m.name}.${name}`)));
const messages = new Map<string, MessageSpec>(MODULES.flatMap((m) => Object.entries(m.messages).map(([name, spec]) => [`${m.name}.${name}`, spec] as const)));
const modulesByName = new Map(MODULES.map((m) => [m.name, m]));

function ok(events: LedgerEvent[] = []): TxResult {
  return { code: 0, log: '', info: 'OK', codespace: '', events };
}
function rejected(e: LedgerError): TxResult {
  return { code: e.code, log: e.message, info: e.codeName, codespace: CODESPACE, events: [] };
}

/**
 * Envelopes already decoded and signature-checked, by tx hash, with their parsed bodies once the
 * schema accepted them. Decoding, Ed25519 verification and schema validation are pure functions
 * of the bytes, so a mempool recheck or the FinalizeBlock of a tx seen in CheckTx need not repeat
 * them. Bounded; the oldest entries go first. Parsed bodies are shared: handlers must not mutate
 * them.
 */
interface CheckedTx {
  tx: Envelope;
  body?: unknown;
}
class EnvelopeCache {
  private readonly map = new Map<string, CheckedTx>();
  constructor(private readonly max = 100_000) {}
  get(h: string): CheckedTx | undefined {
    return this.map.get(h);
  }
  add(h: string, tx: Envelope): CheckedTx {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    const entry: CheckedTx = { tx };
    this.map.set(h, entry);
    return entry;
  }
}

export class LedgerApp {
  private readonly envelopes = new EnvelopeCache();
  /**
   * Next nonce per member as this node's mempool sees it (committed nonce + 1, or past the txs it
   * has admitted since the last commit). Reset at each commit: CometBFT then rechecks the txs
   * left in its mempool in order, which rebuilds this view and evicts what no longer fits.
   */
  private checkNonces = new Map<string, number>();
  /** Decoded identity records of committed state, for CheckTx; dropped at each commit. */
  private checkMemo = new Map<string, unknown>();
  /** Ledger time of the last finalized block (for mempool pre-checks; 0 until the first block after a start). */
  private lastLedgerTimeMs = 0;
  private stagedLedgerTimeMs = 0;
  /** Proof queries that arrived between FinalizeBlock and Commit, answered after the commit. */
  private afterCommit: Array<() => void> = [];

  constructor(
    readonly store: StateStore,
    readonly chainId: string,
  ) {}

  info(): { height: number; appHash: Uint8Array } {
    return this.store.info();
  }

  async initChain(appStateBytes: Uint8Array, validators: GenesisValidator[], genesisTimeMs: number): Promise<Uint8Array> {
    const branch = this.store.branch();
    applyGenesis(branch, appStateBytes, validators, genesisTimeMs);
    branch.write();
    return this.store.computeAppHash(0);
  }

  /**
   * Authenticates a transaction against `state`: decodes it, checks chain, signer, signature,
   * nonce (against `expectedNonce`) and body schema. Throws {@link LedgerError}.
   */
  private authenticate(bytes: Uint8Array, ids: IdentityStore, expectedNonce: (memberId: string, committed: number) => number) {
    const h = txHashHex(bytes);
    let cached = this.envelopes.get(h);
    const tx = cached?.tx ?? decodeEnvelope(bytes);
    if (tx.chain !== this.chainId) throw new LedgerError('WRONG_CHAIN', `got ${tx.chain.slice(0, 64)}, this is ${this.chainId}`);
    const keyRec = ids.keyRecord(tx.signer);
    if (!keyRec) return this.authenticatePublic(h, tx, cached, ids, expectedNonce);
    if (keyRec.revokedHeight !== null) throw new LedgerError('KEY_REVOKED', `rotated out at height ${keyRec.revokedHeight}`);
    const member = ids.member(keyRec.memberId);
    if (!member) throw new LedgerError('UNKNOWN_SIGNER');
    if (!cached) {
      if (!verifySignature(tx)) throw new LedgerError('BAD_SIGNATURE');
      cached = this.envelopes.add(h, tx);
    }
    if (member.status !== 'active') throw new LedgerError('SIGNER_SUSPENDED', member.id);
    const org = ids.org(member.orgId);
    if (!org || org.status !== 'active') throw new LedgerError('SIGNER_SUSPENDED', `organization ${member.orgId}`);
    const signer: Signer = { memberId: member.id, orgId: member.orgId, roles: member.roles };
    return this.checkNonceAndBody(tx, cached, signer, expectedNonce(member.id, ids.nonce(member.id)));
  }

  /**
   * A key that belongs to no member may sign only the messages open to the public (a complaint):
   * it acts as `public:<first 32 hex of SHA-256(key)>`, with its own nonce sequence in state.
   */
  private authenticatePublic(h: string, tx: Envelope, cached: CheckedTx | undefined, ids: IdentityStore, expectedNonce: (memberId: string, committed: number) => number) {
    if (!PUBLIC_TYPES.has(tx.type)) throw new LedgerError('UNKNOWN_SIGNER');
    if (!cached) {
      if (!verifySignature(tx)) throw new LedgerError('BAD_SIGNATURE');
      cached = this.envelopes.add(h, tx);
    }
    const id = publicSignerId(tx.signer);
    const signer: Signer = { memberId: id, orgId: PUBLIC_ORG, roles: [] };
    return this.checkNonceAndBody(tx, cached, signer, expectedNonce(id, ids.nonce(id)));
  }

  private checkNonceAndBody(tx: Envelope, cached: CheckedTx, signer: Signer, want: number) {
    if (tx.nonce < want) throw new LedgerError('NONCE_REPLAYED', `nonce ${tx.nonce}, next is ${want}`);
    if (tx.nonce > want) throw new LedgerError('NONCE_OUT_OF_ORDER', `nonce ${tx.nonce}, next is ${want}`);
    const spec = messages.get(tx.type);
    if (!spec) throw new LedgerError('UNKNOWN_TYPE', tx.type.slice(0, 64));
    if (!('body' in cached)) {
      const parsed = spec.schema.safeParse(tx.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.join('.') || 'body';
        if (issue?.message === PERSONAL_DATA_MESSAGE) throw new LedgerError('PERSONAL_DATA', where);
        throw new LedgerError('INVALID_BODY', issue ? `${where}: ${issue.message}` : 'invalid');
      }
      cached.body = parsed.data;
    }
    return { tx, signer, spec, body: cached.body };
  }

  /** Mempool admission. `recheck` after a commit re-validates against the new state. */
  checkTx(bytes: Uint8Array): TxResult {
    try {
      const ids = new IdentityStore(this.store.committedState(), this.checkMemo);
      const { tx, signer, spec, body } = this.authenticate(bytes, ids, (id, committed) => this.checkNonces.get(id) ?? committed + 1);
      spec.precheck?.({ state: this.store.committedState(), signer, lastTimeMs: this.lastLedgerTimeMs }, body);
      this.checkNonces.set(signer.memberId, tx.nonce + 1);
      return ok();
    } catch (e) {
      if (e instanceof LedgerError) return rejected(e);
      throw e;
    }
  }

  /**
   * The proposer's choice from its mempool (PrepareProposal): the transactions, in order, that
   * pass the envelope checks with each member's nonces in sequence from committed state, up to
   * `maxBytes`. A mempool can hold a member's later transaction without the one before it (gossip
   * order, or a mempool recheck that CometBFT cut short at its recheck_timeout); such a
   * transaction waits in the mempool for a later block instead of failing in this one.
   */
  prepareProposal(txs: Uint8Array[], maxBytes: number): Uint8Array[] {
    const ids = new IdentityStore(this.store.committedState(), this.checkMemo);
    const next = new Map<string, number>();
    const out: Uint8Array[] = [];
    let size = 0;
    for (const bytes of txs) {
      if (size + bytes.length > maxBytes) break;
      try {
        const { tx, signer } = this.authenticate(bytes, ids, (id, committed) => next.get(id) ?? committed + 1);
        next.set(signer.memberId, tx.nonce + 1);
      } catch (e) {
        if (e instanceof LedgerError) continue;
        throw e;
      }
      out.push(bytes);
      size += bytes.length;
    }
    return out;
  }

  async finalizeBlock(block: BlockInput): Promise<BlockResult> {
    if (this.store.hasStagedBlock() && block.height > 0) {
      // A previous FinalizeBlock for this height was not committed (CometBFT replays it after a
      // crash); start again from the committed state. Genesis writes (height 0) are kept.
      if (this.store.info().height > 0) await this.store.discardBlock();
    }
    const validatorUpdates = new Map<string, ValidatorUpdate>();
    const ledgerBlock = { ...block, blockTimeMs: block.timeMs, timeMs: ledgerTimeMs(readCalendar(this.store.committedState()), block.timeMs) };
    this.stagedLedgerTimeMs = ledgerBlock.timeMs;
    // Decoded identity records (keys, members, organizations) for this block's signature checks;
    // dropped after any identity transaction, the only kind that changes them.
    const memo = new Map<string, unknown>();
    const txResults = block.txs.map((bytes) => this.deliver(bytes, ledgerBlock, validatorUpdates, memo));
    const appHash = await this.store.computeAppHash(block.height);
    return { txResults, validatorUpdates: [...validatorUpdates.values()], appHash, events: [] };
  }

  private deliver(bytes: Uint8Array, block: LedgerBlock, validatorUpdates: Map<string, ValidatorUpdate>, memo: Map<string, unknown>): TxResult {
    const branch = this.store.branch();
    try {
      const { tx, signer, spec, body } = this.authenticate(bytes, new IdentityStore(branch, memo), (_id, committed) => committed + 1);
      if (tx.type.startsWith('identity.')) memo.clear();
      const events: LedgerEvent[] = [];
      const pendingValidators: ValidatorUpdate[] = [];
      const ctx = this.context(branch, signer, block, events, pendingValidators);
      spec.handle(ctx, body);
      bumpNonce(branch, signer.memberId, tx);
      branch.write();
      for (const u of pendingValidators) validatorUpdates.set(Buffer.from(u.pubKey).toString('hex'), u);
      events.unshift({
        type: 'tx',
        attributes: [
          { key: 'type', value: tx.type, index: true },
          { key: 'signer', value: signer.memberId, index: true },
          { key: 'org', value: signer.orgId, index: true },
        ],
      });
      return ok(events);
    } catch (e) {
      if (e instanceof LedgerError) return rejected(e);
      throw e;
    }
  }

  private context(state: StateWriter, signer: Signer, block: LedgerBlock, events: LedgerEvent[], validators: ValidatorUpdate[]): TxContext {
    return {
      state,
      signer,
      height: block.height,
      timeMs: block.timeMs,
      blockTimeMs: block.blockTimeMs,
      chainId: this.chainId,
      emit(type, attrs, indexed = []) {
        events.push({ type, attributes: Object.entries(attrs).map(([key, value]) => ({ key, value, index: indexed.includes(key) })) });
      },
      updateValidator(u) {
        validators.push(u);
      },
    };
  }

  commit(): { height: number; appHash: Uint8Array } {
    const info = this.store.commit();
    this.lastLedgerTimeMs = this.stagedLedgerTimeMs;
    this.checkNonces = new Map();
    this.checkMemo = new Map();
    const waiting = this.afterCommit;
    this.afterCommit = [];
    for (const resume of waiting) resume();
    return info;
  }

  /**
   * Read-only queries against committed state:
   *   /key            data = raw state key; with prove, the MPT proof against the AppHash
   *   /<module>/...   module queries, JSON
   */
  async query(path: string, data: Uint8Array, prove: boolean): Promise<QueryResult> {
    const info = this.store.info();
    try {
      if (path === '/key' || path === 'key') {
        if (data.length === 0 || data.length > 1024) throw new LedgerError('BAD_QUERY', 'key must be 1–1024 bytes');
        if (prove) {
          // The trie holds the staged block until Commit; a proof waits for the committed root.
          if (this.store.hasStagedBlock()) await new Promise<void>((resume) => this.afterCommit.push(resume));
          const p = await this.store.prove(data);
          return { code: 0, log: p.value ? 'exists' : 'does not exist', key: data, value: p.value ?? new Uint8Array(0), height: p.height, proof: p.proof };
        }
        const v = this.store.committedState().get(data);
        return { code: 0, log: v ? 'exists' : 'does not exist', key: data, value: v ?? new Uint8Array(0), height: info.height };
      }
      if (path === '/calendar') {
        const c = readCalendar(this.store.committedState());
        return { code: 0, log: '', key: data, value: new TextEncoder().encode(JSON.stringify(c)), height: info.height };
      }
      const parts = path.replace(/^\//, '').split('/');
      const mod = modulesByName.get(parts[0] ?? '');
      if (!mod?.query) throw new LedgerError('BAD_QUERY', `unknown path ${path.slice(0, 100)}`);
      const result = mod.query(this.store.committedState(), parts.slice(1), data);
      return { code: 0, log: '', key: data, value: new TextEncoder().encode(JSON.stringify(result, jsonReplacer)), height: info.height };
    } catch (e) {
      if (e instanceof LedgerError) return { code: e.code, log: e.message, key: data, value: new Uint8Array(0), height: info.height };
      throw e;
    }
  }
}

function bumpNonce(state: StateWriter, signerId: string, tx: Envelope): void {
  new IdentityWriter(state).putNonce(signerId, tx.nonce);
}

export function txHashHex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** JSON for query answers: bytes as base64, bigints as strings. */
export function jsonReplacer(_k: string, v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (typeof v === 'bigint') return v.toString();
  return v;
}

