/**
 * Support for the property tests in ../invariants.test.ts:
 *   - a contract made through the whole lifecycle from random terms (plan → tender → sealed bids →
 *     opening → evaluation → award → SPPBJ → signed contract), then random valid and invalid
 *     actions on it with the money invariants checked after every transaction ({@link MoneyRun});
 *   - sealed bids, honest or spoiled at some seats, whose secrets (plaintext, bid key, key shares)
 *     are recovered by the test so that committed state can be searched for them
 *     ({@link sealAndRecover}, {@link findInState}), and the opening as the protocol states it,
 *     from the test's own record of what each bid sealed where ({@link OpeningModel});
 *   - a port that feeds the same blocks to two chains and compares them at every height
 *     ({@link MirrorPort}).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import sodium from 'sodium-native';
import { combine } from 'shamir-secret-sharing';
import { codeName } from '../../ledger/codes.js';
import { bidAad, bidCommitment, shareHash } from '../../ledger/modules/tender/sealed-bid.js';
import { CURRENT_RULESET, bpOf } from '../../ledger/rules/ruleset.js';
import type { Body } from '../../ledger/tx/envelope.js';
import { Procurement, sha256Hex, signatoryOf, type LedgerPort, type MilestoneTerms, type Outcome } from '../../cli/lifecycle.js';
import { openShare, openingKeyPair, sealBid, type BidTerms, type OpeningKeyPair } from '../../cli/sealing.js';
import { TestChain } from './chain.js';
import { CHAIN, TEST_PEOPLE, TestSigners, testKey } from './genesis.js';
import { checkMoney } from './scenarios.js';

// ---------------------------------------------------------------------------------------------
// The cast (test genesis) and who fits which verifier slot
// ---------------------------------------------------------------------------------------------

export const PA = 'bdg-pa-dpu';
export const POKJA = ['bdg-pokja-1', 'bdg-pokja-2', 'bdg-pokja-3'] as const;
export const AUDITORS = ['insp-auditor', 'bpkp-auditor'] as const;
export const TREASURY = 'bdg-bendahara';
export const CONTRACT_PPK = 'bdg-ppk-jalan';
const OTHER_PPK = 'bdg-ppk';
const CONSULTANT = 'cv-konsultan-priangan';
/** The inspectorate is the city's APIP (auditorKind apip in the test genesis). */
const APIP_ORG = 'inspektorat-bandung';
const PEOPLE = new Map(TEST_PEOPLE.map((p) => [p.id, p]));

export type Slot = MilestoneTerms['verifiers'][number];

/** Extra verifiers a milestone may name besides the PPK: a supervision consultant, BPKP, the inspectorate as an organization, APIP. */
const EXTRA_SLOTS: readonly Slot[] = [{ kind: 'org', orgId: CONSULTANT }, { kind: 'org', orgId: 'bpkp-jabar' }, { kind: 'apip' }, { kind: 'org', orgId: APIP_ORG }];

/** Whether `member` may fill `slot` (the rule of execution/messages.ts, restated from the cast). */
export function fitsSlot(member: string, slot: Slot, ppk: string): boolean {
  if (slot.kind === 'ppk') return member === ppk;
  const person = PEOPLE.get(member);
  if (!person) return false;
  if (slot.kind === 'org') return person.orgId === slot.orgId && (person.roles.includes('supplier_signatory') || person.roles.includes('auditor'));
  return person.orgId === APIP_ORG && person.roles.includes('auditor');
}

/** The member the test sends to fill a slot. */
function memberForSlot(slot: Slot, ppk: string): string {
  if (slot.kind === 'ppk') return ppk;
  if (slot.kind === 'apip') return 'insp-auditor';
  if (slot.orgId === CONSULTANT) return signatoryOf(CONSULTANT);
  if (slot.orgId === 'bpkp-jabar') return 'bpkp-auditor';
  return 'insp-auditor';
}

/** Whether distinct members from `members` can be assigned to every slot, one each. */
export function coversEverySlot(members: readonly string[], slots: readonly Slot[], ppk: string): boolean {
  const assign = (i: number, used: Set<string>): boolean => {
    if (i === slots.length) return true;
    return members.some((m) => !used.has(m) && fitsSlot(m, slots[i]!, ppk) && assign(i + 1, new Set([...used, m])));
  };
  return assign(0, new Set());
}

export const PERSONAS = ['ppk', 'otherPpk', 'consultant', 'bpkpAuditor', 'apipAuditor', 'supplier', 'treasury', 'strangerSupplier', 'pa'] as const;
export type Persona = (typeof PERSONAS)[number];
/** Who sends an action: the member whose job it is (`right`), or anyone else. */
export type Sender = 'right' | Persona;

// ---------------------------------------------------------------------------------------------
// Ledger views (JSON query answers)
// ---------------------------------------------------------------------------------------------

export interface MilestoneView {
  id: string;
  shareBp: number;
  dueMs: number;
  verifiers: Slot[];
  status: 'pending' | 'claimed' | 'verified';
  progressBp: number;
  claimedMs: number | null;
  verifications: Array<{ slot: number; memberId: string; orgId: string }>;
  orderNo: number | null;
}
export interface AmendmentView {
  id: string;
  valueChangeRupiah: string;
  extraDays: number;
  status: 'proposed' | 'approved' | 'cancelled';
}
export interface ContractView {
  id: string;
  ppk: string;
  supplier: string;
  status: string;
  originalValueRupiah: string;
  valueRupiah: string;
  addedRupiah: string;
  advanceRupiah: string;
  maintenanceDays: number;
  milestones: MilestoneView[];
  amendments: AmendmentView[];
  totals: {
    orders: number;
    orderedGrossRupiah: string;
    orderedNetRupiah: string;
    paidRupiah: string;
    advanceRepaidRupiah: string;
    retentionHeldRupiah: string;
    penaltyAssessedRupiah: string;
    penaltyDeductedRupiah: string;
  };
  handover: { maintenanceEndsMs: number | null };
}
export interface OrderView {
  no: number;
  kind: 'advance' | 'milestone' | 'retention';
  milestoneId: string | null;
  grossRupiah: string;
  advanceRepaymentRupiah: string;
  retentionRupiah: string;
  lateDays: number;
  penaltyAssessedRupiah: string;
  penaltyDeductedRupiah: string;
  netRupiah: string;
  paidRupiah: string;
}

/** A ledger port together with the AppHash of its last committed block. */
export interface HashedPort {
  readonly port: LedgerPort;
  appHash(): string;
}

// ---------------------------------------------------------------------------------------------
// A contract from random terms, made through the whole lifecycle
// ---------------------------------------------------------------------------------------------

