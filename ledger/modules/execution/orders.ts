/**
 * Payment orders: issued by the ledger itself, never typed in by a person. Each shows every
 * component of its amount (spec: ./README.md, "Payment orders"):
 *
 *   milestone:  net = gross − advance repayment − retention − late penalty
 *   advance:    net = the advance in the contract (on signature, against its guarantee)
 *   retention:  net = retention held − penalty not yet deducted (at the final handover)
 *
 *   execution/order/<contractId>/<nnnn>             → PaymentOrder
 *   execution/payment/<contractId>/<nnnn>/<nnnn>     → Payment (one record each: an order's record stays small)
 *   execution/sp2d/<contractId>/<sp2dNumber>         → "<orderNo>/<paymentNo>" (an SP2D is recorded once per contract)
 *   execution/progress/<contractId>/<milestoneId>    → number: the progress last reported, in basis points
 *                                                      (its own record: a report rewrites no contract record)
 */
import { daysAfter } from '../../calendar.js';
import type { TxContext } from '../../module.js';
import { bpOf } from '../../rules/ruleset.js';
import { decodeRecord, encodeRecord, key } from '../../store/records.js';
import type { StateReader, StateWriter } from '../../store/store.js';
import { withoutVat, type Contract, type Milestone } from '../contract/state.js';

export interface Payment {
  contractId: string;
  orderNo: number;
  no: number;
  sp2dNumber: string;
  amountRupiah: string;
  recordedBy: string;
  atMs: number;
  height: number;
}

export interface PaymentOrder {
  contractId: string;
  no: number;
  kind: 'advance' | 'milestone' | 'retention';
  milestoneId: string | null;
  grossRupiah: string;
  advanceRepaymentRupiah: string;
  retentionRupiah: string;
  lateDays: number;
  penaltyAssessedRupiah: string; // this milestone's penalty after the cap
  penaltyDeductedRupiah: string; // what this order deducts (earlier penalties carried in when a share was too small)
  netRupiah: string;
  issuedMs: number;
  issuedHeight: number;
  paidRupiah: string;
  payments: number; // how many payments (each its own record)
}

const pad = (n: number) => String(n).padStart(4, '0');
export const orderKeys = {
  order: (c: string, no: number) => key('execution', 'order', c, pad(no)),
  prefix: (c: string) => key('execution', 'order', c, ''),
  payment: (c: string, order: number, no: number) => key('execution', 'payment', c, pad(order), pad(no)),
  paymentPrefix: (c: string) => key('execution', 'payment', c, ''),
  sp2d: (c: string, sp2d: string) => key('execution', 'sp2d', c, sp2d),
  progress: (c: string, milestoneId: string) => key('execution', 'progress', c, milestoneId),
};

export class OrderStore {
  constructor(protected readonly s: StateReader) {}
  order(contractId: string, no: number): PaymentOrder | undefined {
    const v = this.s.get(orderKeys.order(contractId, no));
    return v ? decodeRecord<PaymentOrder>(v) : undefined;
  }
  orders(contractId: string): PaymentOrder[] {
    return this.s.scan(orderKeys.prefix(contractId)).map(([, v]) => decodeRecord<PaymentOrder>(v));
  }
  payments(contractId: string): Payment[] {
    return this.s.scan(orderKeys.paymentPrefix(contractId)).map(([, v]) => decodeRecord<Payment>(v));
  }
  sp2dUsed(contractId: string, sp2d: string): boolean {
    return this.s.get(orderKeys.sp2d(contractId, sp2d)) !== undefined;
  }
  /** The progress last reported for a milestone, or undefined before any report. */
  progress(contractId: string, milestoneId: string): number | undefined {
    const v = this.s.get(orderKeys.progress(contractId, milestoneId));
    return v ? decodeRecord<number>(v) : undefined;
  }
}

export class OrderWriter extends OrderStore {
  constructor(private readonly w: StateWriter) {
    super(w);
  }
  put(o: PaymentOrder): void {
    this.w.set(orderKeys.order(o.contractId, o.no), encodeRecord(o));
  }
  putProgress(contractId: string, milestoneId: string, bp: number): void {
    this.w.set(orderKeys.progress(contractId, milestoneId), encodeRecord(bp));
  }
  putPayment(p: Payment): void {
    this.w.set(orderKeys.payment(p.contractId, p.orderNo, p.no), encodeRecord(p));
    this.w.set(orderKeys.sp2d(p.contractId, p.sp2dNumber), encodeRecord(`${p.orderNo}/${p.no}`));
  }
}

const big = (s: string) => BigInt(s);
const min = (a: bigint, b: bigint) => (a < b ? a : b);

