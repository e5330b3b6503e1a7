/**
 * Who may act: the role and organization checks that every contract program makes on its signer,
 * in one place so that every program words its refusals the same way.
 */
import { fail } from '../codes.js';
import type { TxContext } from '../module.js';
import { IdentityStore, type Member, type Organization, type Role } from './identity/state.js';
import { SanctionStore } from './sanction/state.js';
import { formatLedgerDate } from './dates.js';

/** The signer must belong to `orgId` and hold one of `roles`. */
export function requireRoleIn(ctx: TxContext, orgId: string, roles: readonly Role[], what: string): void {
  if (ctx.signer.orgId !== orgId || !roles.some((r) => ctx.signer.roles.includes(r))) {
    fail('UNAUTHORIZED', `${what}: needs ${roles.join(' or ')} of ${orgId}`);
  }
}

/** The signer must be one of the named members. */
export function requireOneOf(ctx: TxContext, memberIds: readonly string[], what: string): void {
  if (!memberIds.includes(ctx.signer.memberId)) fail('UNAUTHORIZED', `${what}: only ${memberIds.join(', ')}`);
}

/** A supplier's signatory acting for it (its admin manages people, not bids or contracts). */
export function requireSupplierSignatory(ctx: TxContext, what: string): Organization {
  const org = new IdentityStore(ctx.state).org(ctx.signer.orgId);
  if (!org || org.kind !== 'supplier' || !ctx.signer.roles.includes('supplier_signatory')) {
    fail('UNAUTHORIZED', `${what}: needs the signatory of a supplier`);
  }
  return org;
}

/** An active member of `orgId` holding `role`, or a refusal naming the one that does not fit. */
export function memberWithRole(ctx: TxContext, memberId: string, orgIds: readonly string[] | null, role: Role, code: 'COMMITTEE_INVALID' | 'TERMS_INVALID'): Member {
  const m = new IdentityStore(ctx.state).member(memberId);
  if (!m || m.status !== 'active') fail(code, `${memberId} is not an active member`);
  if (orgIds && !orgIds.includes(m.orgId)) fail(code, `${memberId} is not a member of ${orgIds.join(' or ')}`);
  if (!m.roles.includes(role)) fail(code, `${memberId} does not hold the ${role} role`);
  return m;
}

/** An APIP auditor: the `auditor` role in an auditor organization of kind `apip`. */
export function isApipAuditor(ctx: TxContext): boolean {
  if (!ctx.signer.roles.includes('auditor')) return false;
  const org = new IdentityStore(ctx.state).org(ctx.signer.orgId);
  return org?.kind === 'auditor' && org.auditorKind === 'apip';
}

/** A supplier that can take part: an active supplier organization not on the blacklist now. */
export function requireEligibleSupplier(ctx: TxContext, orgId: string): Organization {
  const org = new IdentityStore(ctx.state).org(orgId);
  if (!org || org.kind !== 'supplier') fail('NOT_FOUND', `supplier ${orgId}`);
  if (org.status !== 'active') fail('INVALID_STATE', `supplier ${orgId} is suspended`);
  const listing = new SanctionStore(ctx.state).barring(orgId, ctx.timeMs);
  if (listing) fail('BLACKLISTED', `${orgId} is blacklisted until ${formatLedgerDate(listing.untilMs)} (case ${listing.caseId})`);
  return org;
}