export interface ContractSetup {
  category: 'goods' | 'works';
  winner: string;
  rivals: Array<{ supplier: string; premiumBp: number }>;
  priceRupiah: bigint;
  hpsMarginBp: number;
  paguSlackBp: number;
  bidDays: number;
  vatRateBp: number;
  advanceShareOfCapPct: number;
  milestones: Array<{ shareBp: number; dueDay: number; verifiers: Slot[] }>;
  extraDurationDays: number;
  permanentWorks: boolean;
  extraMaintenanceDays: number;
}

const WINNERS = ['pt-jalan-mulus', 'cv-bangun-sekolah', 'pt-karya-beton'] as const;
const RIVALS = ['pt-jalan-mulus', 'cv-bangun-sekolah', 'pt-karya-beton', 'pt-cahaya-pratama', 'pt-sarana-medika'] as const;
const SMALL = new Set(['cv-bangun-sekolah', 'cv-konsultan-priangan']);

/** 3–5 milestones: payment shares summing to 100 %, increasing due days, the PPK plus 0–3 other verifiers in random order. */
const milestonesArb = fc.integer({ min: 3, max: 5 }).chain((n) =>
  fc
    .record({
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: 9_999 }), { minLength: n - 1, maxLength: n - 1 }),
      gaps: fc.array(fc.integer({ min: 1, max: 120 }), { minLength: n, maxLength: n }),
      verifiers: fc.array(fc.record({ extra: fc.shuffledSubarray([...EXTRA_SLOTS], { maxLength: 3 }), ppkAt: fc.nat() }), { minLength: n, maxLength: n }),
    })
    .map(({ cuts, gaps, verifiers }) => {
      const bounds = [0, ...[...cuts].sort((a, b) => a - b), 10_000];
      let day = 0;
      return gaps.map((gap, i) => {
        day += gap;
        const v = verifiers[i]!;
        const slots: Slot[] = [...v.extra];
        slots.splice(v.ppkAt % (slots.length + 1), 0, { kind: 'ppk' });
        return { shareBp: bounds[i + 1]! - bounds[i]!, dueDay: day, verifiers: slots };
      });
    }),
);

export const contractSetupArb: fc.Arbitrary<ContractSetup> = fc
  .record({
    category: fc.constantFrom('goods' as const, 'works' as const),
    winner: fc.constantFrom(...WINNERS),
    rivals: fc.shuffledSubarray([...RIVALS], { maxLength: 2 }).chain((names) => fc.tuple(...names.map((n) => fc.record({ supplier: fc.constant(n), premiumBp: fc.integer({ min: 1, max: 5_000 }) })))),
    priceRupiah: fc.bigInt({ min: 300_000_000n, max: 40_000_000_000n }),
    hpsMarginBp: fc.integer({ min: 0, max: 2_000 }),
    paguSlackBp: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3_000 })),
    bidDays: fc.integer({ min: 2, max: 45 }),
    vatRateBp: fc.constantFrom(0, 1_100),
    advanceShareOfCapPct: fc.oneof(fc.constant(0), fc.constant(100), fc.integer({ min: 0, max: 100 })),
    milestones: milestonesArb,
    extraDurationDays: fc.integer({ min: 0, max: 60 }),
    permanentWorks: fc.boolean(),
    extraMaintenanceDays: fc.integer({ min: 0, max: 60 }),
  })
  .map((s) => ({ ...s, rivals: s.rivals.filter((r) => r.supplier !== s.winner) }));

export interface ContractFixture {
  packageId: string;
  tenderId: string;
  contractId: string;
  ppk: string;
  supplier: string;
  valueRupiah: bigint;
  advanceBp: number;
  maintenanceDays: number;
  milestones: MilestoneTerms[];
}

/** Plans, tenders, awards and signs a contract on `port` from `s`; returns it active. */
export async function buildActiveContract(port: LedgerPort, s: ContractSetup, suffix = 'inv'): Promise<ContractFixture> {
  const p = new Procurement(port);
  const packageId = `paket-${suffix}`;
  const tenderId = `tender-${suffix}`;
  const contractId = `kontrak-${suffix}`;
  const price = s.priceRupiah;
  const hps = price + bpOf(price, s.hpsMarginBp);
  const pagu = hps + bpOf(price, s.paguSlackBp);
  const rules = CURRENT_RULESET;
  await p.plan(PA, { packageId, title: 'Paket Uji Invarian Keuangan', workUnit: 'Dinas Pekerjaan Umum', category: s.category, method: 'tender', budgetLine: '1.03.10.2.01.0099', paguRupiah: pagu.toString() });
  await p.openTender({ tenderId, packageId, ppk: CONTRACT_PPK, hpsRupiah: hps.toString(), pokja: [...POKJA], committee: [...POKJA, ...AUDITORS], threshold: 4, bidDays: s.bidDays });
  await p.bid(tenderId, s.winner, { priceRupiah: price.toString() });
  // Rivals bid higher (some above the HPS, which disqualifies them), so the winner is known.
  for (const r of s.rivals) await p.bid(tenderId, r.supplier, { priceRupiah: (price + 1n + bpOf(price, r.premiumBp)).toString() });
  await p.openBids(tenderId);
  await p.evaluate(tenderId, POKJA[0]);
  await p.award(tenderId, s.winner, PA);
  await p.sppbj(tenderId, CONTRACT_PPK);
  const cap = SMALL.has(s.winner) ? rules.advanceCapBp.small : rules.advanceCapBp.nonSmall;
  const advanceBp = Math.floor((cap * s.advanceShareOfCapPct) / 100);
  const lastDue = s.milestones[s.milestones.length - 1]!.dueDay;
  const maintenanceDays = s.category === 'works' ? (s.permanentWorks ? rules.maintenanceMinDays.permanent : rules.maintenanceMinDays.semiPermanent) + s.extraMaintenanceDays : s.extraMaintenanceDays % 2 === 0 ? 0 : s.extraMaintenanceDays;
  const milestones: MilestoneTerms[] = s.milestones.map((m, i) => ({ id: `termin-${i + 1}`, title: `Termin ${i + 1}`, ...m }));
  await p.contract(
    {
      contractId,
      tenderId,
      ppk: CONTRACT_PPK,
      type: 'lumsum',
      valueRupiah: price.toString(),
      vatRateBp: s.vatRateBp,
      advanceBp,
      durationDays: lastDue + s.extraDurationDays,
      maintenanceDays,
      permanentWorks: s.permanentWorks,
      milestones,
    },
    s.winner,
  );
  return { packageId, tenderId, contractId, ppk: CONTRACT_PPK, supplier: s.winner, valueRupiah: price, advanceBp, maintenanceDays, milestones };
}

