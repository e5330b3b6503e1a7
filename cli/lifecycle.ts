/**
 * The procurement lifecycle as the people in it would drive it, step by step, through signed
 * transactions: plan → tender (opening keys, sealed bids, opening, evaluation, award, objections,
 * SPPBJ) → contract → progress, verification, payment orders and payments → handover. The same
 * steps seed the demo world, run the scenario tests on a real network and the unit tests on an
 * in-process chain, and drive the lifecycle benchmark: each behind a {@link LedgerPort}.
 */
import { createHash } from 'node:crypto';
import type { Body } from '../ledger/tx/envelope.js';
import { ledgerTimeMs, DAY_MS, type Calendar } from '../ledger/calendar.js';
import { MemberSigner, abciQuery, queryJson, type TxOutcome } from './client.js';
import type { MemberKey } from './keyfile.js';
import { rpc } from './localnet.js';
import { openingKeyPair, sealBid, type BidTerms } from './sealing.js';

export interface Outcome {
  code: number;
  log: string;
  info?: string;
  height?: number;
}

/** Where the lifecycle runs: a real network, or an in-process chain in unit tests. */
export interface LedgerPort {
  readonly chainId: string;
  send(member: string, type: string, body: Body): Promise<Outcome>;
  query<T>(path: string): Promise<T>;
  /** Ledger time of the last committed block. */
  now(): Promise<number>;
  /** Returns once a block with ledger time ≥ `ms` is committed. */
  waitFor(ms: number): Promise<void>;
  /** The member's key seed (opening keys are derived from it; it never leaves this process). */
  seed(member: string): Uint8Array;
}

/**
 * Members' signers shared by every port on one network: a member's nonces are counted in one
 * place and its transactions go in order (through the node that first sent for it), whichever
 * port sends them; different members' go in parallel.
 */
export class SignerPool {
  private readonly signers = new Map<string, MemberSigner>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** The highest block that a transaction sent through the pool was committed in. */
  lastHeight = 0;
  private readonly used = new Set<string>();
  constructor(
    readonly chainId: string,
    readonly keys: Map<string, MemberKey>,
  ) {}
  send(rpcUrl: string, member: string, type: string, body: Body): Promise<TxOutcome> {
    let s = this.signers.get(member);
    if (!s) {
      const key = this.keys.get(member);
      if (!key) throw new Error(`no key for ${member}`);
      s = new MemberSigner(key, this.chainId, rpcUrl);
      this.signers.set(member, s);
    }
    const signer = s;
    const fresh = !this.used.has(member);
    this.used.add(member);
    const next = (this.queues.get(member) ?? Promise.resolve())
      .catch(() => undefined)
      // A signer reads its member's nonce from its node on first use: that node must first have
      // committed every block the pool wrote to, or it hands out a nonce already used.
      .then(() => (fresh ? committedUpTo(rpcUrl, this.lastHeight) : undefined))
      .then(() => signer.send(type, body))
      .then((out) => {
        this.lastHeight = Math.max(this.lastHeight, out.height);
        return out;
      });
    this.queues.set(member, next);
    return next;
  }
}

/**
 * Waits until the node's application has committed `height` (abci_info), not merely CometBFT's
 * latest block (`status`): a node stores a block before its application commits it, and a read in
 * between sees the state before that block.
 */