/** The components of a milestone's payment order, from the contract as it stands. Pure. */
export function milestoneComponents(c: Contract, m: Milestone) {
  const value = big(c.valueRupiah);
  // What is left of the value (and of the advance to repay) is spread over the milestones not yet
  // ordered by their shares; the last one takes the rest. Amendments so fall on the work still to
  // come, and no share is ever negative.
  const open = c.milestones.filter((x) => x.orderNo === null);
  const isLast = open.length === 1 && open[0]!.id === m.id;
  const openBp = BigInt(open.reduce((s, x) => s + x.shareBp, 0));
  const remaining = value - big(c.totals.orderedGrossRupiah);
  const advanceLeft = big(c.advanceRupiah) - big(c.totals.advanceRepaidRupiah);
  const gross = isLast ? remaining : (remaining * BigInt(m.shareBp)) / openBp;
  const retention = bpOf(gross, c.retentionBp);
  // Rounding can leave a rupiah or two of advance that a share cannot carry; it never makes an order negative.
  const advanceDue = isLast ? advanceLeft : (advanceLeft * BigInt(m.shareBp)) / openBp;
  const advanceRepayment = min(advanceDue, gross - retention > 0n ? gross - retention : 0n);
  const lateDays = daysAfter(m.dueMs ?? 0, m.claimedMs ?? 0);
  // 1‰ per day of the late part of the value, without VAT (Ps 79(4)-(5)); the late part is this milestone.
  const raw = (withoutVat(gross, c.vatRateBp) * BigInt(lateDays * c.penaltyPerMillePerDay)) / 1000n;
  const cap = bpOf(withoutVat(value, c.vatRateBp), c.penaltyCapBp);
  // A cut in the value lowers the cap; what was assessed before stays, nothing is refunded.
  const capLeft = cap - big(c.totals.penaltyAssessedRupiah);
  const assessed = min(raw, capLeft > 0n ? capLeft : 0n);
  const owed = big(c.totals.penaltyAssessedRupiah) + assessed - big(c.totals.penaltyDeductedRupiah);
  const room = gross - advanceRepayment - retention;
  const deducted = min(owed, room > 0n ? room : 0n);
  return { gross, advanceRepayment, retention, lateDays, assessed, deducted, net: gross - advanceRepayment - retention - deducted, capReached: raw > 0n && (assessed < raw || big(c.totals.penaltyAssessedRupiah) + assessed >= cap) };
}

function newOrder(ctx: TxContext, c: Contract, o: Omit<PaymentOrder, 'contractId' | 'no' | 'issuedMs' | 'issuedHeight' | 'paidRupiah' | 'payments'>): PaymentOrder {
  c.totals.orders += 1;
  c.totals.orderedNetRupiah = (big(c.totals.orderedNetRupiah) + big(o.netRupiah)).toString();
  const order: PaymentOrder = { contractId: c.id, no: c.totals.orders, ...o, issuedMs: ctx.timeMs, issuedHeight: ctx.height, paidRupiah: '0', payments: 0 };
  new OrderWriter(ctx.state).put(order);
  ctx.emit(
    'execution.payment_order',
    {
      contract: c.id,
      no: String(order.no),
      kind: order.kind,
      milestone: order.milestoneId ?? '',
      gross: order.grossRupiah,
      advance_repayment: order.advanceRepaymentRupiah,
      retention: order.retentionRupiah,
      late_days: String(order.lateDays),
      penalty: order.penaltyDeductedRupiah,
      net: order.netRupiah,
      supplier: c.supplier,
      buyer: c.buyerOrg,
    },
    ['contract', 'supplier', 'buyer'],
  );
  return order;
}

/** Issues the order for a milestone that every required official verified; updates the contract's totals. */
export function issueMilestoneOrder(ctx: TxContext, c: Contract, m: Milestone): PaymentOrder {
  const k = milestoneComponents(c, m);
  const t = c.totals;
  t.orderedGrossRupiah = (big(t.orderedGrossRupiah) + k.gross).toString();
  t.advanceRepaidRupiah = (big(t.advanceRepaidRupiah) + k.advanceRepayment).toString();
  t.retentionHeldRupiah = (big(t.retentionHeldRupiah) + k.retention).toString();
  t.penaltyAssessedRupiah = (big(t.penaltyAssessedRupiah) + k.assessed).toString();
  t.penaltyDeductedRupiah = (big(t.penaltyDeductedRupiah) + k.deducted).toString();
  if (k.capReached) c.penaltyCapReached = true;
  const order = newOrder(ctx, c, {
    kind: 'milestone',
    milestoneId: m.id,
    grossRupiah: k.gross.toString(),
    advanceRepaymentRupiah: k.advanceRepayment.toString(),
    retentionRupiah: k.retention.toString(),
    lateDays: k.lateDays,
    penaltyAssessedRupiah: k.assessed.toString(),
    penaltyDeductedRupiah: k.deducted.toString(),
    netRupiah: k.net.toString(),
  });
  m.orderNo = order.no;
  return order;
}

export function issueAdvanceOrder(ctx: TxContext, c: Contract): PaymentOrder {
  return newOrder(ctx, c, { kind: 'advance', milestoneId: null, grossRupiah: c.advanceRupiah, advanceRepaymentRupiah: '0', retentionRupiah: '0', lateDays: 0, penaltyAssessedRupiah: '0', penaltyDeductedRupiah: '0', netRupiah: c.advanceRupiah });
}

/** Releases the retention at the end (FHO, or handover where there is no maintenance period), net of penalty still owed. */
export function issueRetentionRelease(ctx: TxContext, c: Contract): PaymentOrder | undefined {
  const held = big(c.totals.retentionHeldRupiah);
  if (held === 0n) return undefined;
  const owed = big(c.totals.penaltyAssessedRupiah) - big(c.totals.penaltyDeductedRupiah);
  const deducted = min(owed, held);
  c.totals.penaltyDeductedRupiah = (big(c.totals.penaltyDeductedRupiah) + deducted).toString();
  return newOrder(ctx, c, { kind: 'retention', milestoneId: null, grossRupiah: held.toString(), advanceRepaymentRupiah: '0', retentionRupiah: '0', lateDays: 0, penaltyAssessedRupiah: '0', penaltyDeductedRupiah: deducted.toString(), netRupiah: (held - deducted).toString() });
}
