/**
 * Sanction messages: a PPK, Pokja member or Pejabat Pengadaan proposes blacklisting a supplier
 * with its ground and evidence; the PA or KPA of that organization decides (Ps 78-79). A listed
 * supplier cannot register, bid, be awarded or sign anywhere on the network until the listing
 * ends. Spec: ./README.md.
 */
import { z } from 'zod';
import { fail } from '../../codes.js';
import { DAY_MS } from '../../calendar.js';
import { defineMessage, type LedgerModule } from '../../module.js';
import { CURRENT_RULESET, type RuleSet } from '../../rules/ruleset.js';
import { formatLedgerDate } from '../dates.js';
import { documentHashes, identifier, publicText } from '../fields.js';
import { requireRoleIn } from '../access.js';
import { IdentityStore } from '../identity/state.js';
import { TenderStore } from '../tender/state.js';
import { ContractStore } from '../contract/state.js';
import { GROUNDS, SanctionStore, SanctionWriter, type Ground } from './state.js';

const id = identifier;

export const ProposeBlacklist = z.strictObject({
  caseId: id,
  supplier: id,
  ground: z.enum(GROUNDS),
  reason: publicText(3, 2000),
  evidenceHashes: documentHashes.refine((a) => a.length > 0, 'a proposal carries its evidence'),
  tenderId: id.nullable(),
  contractId: id.nullable(),
});
export const DecideBlacklist = z.strictObject({ caseId: id, approve: z.boolean(), reason: publicText(3, 2000) });

export function blacklistDays(rules: RuleSet, ground: Ground): number {
  return ground === 'fraud' ? rules.blacklistDays.fraud : ground === 'withdrawal' ? rules.blacklistDays.withdrawal : rules.blacklistDays.nonPerformance;
}

export const sanctionModule: LedgerModule = {
  name: 'sanction',
  messages: {
    propose_blacklist: defineMessage(ProposeBlacklist, (ctx, b) => {
      const w = new SanctionWriter(ctx.state);
      requireRoleIn(ctx, ctx.signer.orgId, ['ppk', 'pokja', 'pejabat_pengadaan'], 'a PPK, Pokja member or Pejabat Pengadaan proposes a blacklisting');
      const org = new IdentityStore(ctx.state).org(b.supplier);
      if (!org || org.kind !== 'supplier') fail('NOT_FOUND', `supplier ${b.supplier}`);
      if (w.case(b.caseId)) fail('ALREADY_EXISTS', `case ${b.caseId}`);
      if (b.caseId.startsWith('putus-')) fail('INVALID_BODY', 'case ids beginning with "putus-" are kept for the cases a termination opens');
      // A buying organization proposes sanctions for what happened in its own processes (Ps 78-79).
      if (!b.tenderId && !b.contractId) fail('INVALID_BODY', 'a proposal names the tender or contract where it happened');
      if (b.tenderId) {
        const t = new TenderStore(ctx.state).tender(b.tenderId) ?? fail('NOT_FOUND', `tender ${b.tenderId}`);
        const took = t.bidders.includes(b.supplier) || new TenderStore(ctx.state).registration(t.id, b.supplier) !== undefined;
        if (t.orgId !== ctx.signer.orgId || !took) fail('UNAUTHORIZED', `${b.supplier} took no part in a tender of ${ctx.signer.orgId} named ${b.tenderId}`);
      }
      if (b.contractId) {
        const c = new ContractStore(ctx.state).contract(b.contractId) ?? fail('NOT_FOUND', `contract ${b.contractId}`);
        if (c.buyerOrg !== ctx.signer.orgId || c.supplier !== b.supplier) fail('UNAUTHORIZED', `${b.contractId} is not a contract of ${ctx.signer.orgId} with ${b.supplier}`);
      }
      w.putCase({ id: b.caseId, supplier: b.supplier, ground: b.ground, reason: b.reason, evidenceHashes: b.evidenceHashes, tenderId: b.tenderId, contractId: b.contractId, proposedBy: ctx.signer.memberId, buyerOrg: ctx.signer.orgId, proposedMs: ctx.timeMs, status: 'proposed', decidedBy: null, decisionReason: null, decidedMs: null, listedUntilMs: null });
      ctx.emit('sanction.proposed', { case: b.caseId, supplier: b.supplier, ground: b.ground, buyer: ctx.signer.orgId }, ['case', 'supplier']);
    }),
    decide_blacklist: defineMessage(DecideBlacklist, (ctx, b) => {
      const w = new SanctionWriter(ctx.state);
      const c = w.case(b.caseId) ?? fail('NOT_FOUND', `case ${b.caseId}`);
      requireRoleIn(ctx, c.buyerOrg, ['pa', 'kpa'], 'the PA or KPA decides a blacklisting (Ps 79)');
      if (c.status !== 'proposed') fail('INVALID_STATE', `case ${c.id} is ${c.status}`);
      c.status = b.approve ? 'listed' : 'declined';
      c.decidedBy = ctx.signer.memberId;
      c.decisionReason = b.reason;
      c.decidedMs = ctx.timeMs;
      if (b.approve) {
        const until = ctx.timeMs + blacklistDays(CURRENT_RULESET, c.ground) * DAY_MS;
        c.listedUntilMs = until;
        const current = w.listing(c.supplier);
        if (!current || current.untilMs < until) w.putListing({ supplier: c.supplier, caseId: c.id, ground: c.ground, fromMs: ctx.timeMs, untilMs: until });
        ctx.emit('sanction.listed', { case: c.id, supplier: c.supplier, ground: c.ground, until: formatLedgerDate(until) }, ['case', 'supplier']);
      } else {
        ctx.emit('sanction.declined', { case: c.id, supplier: c.supplier }, ['case', 'supplier']);
      }
      w.putCase(c);
    }),
  },
  query(state, path) {
    const s = new SanctionStore(state);
    const [what, arg] = path;
    if (what === 'blacklist') return s.listings();
    if (what === 'cases') return s.cases().filter((c) => !arg || c.supplier === arg);
    if (what === 'case') return (arg ? s.case(arg) : undefined) ?? fail('NOT_FOUND', `case ${arg ?? ''}`);
    return fail('BAD_QUERY', `unknown sanction query ${what ?? ''}`);
  },
};
