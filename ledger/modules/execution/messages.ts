/**
 * Execution messages: the supplier reports progress with document hashes; every official the
 * terms name verifies a completed milestone; the ledger then issues the payment order itself;
 * the treasury records each payment (SP2D) and can never pay more than was ordered.
 * Spec: ./README.md.
 */
import { z } from 'zod';
import { fail } from '../../codes.js';
import { defineMessage, type LedgerModule, type TxContext } from '../../module.js';
import { formatRupiah } from '../../rules/ruleset.js';
import { documentHashes, identifier, publicText, rupiah } from '../fields.js';
import { isApipAuditor, requireRoleIn, requireSupplierSignatory } from '../access.js';
import { ContractStore, ContractWriter, type Contract, type Milestone, type VerifierSlot } from '../contract/state.js';
import { contractOrFail, requireContractStatus } from '../contract/messages.js';
import { OrderStore, OrderWriter, issueMilestoneOrder, milestoneComponents } from './orders.js';

const id = identifier;

export const ReportProgress = z.strictObject({
  contractId: id,
  milestoneId: id,
  progressBp: z.number().int().min(0).max(10_000),
  complete: z.boolean(),
  note: publicText(3, 2000),
  documentHashes,
});
export const VerifyMilestone = z.strictObject({ contractId: id, milestoneId: id, approve: z.boolean(), note: publicText(3, 2000), documentHashes });
export const RecordPayment = z.strictObject({ contractId: id, orderNo: z.number().int().min(1), sp2dNumber: z.string().trim().min(3).max(60).regex(/^[0-9A-Za-z./\- ]+$/, 'an SP2D number'), amountRupiah: rupiah });

function milestoneOrFail(c: Contract, milestoneId: string): Milestone {
  return c.milestones.find((m) => m.id === milestoneId) ?? fail('NOT_FOUND', `milestone ${milestoneId} of ${c.id}`);
}

function fits(ctx: TxContext, c: Contract, slot: VerifierSlot): boolean {
  if (slot.kind === 'ppk') return ctx.signer.memberId === c.ppk;
  if (slot.kind === 'org') return ctx.signer.orgId === slot.orgId && (ctx.signer.roles.includes('supplier_signatory') || ctx.signer.roles.includes('auditor'));
  return isApipAuditor(ctx);
}