async function committedUpTo(rpcUrl: string, height: number): Promise<void> {
  for (;;) {
    const s = await rpc<{ response: { last_block_height?: string } }>(rpcUrl, 'abci_info');
    if (Number(s.response.last_block_height ?? 0) >= height) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A port over a real CometBFT network: reads from one node's RPC, transactions through the pool. */
export class NetworkPort implements LedgerPort {
  readonly chainId: string;
  constructor(
    private readonly pool: SignerPool,
    private readonly rpcUrl: string,
  ) {
    this.chainId = pool.chainId;
  }
  send(member: string, type: string, body: Body): Promise<TxOutcome> {
    return this.pool.send(this.rpcUrl, member, type, body);
  }
  /**
   * Reads from this port's node once it has committed every block the pool's transactions went
   * into (a transaction sent through another node is committed there first): read your writes.
   */
  async query<T>(path: string): Promise<T> {
    await this.caughtUp();
    return queryJson<T>(this.rpcUrl, path);
  }
  private caughtUp(): Promise<void> {
    return committedUpTo(this.rpcUrl, this.pool.lastHeight);
  }
  /**
   * Ledger time of the last block the node's application has committed (abci_info), not of
   * CometBFT's latest stored block (`status`), which can be one ahead: a step checked against the
   * application's last block time (CheckTx, e.g. revealing an opening key after the deadline)
   * would be refused as too early if `waitFor` judged by a block the application has not committed.
   */
  async now(): Promise<number> {
    await this.caughtUp();
    const info = await rpc<{ response: { last_block_height?: string } }>(this.rpcUrl, 'abci_info');
    const height = info.response.last_block_height ?? '0';
    const [block, cal] = await Promise.all([rpc<{ block: { header: { time: string } } }>(this.rpcUrl, 'block', height === '0' ? {} : { height }), abciQuery(this.rpcUrl, '/calendar')]);
    const calendar = JSON.parse(Buffer.from(cal.value).toString('utf8')) as Calendar;
    return ledgerTimeMs(calendar, Date.parse(block.block.header.time));
  }
  async waitFor(ms: number): Promise<void> {
    for (;;) {
      if ((await this.now()) >= ms) return;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  seed(member: string): Uint8Array {
    const k = this.pool.keys.get(member);
    if (!k) throw new Error(`no key for ${member}`);
    return k.seed;
  }
}

export class Rejected extends Error {
  constructor(
    readonly what: string,
    readonly outcome: Outcome,
  ) {
    super(`${what} rejected (${outcome.code} ${outcome.info ?? ''}): ${outcome.log}`);
  }
}

export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');
export const signatoryOf = (org: string) => `${org}-signatory`;

export interface TenderPlan {
  tenderId: string;
  packageId: string;
  ppk: string;
  hpsRupiah: string;
  pokja: string[];
  committee: string[];
  threshold: number;
  bidDays: number;
  previousTenderId?: string | null;
}

export interface MilestoneTerms {
  id: string;
  title: string;
  shareBp: number;
  dueDay: number;
  verifiers: Array<{ kind: 'ppk' } | { kind: 'org'; orgId: string } | { kind: 'apip' }>;
}

export interface ContractTerms {
  contractId: string;
  tenderId: string;
  ppk: string;
  type: string;
  valueRupiah: string;
  vatRateBp: number;
  advanceBp: number;
  durationDays: number;
  maintenanceDays: number;
  permanentWorks: boolean;
  milestones: MilestoneTerms[];
}

/** The steps of the lifecycle, each a signed transaction (or a few) that must be accepted. */
export class Procurement {
  constructor(readonly port: LedgerPort) {}

  async must(member: string, type: string, body: Body): Promise<Outcome> {
    const out = await this.port.send(member, type, body);
    if (out.code !== 0) throw new Rejected(`${type} by ${member}`, out);
    return out;
  }

  async plan(pa: string, p: { packageId: string; title: string; workUnit: string; category: string; method: string; budgetLine: string; paguRupiah: string; justification?: string | null }): Promise<void> {
    await this.must(pa, 'plan.create_package', { fiscalYear: 2026, justification: null, ...p });
    await this.must(pa, 'plan.publish_package', { packageId: p.packageId });
  }

  /** PPK creates the tender; every opening officer registers a key; a Pokja member announces it. */
  async openTender(t: TenderPlan): Promise<{ deadlineMs: number }> {
    await this.must(t.ppk, 'tender.create', {
      tenderId: t.tenderId,
      packageId: t.packageId,
      hpsRupiah: t.hpsRupiah,
      hpsBreakdownHash: sha256Hex(`rincian HPS ${t.tenderId}`),
      pokja: t.pokja,
      committee: t.committee,
      threshold: t.threshold,
      previousTenderId: t.previousTenderId ?? null,
    });
    await Promise.all(t.committee.map((m) => this.must(m, 'tender.register_opening_key', { tenderId: t.tenderId, publicKey: openingKeyPair(this.port.seed(m), this.port.chainId, t.tenderId).publicKey })));
    const deadlineMs = (await this.port.now()) + t.bidDays * DAY_MS;
    await this.must(t.pokja[0]!, 'tender.announce', { tenderId: t.tenderId, bidDeadlineMs: deadlineMs });
    return { deadlineMs };
  }

  /** A supplier registers and submits a bid sealed in this process (as it would be in its browser). */
  async bid(tenderId: string, supplier: string, terms: Partial<BidTerms> & { priceRupiah: string }): Promise<void> {
    const signatory = signatoryOf(supplier);
    const tender = await this.port.query<{ committee: Array<{ openingKey: string }>; threshold: number }>(`/tender/tender/${tenderId}`);
    const registered = await this.port.query<Array<{ orgId: string }>>(`/tender/registrations/${tenderId}`);
    if (!registered.some((r) => r.orgId === supplier)) await this.must(signatory, 'tender.register', { tenderId });
    const body = await sealBid({
      chain: this.port.chainId,
      tenderId,
      bidder: supplier,
      terms: { tkdnBp: 0, validityDays: 90, technicalHash: sha256Hex(`dokumen teknis ${supplier} ${tenderId}`), ...terms },
      openingKeys: tender.committee.map((s) => new Uint8Array(Buffer.from(s.openingKey, 'base64'))),
      threshold: tender.threshold,
    });
    await this.must(signatory, 'tender.submit_bid', body);
  }

  /** After the deadline, `officers` (default: the first `threshold` seats) each post the secret half of their opening key. */
  async openBids(tenderId: string, officers?: string[]): Promise<void> {
    const t = await this.port.query<{ bidDeadlineMs: number; threshold: number; committee: Array<{ memberId: string }> }>(`/tender/tender/${tenderId}`);
    officers ??= t.committee.slice(0, t.threshold).map((s) => s.memberId);
    await this.port.waitFor(t.bidDeadlineMs);
    for (const m of officers) {
      await this.must(m, 'tender.reveal_opening_key', { tenderId, secretKey: openingKeyPair(this.port.seed(m), this.port.chainId, tenderId).secretKey });
    }
  }

  /** The evaluation every opened bid qualifies in, unless `disqualify` names it with a reason. */
  async evaluate(tenderId: string, pokjaMember: string, opts: { disqualify?: Record<string, string>; scores?: Record<string, number> } = {}): Promise<void> {
    const bids = await this.port.query<Array<{ bidder: string; status: string; content: { priceRupiah: string } | null }>>(`/tender/bids/${tenderId}`);
    const t = await this.port.query<{ hpsRupiah: string }>(`/tender/tender/${tenderId}`);
    const lines = bids.map((b) => {
      const reason = opts.disqualify?.[b.bidder] ?? (b.status !== 'opened' ? 'Penawaran tidak dapat dibuka' : BigInt(b.content!.priceRupiah) > BigInt(t.hpsRupiah) ? 'Harga penawaran melebihi HPS' : null);
      return { bidder: b.bidder, qualified: reason === null, reason, correctedPriceRupiah: b.content ? b.content.priceRupiah : null, technicalScore: opts.scores?.[b.bidder] ?? null };
    });
    await this.must(pokjaMember, 'tender.evaluate', { tenderId, lines });
  }

  /** A majority of the Pokja approves the winner; above the threshold the PA confirms. */
  async award(tenderId: string, winner: string, pa: string): Promise<void> {
    const t = await this.port.query<{ pokja: string[] }>(`/tender/tender/${tenderId}`);
    const majority = Math.floor(t.pokja.length / 2) + 1;
    for (const m of t.pokja.slice(0, majority)) await this.must(m, 'tender.approve_award', { tenderId, winner });
    const after = await this.port.query<{ status: string }>(`/tender/tender/${tenderId}`);
    if (after.status === 'award_pending_pa') await this.must(pa, 'tender.decide_award', { tenderId, approve: true, reason: 'Hasil evaluasi Pokja sesuai dokumen pemilihan' });
  }

  /** Waits out the objection windows, then the PPK issues the SPPBJ. */
  async sppbj(tenderId: string, ppk: string): Promise<void> {
    const t = await this.port.query<{ sanggahEndsMs: number }>(`/tender/tender/${tenderId}`);
    const objections = await this.port.query<Array<{ bandingEndsMs: number | null }>>(`/tender/objections/${tenderId}`);
    await this.port.waitFor(Math.max(t.sanggahEndsMs, ...objections.map((o) => o.bandingEndsMs ?? 0)) + 1);
    await this.must(ppk, 'tender.issue_sppbj', { tenderId });
  }

  /** The PPK drafts the terms; the PPK and the supplier's signatory sign. */
  async contract(c: ContractTerms, supplier: string): Promise<void> {
    const { ppk, ...terms } = c;
    await this.must(ppk, 'contract.draft', { ...terms, multiYear: false, documentHash: sha256Hex(`kontrak ${c.contractId}`) } as unknown as Body);
    await this.must(ppk, 'contract.sign', { contractId: c.contractId, bondReference: null, advanceGuaranteeReference: null });
    const drafted = await this.port.query<{ performanceBondRupiah: string; advanceRupiah: string }>(`/contract/contract/${c.contractId}`);
    await this.must(signatoryOf(supplier), 'contract.sign', {
      contractId: c.contractId,
      bondReference: drafted.performanceBondRupiah !== '0' ? `JAMLAK/${c.contractId.toUpperCase()}/2026` : null,
      advanceGuaranteeReference: drafted.advanceRupiah !== '0' ? `JUM/${c.contractId.toUpperCase()}/2026` : null,
    });
  }

  /** The supplier reports the milestone complete; then each verifier signs it off. */
  async completeMilestone(contractId: string, milestoneId: string, supplier: string, verifiers: string[]): Promise<void> {
    await this.must(signatoryOf(supplier), 'execution.report_progress', {
      contractId,
      milestoneId,
      progressBp: 10_000,
      complete: true,
      note: `Pekerjaan ${milestoneId} selesai 100 %`,
      documentHashes: [sha256Hex(`laporan ${contractId} ${milestoneId}`)],
    });
    for (const v of verifiers) await this.must(v, 'execution.verify_milestone', { contractId, milestoneId, approve: true, note: 'Diperiksa di lapangan, sesuai spesifikasi', documentHashes: [sha256Hex(`berita acara ${contractId} ${milestoneId} ${v}`)] });
  }

  /** The treasury pays every order of the contract that is not yet fully paid. */
  async payAll(contractId: string, treasury: string): Promise<number> {
    const orders = await this.port.query<Array<{ no: number; netRupiah: string; paidRupiah: string }>>(`/execution/orders/${contractId}`);
    let n = 0;
    for (const o of orders) {
      const due = BigInt(o.netRupiah) - BigInt(o.paidRupiah);
      if (due <= 0n) continue;
      await this.must(treasury, 'execution.record_payment', { contractId, orderNo: o.no, sp2dNumber: `${String(o.no).padStart(5, '0')}/SP2D/${contractId.slice(0, 20).toUpperCase()}/2026`, amountRupiah: due.toString() });
      n++;
    }
    return n;
  }
}