// ---------------------------------------------------------------------------------------------
// Random actions on an active contract
// ---------------------------------------------------------------------------------------------

export type AmendmentChange =
  | { mode: 'share'; bp: number } // a share of the original value, −30 % … +15 %
  | { mode: 'capRemaining'; offset: number } // exactly what is left under the 10 % cap, ±1
  | { mode: 'downToOrdered'; offset: number } // down to what the ledger counts as ordered (gross), +0/+1
  | { mode: 'downToZero' }; // the whole value away

/** Which amendment an approval or cancellation names: the last one proposed, or any id. */
export type AmendmentPick = 'latest' | number;

export type MoneyAction =
  | { kind: 'report'; milestone: number; mode: 'forward' | 'back' | 'complete' | 'completeWithoutDocuments' | 'completeBelowFull'; step: number; by: Sender }
  | { kind: 'verify'; milestone: number; pick: number; approve: boolean; by: Sender }
  | { kind: 'finish'; milestone: number; nextOpen: boolean }
  | { kind: 'wait'; hours: number }
  | { kind: 'propose'; reuseId: boolean; change: AmendmentChange; extraDays: number; by: Sender }
  | { kind: 'approve'; amendment: AmendmentPick; by: Sender }
  | { kind: 'cancel'; amendment: AmendmentPick; bySupplier: boolean; by: Sender }
  | { kind: 'pay'; order: number; amount: 'due' | 'half' | 'one' | 'overByOne' | 'double'; reuseSp2d: boolean; by: Sender }
  | { kind: 'payAll' }
  | { kind: 'requestHandover'; by: Sender }
  | { kind: 'acceptHandover'; by: Sender }
  | { kind: 'finalHandover'; waitFirst: boolean; by: Sender }
  | { kind: 'closeOut' }; // request and accept the handover, wait out the maintenance, final handover

/** Mostly the member whose job it is; sometimes anyone. */
const senderArb: fc.Arbitrary<Sender> = fc.oneof({ arbitrary: fc.constant('right' as const), weight: 5 }, { arbitrary: fc.constantFrom(...PERSONAS), weight: 1 });
const milestoneIx = fc.nat({ max: 5 });
const amendmentPick: fc.Arbitrary<AmendmentPick> = fc.oneof({ arbitrary: fc.constant('latest' as const), weight: 4 }, { arbitrary: fc.nat({ max: 3 }), weight: 1 });

const changeArb: fc.Arbitrary<AmendmentChange> = fc.oneof(
  { arbitrary: fc.record({ mode: fc.constant('share' as const), bp: fc.integer({ min: -3_000, max: 1_500 }) }), weight: 6 },
  { arbitrary: fc.record({ mode: fc.constant('capRemaining' as const), offset: fc.integer({ min: -1, max: 1 }) }), weight: 2 },
  { arbitrary: fc.record({ mode: fc.constant('downToOrdered' as const), offset: fc.integer({ min: 0, max: 1 }) }), weight: 1 },
  { arbitrary: fc.record({ mode: fc.constant('downToZero' as const) }), weight: 1 },
);

export const moneyActionArb: fc.Arbitrary<MoneyAction> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('report' as const), milestone: milestoneIx, mode: fc.constantFrom('forward' as const, 'back' as const, 'complete' as const, 'completeWithoutDocuments' as const, 'completeBelowFull' as const), step: fc.integer({ min: 0, max: 6_000 }), by: senderArb }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('verify' as const), milestone: milestoneIx, pick: fc.nat(), approve: fc.boolean(), by: senderArb }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('finish' as const), milestone: milestoneIx, nextOpen: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 0, max: 150 * 24 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('propose' as const), reuseId: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 }), change: changeArb, extraDays: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 })), by: senderArb }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('approve' as const), amendment: amendmentPick, by: senderArb }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('cancel' as const), amendment: amendmentPick, bySupplier: fc.boolean(), by: senderArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('pay' as const), order: fc.nat({ max: 8 }), amount: fc.constantFrom('due' as const, 'half' as const, 'one' as const, 'overByOne' as const, 'double' as const), reuseSp2d: fc.boolean(), by: senderArb }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('payAll' as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('requestHandover' as const), by: senderArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('acceptHandover' as const), by: senderArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('finalHandover' as const), waitFirst: fc.boolean(), by: senderArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('closeOut' as const) }), weight: 2 },
);

/** Which kinds of payment order a transaction type may issue. */
const ISSUES: Readonly<Record<string, readonly OrderView['kind'][]>> = {
  'execution.verify_milestone': ['milestone'],
  'contract.accept_handover': ['retention'],
  'contract.final_handover': ['retention'],
};

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);
const orderComponents = (o: OrderView) => JSON.stringify([o.kind, o.milestoneId, o.grossRupiah, o.advanceRepaymentRupiah, o.retentionRupiah, o.lateDays, o.penaltyAssessedRupiah, o.penaltyDeductedRupiah, o.netRupiah]);

/**
 * Applies random actions to one active contract and checks after every transaction:
 *   - paid ≤ ordered ≤ contract value (original + approved amendments), per order and in total
 *     (checkMoney), and the gross ordered ≤ the value;
 *   - every order's net = gross − advance repayment − retention − penalty, every component ≥ 0,
 *     and an order once issued never changes (except what is paid on it);
 *   - a milestone has a payment order only if every verifier slot of its terms was filled by a
 *     distinct member who fits it — in ledger state and in the test's own record of the accepted
 *     approvals since the milestone was last reported complete;
 *   - the value is the original plus the approved amendments, and their added value ≤ 10 % of the
 *     original (Ps 54), in ledger state and in the test's own record;
 *   - a refused transaction leaves the AppHash unchanged (an accepted one moves it).
 */
export class MoneyRun {
  readonly counts = { txs: 0, accepted: 0, refusedBy: new Map<string, number>(), ordersIssued: new Map<string, number>(), amendmentsApproved: 0, payments: 0 };
  private readonly proposed = new Map<string, bigint>();
  private readonly approvedDeltas: bigint[] = [];
  /** Milestone → members whose approval was accepted since it was last reported complete. */
  private readonly approvals = new Map<string, string[]>();
  private readonly issued = new Map<number, string>();
  private sp2dCount = 0;

  /** With `checkInvariants` false only the AppHash rule is checked (the determinism test compares chains instead). */
  constructor(
    private readonly ledger: HashedPort,
    readonly fixture: ContractFixture,
    private readonly checkInvariants = true,
  ) {}