export const executionModule: LedgerModule = {
  name: 'execution',
  messages: {
    report_progress: defineMessage(ReportProgress, (ctx, b) => {
      const w = new ContractWriter(ctx.state);
      const c = contractOrFail(w, b.contractId);
      requireSupplierSignatory(ctx, 'reporting progress');
      if (ctx.signer.orgId !== c.supplier) fail('UNAUTHORIZED', `only the signatory of ${c.supplier} reports its progress`);
      requireContractStatus(c, 'active');
      const m = milestoneOrFail(c, b.milestoneId);
      if (m.status !== 'pending') fail('INVALID_STATE', `milestone ${m.id} is ${m.status}`);
      const orders = new OrderWriter(ctx.state);
      const was = Math.max(m.progressBp, orders.progress(c.id, m.id) ?? 0);
      if (b.progressBp < was) fail('INVALID_BODY', `progress does not go back (was ${was / 100} %)`);
      if (b.complete && (b.progressBp !== 10_000 || b.documentHashes.length === 0)) fail('INVALID_BODY', 'a completed milestone is at 100 % with its documents');
      orders.putProgress(c.id, m.id, b.progressBp);
      // Only a completed milestone changes the contract record; a progress report has its own.
      if (b.complete) {
        m.progressBp = b.progressBp;
        m.status = 'claimed';
        m.claimedMs = ctx.timeMs;
        m.verifications = [];
        w.put(c);
      }
      ctx.emit('execution.progress_reported', { contract: c.id, milestone: m.id, progress_bp: String(b.progressBp), complete: String(b.complete), documents: b.documentHashes.join(',') }, ['contract']);
    }),
    verify_milestone: defineMessage(VerifyMilestone, (ctx, b) => {
      const w = new ContractWriter(ctx.state);
      const c = contractOrFail(w, b.contractId);
      const m = milestoneOrFail(c, b.milestoneId);
      const filled = new Set(m.verifications.map((v) => v.slot));
      const slot = m.verifiers.findIndex((s, i) => !filled.has(i) && fits(ctx, c, s));
      // One person fills one slot: co-verification means different people.
      if (m.verifications.some((v) => v.memberId === ctx.signer.memberId)) fail('ALREADY_EXISTS', `${ctx.signer.memberId} has verified ${m.id}`);
      if (slot < 0) fail('NOT_A_VERIFIER', `${m.id} needs ${m.verifiers.map((s) => (s.kind === 'org' ? s.orgId : s.kind)).join(' + ')}`);
      requireContractStatus(c, 'active');
      if (m.status !== 'claimed') fail('INVALID_STATE', `milestone ${m.id} is ${m.status}: the supplier reports it complete first`);
      if (!b.approve) {
        m.status = 'pending';
        m.rejections += 1;
        m.verifications = [];
        w.put(c);
        ctx.emit('execution.milestone_rejected', { contract: c.id, milestone: m.id, by: ctx.signer.memberId, note: b.note }, ['contract']);
        return;
      }
      m.verifications.push({ slot, memberId: ctx.signer.memberId, orgId: ctx.signer.orgId, atMs: ctx.timeMs, note: b.note, documentHashes: b.documentHashes });
      ctx.emit('execution.milestone_verification', { contract: c.id, milestone: m.id, by: ctx.signer.memberId, org: ctx.signer.orgId, remaining: String(m.verifiers.length - m.verifications.length) }, ['contract']);
      if (m.verifications.length === m.verifiers.length) {
        m.status = 'verified';
        issueMilestoneOrder(ctx, c, m);
      }
      w.put(c);
    }),
    record_payment: defineMessage(RecordPayment, (ctx, b) => {
      const w = new ContractWriter(ctx.state);
      const c = contractOrFail(w, b.contractId);
      requireRoleIn(ctx, c.buyerOrg, ['treasury'], 'the treasury (Bendahara / BUD) records payments');
      const orders = new OrderWriter(ctx.state);
      const o = orders.order(c.id, b.orderNo) ?? fail('NOT_FOUND', `payment order ${b.orderNo} of ${c.id}`);
      const amount = BigInt(b.amountRupiah);
      const paid = BigInt(o.paidRupiah) + amount;
      if (paid > BigInt(o.netRupiah)) fail('OVERPAYMENT', `order ${o.no} is for ${formatRupiah(BigInt(o.netRupiah))}; ${formatRupiah(BigInt(o.paidRupiah))} already paid`);
      if (orders.sp2dUsed(c.id, b.sp2dNumber)) fail('ALREADY_EXISTS', `SP2D ${b.sp2dNumber} is already recorded on ${c.id}`);
      o.paidRupiah = paid.toString();
      o.payments += 1;
      orders.putPayment({ contractId: c.id, orderNo: o.no, no: o.payments, sp2dNumber: b.sp2dNumber, amountRupiah: b.amountRupiah, recordedBy: ctx.signer.memberId, atMs: ctx.timeMs, height: ctx.height });
      c.totals.paidRupiah = (BigInt(c.totals.paidRupiah) + amount).toString();
      orders.put(o);
      w.put(c);
      ctx.emit('execution.payment_recorded', { contract: c.id, order: String(o.no), sp2d: b.sp2dNumber, amount: b.amountRupiah, paid_total: c.totals.paidRupiah }, ['contract']);
    }),
  },
  query(state, path) {
    const [what, arg, sub] = path;
    if (!arg) return fail('BAD_QUERY', 'contract id missing');
    if (what === 'orders') return new OrderStore(state).orders(arg);
    if (what === 'payments') return new OrderStore(state).payments(arg);
    if (what === 'order' && sub) return new OrderStore(state).order(arg, Number(sub)) ?? fail('NOT_FOUND', `order ${sub}`);
    if (what === 'preview' && sub) {
      // What a milestone's order would be if it were verified now (for the PPK's screen).
      const c = new ContractStore(state).contract(arg) ?? fail('NOT_FOUND', `contract ${arg}`);
      const k = milestoneComponents(c, milestoneOrFail(c, sub));
      return { gross: k.gross, advanceRepayment: k.advanceRepayment, retention: k.retention, lateDays: k.lateDays, penalty: k.deducted, net: k.net };
    }
    return fail('BAD_QUERY', `unknown execution query ${what ?? ''}`);
  },
};