  private get port(): LedgerPort {
    return this.ledger.port;
  }
  private contract(): Promise<ContractView> {
    return this.port.query<ContractView>(`/contract/contract/${this.fixture.contractId}`);
  }
  private orders(): Promise<OrderView[]> {
    return this.port.query<OrderView[]>(`/execution/orders/${this.fixture.contractId}`);
  }
  private member(p: Persona): string {
    switch (p) {
      case 'ppk':
        return this.fixture.ppk;
      case 'otherPpk':
        return OTHER_PPK;
      case 'consultant':
        return signatoryOf(CONSULTANT);
      case 'bpkpAuditor':
        return 'bpkp-auditor';
      case 'apipAuditor':
        return 'insp-auditor';
      case 'supplier':
        return signatoryOf(this.fixture.supplier);
      case 'treasury':
        return TREASURY;
      case 'strangerSupplier':
        return signatoryOf('pt-sarana-medika');
      case 'pa':
        return PA;
    }
  }
  private sender(by: Sender, right: string): string {
    return by === 'right' ? right : this.member(by);
  }

  /** Records the orders the contract starts with (the advance) and checks the starting state. */
  async start(): Promise<void> {
    await this.check('contract.sign');
  }

  /** Sends one transaction; a refusal must leave the AppHash where it was. */
  private async send(member: string, type: string, body: Body): Promise<Outcome> {
    const before = this.ledger.appHash();
    const out = await this.port.send(member, type, body);
    const after = this.ledger.appHash();
    this.counts.txs++;
    if (out.code === 0) {
      this.counts.accepted++;
      assert.notEqual(after, before, `${type} by ${member} was accepted but the AppHash did not move`);
    } else {
      const name = codeName(out.code) ?? String(out.code);
      this.counts.refusedBy.set(name, (this.counts.refusedBy.get(name) ?? 0) + 1);
      assert.equal(after, before, `${type} by ${member} was refused (${name}: ${out.log}) but the AppHash moved`);
    }
    return out;
  }

  /** Sends, updates the test's own record from the outcome, and checks every invariant. */
  private async step(member: string, type: string, body: Body, onAccepted?: () => void): Promise<Outcome> {
    const out = await this.send(member, type, body);
    if (out.code === 0) {
      onAccepted?.();
      if (type === 'contract.approve_amendment') this.counts.amendmentsApproved++;
      if (type === 'execution.record_payment') this.counts.payments++;
    }
    await this.check(type);
    return out;
  }

  async apply(a: MoneyAction): Promise<void> {
    const f = this.fixture;
    const contractId = f.contractId;
    const supplier = signatoryOf(f.supplier);
    switch (a.kind) {
      case 'report': {
        const c = await this.contract();
        const m = c.milestones[a.milestone % c.milestones.length]!;
        const docs = [sha256Hex(`laporan ${m.id} ${a.step}`)];
        const body =
          a.mode === 'forward'
            ? { progressBp: Math.min(10_000, m.progressBp + a.step), complete: false, documentHashes: docs }
            : a.mode === 'back'
              ? { progressBp: Math.max(0, m.progressBp - 1 - a.step), complete: false, documentHashes: docs }
              : a.mode === 'complete'
                ? { progressBp: 10_000, complete: true, documentHashes: docs }
                : a.mode === 'completeWithoutDocuments'
                  ? { progressBp: 10_000, complete: true, documentHashes: [] }
                  : { progressBp: Math.max(0, 9_999 - a.step), complete: true, documentHashes: docs };
        await this.step(this.sender(a.by, supplier), 'execution.report_progress', { contractId, milestoneId: m.id, note: `Kemajuan ${m.id}`, ...body }, () => {
          if (body.complete) this.approvals.set(m.id, []);
        });
        return;
      }
      case 'verify': {
        const c = await this.contract();
        const m = c.milestones[a.milestone % c.milestones.length]!;
        const filled = new Set(m.verifications.map((v) => v.slot));
        const open = m.verifiers.filter((_, i) => !filled.has(i)).map((s) => memberForSlot(s, f.ppk));
        const right = open.length ? open[a.pick % open.length]! : f.ppk;
        await this.verify(this.sender(a.by, right), m.id, a.approve);
        return;
      }
      case 'finish': {
        const c = await this.contract();
        const m = (a.nextOpen ? c.milestones.find((x) => x.status !== 'verified') : undefined) ?? c.milestones[a.milestone % c.milestones.length]!;
        const out = await this.step(supplier, 'execution.report_progress', { contractId, milestoneId: m.id, progressBp: 10_000, complete: true, note: `Pekerjaan ${m.id} selesai`, documentHashes: [sha256Hex(`selesai ${m.id}`)] }, () => this.approvals.set(m.id, []));
        if (out.code !== 0) return;
        for (const slot of m.verifiers) await this.verify(memberForSlot(slot, f.ppk), m.id, true);
        return;
      }
      case 'wait': {
        const before = this.ledger.appHash();
        await this.port.waitFor((await this.port.now()) + a.hours * 3_600_000);
        assert.equal(this.ledger.appHash(), before, 'an empty block leaves the AppHash unchanged');
        await this.check('wait');
        return;
      }
      case 'propose': {
        const c = await this.contract();
        const original = BigInt(c.originalValueRupiah);
        const value = BigInt(c.valueRupiah);
        const ch = a.change;
        const delta =
          ch.mode === 'share'
            ? bpOf(original, ch.bp)
            : ch.mode === 'capRemaining'
              ? bpOf(original, CURRENT_RULESET.amendmentCapBp) - BigInt(c.addedRupiah) + BigInt(ch.offset)
              : ch.mode === 'downToOrdered'
                ? BigInt(c.totals.orderedGrossRupiah) + BigInt(ch.offset) - value
                : -value;
        const amendmentId = `adendum-${a.reuseId ? Math.max(1, this.proposed.size) : this.proposed.size + 1}`;
        await this.step(this.sender(a.by, f.ppk), 'contract.propose_amendment', { contractId, amendmentId, reason: `Perubahan lingkup pekerjaan ${amendmentId}`, documentHashes: [sha256Hex(amendmentId)], valueChangeRupiah: delta.toString(), extraDays: a.extraDays }, () =>
          this.proposed.set(amendmentId, delta),
        );
        return;
      }
      case 'approve': {
        const amendmentId = this.amendmentId(a.amendment);
        await this.step(this.sender(a.by, supplier), 'contract.approve_amendment', { contractId, amendmentId }, () => this.approvedDeltas.push(this.proposed.get(amendmentId)!));
        return;
      }
      case 'cancel': {
        const amendmentId = this.amendmentId(a.amendment);
        await this.step(this.sender(a.by, a.bySupplier ? supplier : f.ppk), 'contract.cancel_amendment', { contractId, amendmentId });
        return;
      }
      case 'pay': {
        const orders = await this.orders();
        const o = orders.length ? orders[a.order % orders.length]! : undefined;
        const net = BigInt(o?.netRupiah ?? '1');
        const due = net - BigInt(o?.paidRupiah ?? '0');
        const amount = a.amount === 'due' ? due : a.amount === 'half' ? due / 2n : a.amount === 'one' ? 1n : a.amount === 'overByOne' ? due + 1n : net * 2n + 1n;
        if (!a.reuseSp2d || this.sp2dCount === 0) this.sp2dCount++;
        await this.step(this.sender(a.by, TREASURY), 'execution.record_payment', { contractId, orderNo: o?.no ?? 1, sp2dNumber: `${this.sp2dCount}/SP2D/INV/2026`, amountRupiah: amount.toString() });
        return;
      }
      case 'payAll': {
        for (const o of await this.orders()) {
          const due = BigInt(o.netRupiah) - BigInt(o.paidRupiah);
          if (due <= 0n) continue;
          this.sp2dCount++;
          await this.step(TREASURY, 'execution.record_payment', { contractId, orderNo: o.no, sp2dNumber: `${this.sp2dCount}/SP2D/INV/2026`, amountRupiah: due.toString() });
        }
        return;
      }
      case 'requestHandover':
        await this.step(this.sender(a.by, supplier), 'contract.request_handover', { contractId });
        return;
      case 'acceptHandover':
        await this.step(this.sender(a.by, f.ppk), 'contract.accept_handover', { contractId, bastHash: sha256Hex(`BAST ${contractId}`) });
        return;
      case 'closeOut': {
        await this.apply({ kind: 'requestHandover', by: 'right' });
        await this.apply({ kind: 'acceptHandover', by: 'right' });
        if ((await this.contract()).status === 'maintenance') await this.apply({ kind: 'finalHandover', waitFirst: true, by: 'right' });
        return;
      }
      case 'finalHandover': {
        const c = await this.contract();
        if (a.waitFirst && c.handover.maintenanceEndsMs !== null) {
          await this.port.waitFor(c.handover.maintenanceEndsMs);
          await this.check('wait');
        }
        await this.step(this.sender(a.by, f.ppk), 'contract.final_handover', { contractId, bastHash: sha256Hex(`BAST akhir ${contractId}`) });
        return;
      }
    }
  }

  private amendmentId(pick: AmendmentPick): string {
    return `adendum-${pick === 'latest' ? Math.max(1, this.proposed.size) : pick + 1}`;
  }

  private async verify(member: string, milestoneId: string, approve: boolean): Promise<void> {
    await this.step(member, 'execution.verify_milestone', { contractId: this.fixture.contractId, milestoneId, approve, note: approve ? 'Diperiksa, sesuai spesifikasi' : 'Belum sesuai spesifikasi', documentHashes: [sha256Hex(`berita acara ${milestoneId} ${member}`)] }, () => {
      if (approve) this.approvals.set(milestoneId, [...(this.approvals.get(milestoneId) ?? []), member]);
      else this.approvals.set(milestoneId, []);
    });
  }

  /** Every invariant, against committed state and the test's own record. `after` is the transaction type just sent. */
  async check(after: string): Promise<void> {
    if (!this.checkInvariants) return;
    const f = this.fixture;
    const c = await this.contract();
    const orders = await this.orders();
    const original = BigInt(c.originalValueRupiah);
    const value = BigInt(c.valueRupiah);
    const where = `after ${after} (contract ${c.status}, value ${c.valueRupiah})`;
    const orderedNet = sum(orders.map((o) => BigInt(o.netRupiah)));
    const paid = sum(orders.map((o) => BigInt(o.paidRupiah)));
    assert.ok(paid <= orderedNet, `paid ${paid} > ordered ${orderedNet} ${where}`);
    assert.ok(orderedNet <= value, `ordered ${orderedNet} > contract value ${value} ${where}; orders ${orders.map((o) => `#${o.no} ${o.kind} net ${o.netRupiah}`).join(', ')}`);
    await checkMoney(this.port, f.contractId);
    assert.equal(original, f.valueRupiah, 'the original value never changes');

    // Amendments: value = original + approved changes; added value within 10 % of the original.
    const approved = c.amendments.filter((a) => a.status === 'approved').map((a) => BigInt(a.valueChangeRupiah));
    assert.deepEqual(approved, this.approvedDeltas, `approved amendments as accepted ${where}`);
    assert.equal(value, original + sum(approved), `value = original + approved amendments ${where}`);
    const added = sum(approved.filter((d) => d > 0n));
    assert.equal(BigInt(c.addedRupiah), added, `added value ${where}`);
    assert.ok(added <= bpOf(original, CURRENT_RULESET.amendmentCapBp), `amendments added ${added} > 10 % of ${original} ${where}`);

    // Orders: numbered 1..n, components non-negative and adding up, never rewritten.
    assert.deepEqual(
      orders.map((o) => o.no),
      orders.map((_, i) => i + 1),
      `orders are numbered in sequence ${where}`,
    );
    assert.equal(c.totals.orders, orders.length);
    for (const o of orders) {
      const parts = { gross: o.grossRupiah, advanceRepayment: o.advanceRepaymentRupiah, retention: o.retentionRupiah, penaltyAssessed: o.penaltyAssessedRupiah, penaltyDeducted: o.penaltyDeductedRupiah, net: o.netRupiah, paid: o.paidRupiah };
      for (const [name, v] of Object.entries(parts)) assert.ok(BigInt(v) >= 0n, `order ${o.no} (${o.kind} ${o.milestoneId ?? ''}): ${name} = ${v} < 0 ${where}; order ${JSON.stringify(o)}`);
      assert.ok(o.lateDays >= 0);
      const seen = this.issued.get(o.no);
      if (seen === undefined) {
        const allowed = ISSUES[after] ?? (after === 'contract.sign' ? ['advance'] : []);
        assert.ok(allowed.includes(o.kind), `a ${o.kind} order ${o.no} appeared ${where}`);
        this.issued.set(o.no, orderComponents(o));
        this.counts.ordersIssued.set(o.kind, (this.counts.ordersIssued.get(o.kind) ?? 0) + 1);
      } else {
        assert.equal(orderComponents(o), seen, `order ${o.no} was rewritten ${where}`);
      }
    }
    const milestoneOrders = orders.filter((o) => o.kind === 'milestone');
    const orderedGross = sum(milestoneOrders.map((o) => BigInt(o.grossRupiah)));
    assert.equal(orderedGross.toString(), c.totals.orderedGrossRupiah);
    assert.ok(orderedGross <= value, `gross ordered ${orderedGross} > value ${value} ${where}`);
    const advanceRepaid = sum(milestoneOrders.map((o) => BigInt(o.advanceRepaymentRupiah)));
    assert.equal(advanceRepaid.toString(), c.totals.advanceRepaidRupiah);
    assert.ok(advanceRepaid <= BigInt(c.advanceRupiah), `advance repaid ${advanceRepaid} > advance ${c.advanceRupiah} ${where}`);
    assert.equal(sum(milestoneOrders.map((o) => BigInt(o.retentionRupiah))).toString(), c.totals.retentionHeldRupiah);
    assert.equal(sum(orders.map((o) => BigInt(o.penaltyDeductedRupiah))).toString(), c.totals.penaltyDeductedRupiah);

    // Verification: an order for a milestone only once every slot was filled by a distinct member who fits it.
    for (const m of c.milestones) {
      const ordered = milestoneOrders.filter((o) => o.milestoneId === m.id);
      assert.ok(ordered.length <= 1, `milestone ${m.id} has ${ordered.length} orders ${where}`);
      const o = ordered[0];
      assert.equal(m.orderNo, o?.no ?? null, `milestone ${m.id} points at its order ${where}`);
      if (!o) continue;
      assert.equal(m.status, 'verified', `milestone ${m.id} has order ${o.no} but is ${m.status} ${where}`);
      assert.deepEqual(
        m.verifications.map((v) => v.slot).sort((a, b) => a - b),
        m.verifiers.map((_, i) => i),
        `milestone ${m.id}: every slot verified once ${where}`,
      );
      for (const v of m.verifications) assert.ok(fitsSlot(v.memberId, m.verifiers[v.slot]!, c.ppk), `milestone ${m.id}: ${v.memberId} does not fit slot ${JSON.stringify(m.verifiers[v.slot])} ${where}`);
      const members = m.verifications.map((v) => v.memberId);
      assert.equal(new Set(members).size, members.length, `milestone ${m.id} (verifiers ${JSON.stringify(m.verifiers)}) was ordered with one member filling several slots: ${members.join(', ')} ${where}`);
      const approvedBy = this.approvals.get(m.id) ?? [];
      assert.ok(coversEverySlot(approvedBy, m.verifiers, c.ppk), `milestone ${m.id} ordered, but the accepted approvals since its claim (${approvedBy.join(', ') || 'none'}) do not cover its slots ${JSON.stringify(m.verifiers)} ${where}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Sealed bids: secrets recovered by the test, and a search of committed state for them
// ---------------------------------------------------------------------------------------------

/** How a dishonest bidder can spoil the share it seals to one seat (see {@link sealAndRecover}). */
export const TAMPER_KINDS = [
  // With sealBid's `tamperShares` hook: the share hashes are computed over what is sealed, so the
  // ledger finds the share valid; it is just not the point of the bid key's polynomial it should be.
  'flipY', // one bit of the share's y bytes
  'flipX', // one bit of its x coordinate (may become 0 or another seat's x)
  'copySeat', // another seat's share (on the polynomial, but with that seat's x)
  'randomShare', // 33 arbitrary bytes
  // With the `openingKeys` argument: the share is sealed to a key that is not this seat's, so the
  // officer's revealed secret does not open it.
  'otherSeatKey', // another seat's opening key of this tender
  'otherTenderKey', // the same officer's opening key for another tender
  'randomKey', // a key pair nobody on the committee holds
  // By editing the body after sealing: the seat's share opens but does not match its hash.
  'hashMismatch', // a bit-flipped share resealed to the seat's key, the hash left as it was
  'otherSeatHash', // the hash of another seat's share
  'otherBidder', // sealed share and hash copied from another bidder's bid (the hash binds the bidder)
  'oldVersion', // sealed share and hash copied from this bidder's earlier version (valid, off the polynomial)
] as const;
export type TamperKind = (typeof TAMPER_KINDS)[number];
export interface SeatTamper {
  seat: number;
  kind: TamperKind;
  from: number;
  byte: number;
  bit: number;
  noise: Uint8Array;
}

/** What is sealed at one seat, as the ledger will find it when that seat's officer reveals their key. */
export interface SeatShare {
  /** Sealed to the opening key registered for this seat (otherwise no revealed secret of the seat opens it). */
  ownKey: boolean;
  /** The share under the seal. */
  plain: Uint8Array;
  /** The bid's share hash for this seat is the hash of `plain` for this tender, bidder and seat. */
  hashOk: boolean;
}
/** Whether the ledger takes a seat's share as valid once the seat's officer revealed their key. */
export const usableShare = (s: SeatShare): boolean => s.ownKey && s.hashOk;

export interface SealedBid {
  bidder: string;
  terms: BidTerms;
  body: Awaited<ReturnType<typeof sealBid>>;
  /** What is sealed at each committee seat (plain shares, tampered or not). */
  seats: SeatShare[];
  /** The shares of the bid key as split before any tampering (the honest shares). */
  honestShares: Uint8Array[];
  /** The tampering, one per seat at most (empty: an honest bid). */
  tampers: SeatTamper[];
  key: Uint8Array;
  plaintext: Uint8Array;
}

/** Another tender the officers may hold opening keys for (never revealed). */
export const OTHER_TENDER = 'tender-lain';

/** The officers' opening key pairs for a tender, as the CLI derives them. */
export function officerKeys(committee: readonly string[], tenderId: string): OpeningKeyPair[] {
  return committee.map((m) => openingKeyPair(testKey(m).seed, CHAIN, tenderId));
}

export const flipBit = (bytes: Uint8Array, byte: number, bit: number): Uint8Array => {
  const out = Uint8Array.from(bytes);
  out[byte % out.length]! ^= 1 << bit;
  return out;
};

const sealTo = (share: Uint8Array, publicKey: Uint8Array) => {
  const out = Buffer.alloc(share.length + sodium.crypto_box_SEALBYTES);
  sodium.crypto_box_seal(out, Buffer.from(share), Buffer.from(publicKey));
  return new Uint8Array(out);
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/**
 * Seals a bid as a supplier would (cli/sealing.ts) — honestly, or spoiled at some seats by
 * `tampers` (other bids of the tender for 'otherBidder', this bidder's earlier versions for
 * 'oldVersion'; without them those fall back to 'hashMismatch' and 'flipY') — and recovers what
 * must stay secret until the opening: the bid key (from the honest split), the plaintext, and the
 * share under every seal, checked against the commitment and against the officers' own keys.
 */
export async function sealAndRecover(input: {
  tenderId: string;
  bidder: string;
  terms: BidTerms;
  committee: readonly string[];
  threshold: number;
  tampers?: readonly SeatTamper[];
  others?: readonly SealedBid[];
  older?: readonly SealedBid[];
}): Promise<SealedBid> {
  const { tenderId, bidder, terms, committee, threshold } = input;
  const others = input.others ?? [];
  const older = input.older ?? [];
  const n = committee.length;
  const keys = officerKeys(committee, tenderId);
  const bySeat = new Map<number, SeatTamper>();
  for (const t of input.tampers ?? []) {
    const seat = t.seat % n;
    const kind = t.kind === 'otherBidder' && others.length === 0 ? 'hashMismatch' : t.kind === 'oldVersion' && older.length === 0 ? 'flipY' : t.kind;
    bySeat.set(seat, { ...t, seat, kind, from: (seat + 1 + (t.from % (n - 1))) % n });
  }
  const sealingKeys = keys.map((k, i) => {
    const t = bySeat.get(i);
    if (t?.kind === 'otherSeatKey') return keys[t.from]!.publicKey;
    if (t?.kind === 'otherTenderKey') return openingKeyPair(testKey(committee[i]!).seed, CHAIN, OTHER_TENDER).publicKey;
    if (t?.kind === 'randomKey') return openingKeyPair(t.noise, CHAIN, 'kunci-acak').publicKey;
    return k.publicKey;
  });
  let honest: Uint8Array[] = [];
  let sealedPlain: Uint8Array[] = [];
  const tamperShares = (shares: Uint8Array[]) => {
    honest = shares.map((s) => Uint8Array.from(s));
    sealedPlain = shares.map((s, i) => {
      const t = bySeat.get(i);
      if (t?.kind === 'flipY') return flipBit(s, t.byte % (s.length - 1), t.bit);
      if (t?.kind === 'flipX') return flipBit(s, s.length - 1, t.bit);
      if (t?.kind === 'copySeat') return Uint8Array.from(shares[t.from]!);
      if (t?.kind === 'randomShare') return Uint8Array.from(t.noise);
      return Uint8Array.from(s);
    });
    return sealedPlain;
  };
  const sealed = await sealBid({ chain: CHAIN, tenderId, bidder, terms, openingKeys: sealingKeys, threshold, ...(bySeat.size > 0 ? { tamperShares } : {}) });
  if (bySeat.size === 0) {
    // The production path: recover the shares with the officers' keys.
    honest = sealed.sealedShares.map((s, i) => openShare(s, keys[i]!));
    sealedPlain = honest;
  }
  const seats: SeatShare[] = sealedPlain.map((plain, i) => ({ ownKey: sealingKeys[i] === keys[i]!.publicKey, plain, hashOk: true }));
  const sealedShares = [...sealed.sealedShares];
  const shareHashes = [...sealed.shareHashes];
  for (const [i, t] of bySeat) {
    if (t.kind === 'hashMismatch') {
      const plain = flipBit(seats[i]!.plain, t.byte, t.bit);
      sealedShares[i] = sealTo(plain, keys[i]!.publicKey);
      seats[i] = { ownKey: true, plain, hashOk: false };
    } else if (t.kind === 'otherSeatHash') {
      shareHashes[i] = sealed.shareHashes[t.from]!;
      seats[i] = { ...seats[i]!, hashOk: false };
    } else if (t.kind === 'otherBidder' || t.kind === 'oldVersion') {
      const o = t.kind === 'otherBidder' ? others[t.from % others.length]! : older[t.from % older.length]!;
      sealedShares[i] = o.body.sealedShares[i]!;
      shareHashes[i] = o.body.shareHashes[i]!;
      // Same tender, bidder and seat: an earlier version's share is exactly as valid as it was there.
      seats[i] = t.kind === 'oldVersion' ? { ...o.seats[i]! } : { ...o.seats[i]!, hashOk: false };
    }
  }
  const body = { ...sealed, sealedShares, shareHashes };
  // The test's own record of each seat, checked with the officers' keys (not with ledger code).
  seats.forEach((s, i) => {
    let opened: Uint8Array | undefined;
    try {
      opened = openShare(body.sealedShares[i]!, keys[i]!);
    } catch {
      opened = undefined;
    }
    assert.equal(opened !== undefined, s.ownKey, `seat ${i} of ${bidder}: sealed to its own key?`);
    if (opened) assert.equal(hex(opened), hex(s.plain), `seat ${i} of ${bidder}: the sealed share`);
    assert.equal(hex(shareHash(tenderId, bidder, i, s.plain)) === hex(body.shareHashes[i]!), s.hashOk, `seat ${i} of ${bidder}: hash matches?`);
  });
  const key = await combine(honest.slice(0, threshold));
  assert.deepEqual(await combine(honest), key, 'every honest share lies on the same polynomial');
  const plain = Buffer.alloc(body.ciphertext.length - sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES);
  sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(plain, null, Buffer.from(body.ciphertext), Buffer.from(bidAad(CHAIN, tenderId, bidder)), Buffer.from(body.nonce), Buffer.from(key));
  assert.deepEqual(bidCommitment(plain), body.commitment, 'the recovered plaintext is the committed bid');
  return { bidder, terms, body, seats, honestShares: honest, tampers: [...bySeat.values()], key, plaintext: new Uint8Array(plain) };
}

/** Whether these shares (each y bytes ‖ x) interpolate to `key`: distinct non-zero x, and shamir-secret-sharing's combine gives it. */
export async function interpolatesTo(shares: readonly Uint8Array[], key: Uint8Array): Promise<boolean> {
  const xs = shares.map((s) => s[s.length - 1]!);
  if (xs.includes(0) || new Set(xs).size !== xs.length) return false;
  return hex(await combine([...shares])) === hex(key);
}

export type BidFate = 'opened' | 'tooFewShares' | 'wrongKey' | 'closed';
export interface ModelBid {
  bid: SealedBid;
  status: 'sealed' | 'opened' | 'unopenable';
  /** Seats whose share the ledger found valid, and those it did not (in the order revealed). */
  valid: number[];
  invalid: number[];
  fate: BidFate | null;
}

/**
 * The opening as the protocol states it, from the test's own record of what each bid sealed
 * where: when seat s reveals its key, every still-sealed bid gets s's share as valid (sealed to
 * s's key, matching its hash) or invalid; with `threshold` valid shares it opens if they
 * interpolate to its key, else it is unopenable; it is unopenable at once when its valid shares
 * plus the seats still to reveal fall short of `threshold`; `close` makes every sealed bid unopenable.
 */
export class OpeningModel {
  readonly revealed: number[] = [];
  readonly bids: ModelBid[];
  constructor(
    bids: readonly SealedBid[],
    readonly seats: number,
    readonly threshold: number,
  ) {
    this.bids = bids.map((bid) => ({ bid, status: 'sealed', valid: [], invalid: [], fate: null }));
  }

  async reveal(seat: number): Promise<void> {
    assert.ok(!this.revealed.includes(seat), `seat ${seat} reveals once`);
    this.revealed.push(seat);
    const unrevealed = this.seats - this.revealed.length;
    for (const m of this.bids) {
      if (m.status !== 'sealed') continue;
      (usableShare(m.bid.seats[seat]!) ? m.valid : m.invalid).push(seat);
      if (m.valid.length >= this.threshold) {
        const used = [...m.valid].sort((a, b) => a - b).map((i) => m.bid.seats[i]!.plain);
        const opens = await interpolatesTo(used, m.bid.key);
        m.status = opens ? 'opened' : 'unopenable';
        m.fate = opens ? 'opened' : 'wrongKey';
      } else if (m.valid.length + unrevealed < this.threshold) {
        m.status = 'unopenable';
        m.fate = 'tooFewShares';
      }
    }
  }

  close(): void {
    for (const m of this.bids) {
      if (m.status !== 'sealed') continue;
      m.status = 'unopenable';
      m.fate = 'closed';
    }
  }

  tenderStatus(): 'announced' | 'opening' | 'evaluation' {
    if (this.revealed.length === 0) return 'announced';
    return this.bids.every((m) => m.status !== 'sealed') ? 'evaluation' : 'opening';
  }

  /** The plain shares the ledger holds by now (valid shares of revealed seats), hex. */
  sharesInState(): Set<string> {
    return new Set(this.bids.flatMap((m) => m.valid.map((i) => hex(m.bid.seats[i]!.plain))));
  }
}

export interface Needle {
  what: string;
  bytes: Uint8Array;
}

/** Every committed state entry (a scan over the empty prefix). */
export function committedEntries(chain: TestChain): Array<[Uint8Array, Uint8Array]> {
  return chain.app.store.committedState().scan(new Uint8Array(0));
}

/** Where in committed state (keys or values) any of `needles` occurs, as "<what> in <key>". */
export function findInState(chain: TestChain, needles: readonly Needle[]): string[] {
  const found: string[] = [];
  for (const [k, v] of committedEntries(chain)) {
    const key = Buffer.from(k);
    const value = Buffer.from(v);
    for (const n of needles) {
      if (value.indexOf(n.bytes) >= 0 || key.indexOf(n.bytes) >= 0) found.push(`${n.what} in ${key.toString('utf8')}`);
    }
  }
  return found;
}

/**
 * What of a sealed bid must not be on the ledger while it is not opened: its price, plaintext and
 * key, every share sealed in it and every share of its honest split — except shares the ledger
 * holds by now (`sharesInState`, hex: valid shares of revealed seats).
 */
export function secretsOf(b: SealedBid, label: string, sharesInState: ReadonlySet<string> = new Set()): Needle[] {
  const shares = [...b.seats.map((s, i) => ({ what: `share sealed at seat ${i} of ${label}`, bytes: s.plain })), ...b.honestShares.map((s, i) => ({ what: `honest share ${i} of ${label}`, bytes: s }))];
  return [
    { what: `price ${b.terms.priceRupiah} of ${label}`, bytes: new TextEncoder().encode(b.terms.priceRupiah) },
    { what: `CBOR plaintext of ${label}`, bytes: b.plaintext },
    { what: `bid key of ${label}`, bytes: b.key },
    ...shares.filter((s) => !sharesInState.has(hex(s.bytes))),
  ];
}

// ---------------------------------------------------------------------------------------------
// Two chains fed the same blocks
// ---------------------------------------------------------------------------------------------

/**
 * A {@link LedgerPort} over two TestChains: every transaction is signed once and the same bytes
 * go into the same block on both; after every block the results and the AppHash must be equal.
 * With `restartB`, chain b (on disk) is closed after that many blocks and reopened from its file.
 */
export class MirrorPort implements LedgerPort {
  readonly chainId = CHAIN;
  readonly signers = new TestSigners();
  blocks = 0;
  restarted = false;
  private queue: Promise<unknown> = Promise.resolve();
  constructor(
    readonly a: TestChain,
    public b: TestChain,
    private readonly restartB?: { path: string; afterBlocks: number },
  ) {}

  send(member: string, type: string, body: Body): Promise<Outcome> {
    const next = this.queue.then(async () => {
      const tx = this.signers.tx(member, type, body);
      const r = await this.block([tx]);
      const t = r[0]!;
      if (t.code !== 0) this.signers.unuse(member);
      return { code: t.code, log: t.log, info: t.info, height: this.a.height };
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async block(txs: Uint8Array[]) {
    const ra = await this.a.block(txs);
    const rb = await this.b.block(txs);
    this.blocks++;
    assert.deepEqual(rb.txResults, ra.txResults, `height ${this.a.height}: same results`);
    assert.equal(Buffer.from(rb.appHash).toString('hex'), Buffer.from(ra.appHash).toString('hex'), `height ${this.a.height}: same AppHash in FinalizeBlock`);
    assert.equal(this.b.appHash(), this.a.appHash(), `height ${this.a.height}: same committed AppHash`);
    if (this.restartB && this.blocks === this.restartB.afterBlocks) {
      this.b.app.store.close();
      this.b = await TestChain.create(this.restartB.path);
      this.b.height = this.a.height;
      this.b.timeMs = this.a.timeMs;
      this.restarted = true;
      assert.equal(this.b.appHash(), this.a.appHash(), `height ${this.a.height}: reopened at the committed AppHash`);
    }
    return ra.txResults;
  }

  async query<T>(path: string): Promise<T> {
    const [x, y] = await Promise.all([this.a.queryJson<T>(path), this.b.queryJson<T>(path)]);
    assert.deepEqual(y, x, `query ${path} answers the same on both chains`);
    return x;
  }
  async now(): Promise<number> {
    return this.a.timeMs;
  }
  waitFor(ms: number): Promise<void> {
    const next = this.queue.then(async () => {
      if (this.a.timeMs >= ms) return;
      const t = Math.max(this.a.timeMs, ms - 5_000);
      this.a.timeMs = t;
      this.b.timeMs = t;
      await this.block([]);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
  seed(member: string): Uint8Array {
    return testKey(member).seed;
  }
}
