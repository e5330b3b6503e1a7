/**
 * Identity messages: members managed by their organization's admins; organizations and
 * validators changed only by a 2/3 quorum of founding institutions. Spec: ./README.md.
 */
import { z } from 'zod';
import { fail } from '../../codes.js';
import { defineMessage, type LedgerModule, type TxContext } from '../../module.js';
import { identifier, publicText as sharedText } from '../fields.js';
import { isValidPublicKey } from '../../tx/envelope.js';
import { putCalendar, readCalendar } from '../../calendar.js';
import {
  AUDITOR_KINDS,
  BUSINESS_SIZES,
  IdentityStore,
  IdentityWriter,
  ORG_KINDS,
  publicSignerId,
  ROLES,
  ROLES_BY_KIND,
  type Member,
  type Organization,
  type Proposal,
  type Role,
} from './state.js';

const id = identifier;
const publicText = (max: number) => sharedText(2, max);
const pubKey = z.instanceof(Uint8Array).refine(isValidPublicKey, 'a valid 32-byte Ed25519 public key');
const roles = z
  .array(z.enum(ROLES))
  .min(1)
  .max(ROLES.length)
  .refine((r) => new Set(r).size === r.length, 'roles must not repeat');

export const AddMember = z.strictObject({ memberId: id, name: publicText(120), roles, pubKey });
export const SetRoles = z.strictObject({ memberId: id, roles });
export const SuspendMember = z.strictObject({ memberId: id, reason: publicText(500) });
export const ReinstateMember = z.strictObject({ memberId: id });
export const RotateKey = z.strictObject({ memberId: id, newPubKey: pubKey });
const OrgSpec = z.strictObject({
  id,
  name: publicText(200),
  kind: z.enum(ORG_KINDS),
  auditorKind: z.enum(AUDITOR_KINDS).nullable(),
  businessSize: z.enum(BUSINESS_SIZES).nullable().default(null),
});
export const Propose = z.strictObject({
  proposalId: id,
  action: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('add_org'), org: OrgSpec, admin: z.strictObject({ memberId: id, name: publicText(120), pubKey }) }),
    z.strictObject({ kind: z.literal('set_validator'), orgId: id, pubKey, power: z.number().int().min(0).max(1000) }),
    z.strictObject({ kind: z.literal('set_time_scale'), scale: z.number().int().min(1).max(1_000_000) }),
  ]),
});
export const Approve = z.strictObject({ proposalId: id });
export const Withdraw = z.strictObject({ proposalId: id });

const sortRoles = (r: readonly Role[]) => [...r].sort() as Role[];

function requireAdminOf(ctx: TxContext, orgId: string): void {
  if (ctx.signer.orgId !== orgId || !ctx.signer.roles.includes('org_admin')) {
    fail('UNAUTHORIZED', `only an org_admin of ${orgId} may do this`);
  }
}

function memberOrFail(s: IdentityStore, memberId: string): Member {
  return s.member(memberId) ?? fail('NOT_FOUND', `member ${memberId}`);
}

function checkRolesFit(org: Organization, r: readonly Role[]): void {
  const allowed = ROLES_BY_KIND[org.kind];
  const bad = r.filter((x) => !allowed.includes(x));
  if (bad.length) fail('ROLE_NOT_ALLOWED_FOR_ORG', `${bad.join(', ')} in a ${org.kind} organization`);
  if (r.includes('auditor') && org.kind === 'auditor' && !org.auditorKind) fail('ROLE_NOT_ALLOWED_FOR_ORG', 'auditor organization has no auditor kind');
}

function checkKeyUnused(s: IdentityStore, pk: Uint8Array): void {
  if (s.keyRecord(pk)) fail('KEY_IN_USE', 'every key is registered at most once, ever');
}

/** Fails when, without `memberId` as an active admin, the org would have no active admin. */
function checkNotLastAdmin(s: IdentityStore, orgId: string, memberId: string): void {
  const others = s.members().filter((m) => m.orgId === orgId && m.id !== memberId && m.status === 'active' && m.roles.includes('org_admin'));
  if (others.length === 0) fail('LAST_ADMIN', orgId);
}

function requireFoundingAdmin(ctx: TxContext, s: IdentityStore): string {
  const founding = s.founding();
  if (!founding.includes(ctx.signer.orgId)) fail('NOT_FOUNDING', ctx.signer.orgId);
  if (!ctx.signer.roles.includes('org_admin')) fail('UNAUTHORIZED', 'governance needs an org_admin of a founding institution');
  return ctx.signer.orgId;
}

/** Votes needed from founding institutions: at least two thirds, rounded up. */
export function quorum(founding: number): number {
  return Math.ceil((2 * founding) / 3);
}

function newMember(memberId: string, orgId: string, name: string, r: Role[], pk: Uint8Array, height: number): Member {
  return { id: memberId, orgId, name, roles: sortRoles(r), status: 'active', pubKey: pk, keys: [{ pubKey: pk, fromHeight: height, toHeight: null }], createdHeight: height };
}

function execute(ctx: TxContext, w: IdentityWriter, p: Proposal): void {
  const a = p.action;
  if (a.kind === 'add_org') {
    if (w.org(a.org.id)) fail('ALREADY_EXISTS', `organization ${a.org.id}`);
    if (w.member(a.admin.memberId)) fail('ALREADY_EXISTS', `member ${a.admin.memberId}`);
    checkKeyUnused(w, a.admin.pubKey);
    const org: Organization = {
      ...a.org,
      auditorKind: a.org.kind === 'auditor' ? a.org.auditorKind : null,
      businessSize: a.org.kind === 'supplier' ? a.org.businessSize : null,
      founding: false,
      status: 'active',
      createdHeight: ctx.height,
    };
    if (org.kind === 'auditor' && !org.auditorKind) fail('INVALID_BODY', 'an auditor organization needs auditorKind');
    if (org.kind === 'supplier' && !org.businessSize) fail('INVALID_BODY', 'a supplier needs businessSize (small or non_small)');
    w.putOrg(org);
    w.putMember(newMember(a.admin.memberId, org.id, a.admin.name, ['org_admin'], a.admin.pubKey, ctx.height));
    w.putKeyRecord(a.admin.pubKey, { memberId: a.admin.memberId, revokedHeight: null });
    ctx.emit('identity.org_added', { org: org.id, kind: org.kind, proposal: p.id }, ['org']);
  } else if (a.kind === 'set_time_scale') {
    // Re-anchor the ledger calendar at this block so that ledger time never jumps (decision 0005).
    const before = readCalendar(ctx.state);
    putCalendar(ctx.state, { scale: a.scale, anchorMs: ctx.blockTimeMs, startMs: ctx.timeMs });
    ctx.emit('identity.time_scale_set', { scale: String(a.scale), previous: String(before.scale), proposal: p.id }, []);
  } else {
    if (!w.org(a.orgId)) fail('NOT_FOUND', `organization ${a.orgId}`);
    const existing = w.validator(a.pubKey);
    if (existing && existing.orgId !== a.orgId) fail('INVALID_STATE', 'validator key belongs to another organization');
    if (!existing && a.power === 0) fail('NOT_FOUND', 'no such validator to remove');
    const remaining = w.validators().filter((v) => Buffer.compare(Buffer.from(v.pubKey), Buffer.from(a.pubKey)) !== 0).length + (a.power > 0 ? 1 : 0);
    if (remaining < 1) fail('VALIDATOR_SET_UNSAFE');
    w.putValidator({ orgId: a.orgId, pubKey: a.pubKey, power: a.power });
    ctx.updateValidator({ pubKey: a.pubKey, power: a.power });
    ctx.emit('identity.validator_set', { org: a.orgId, pub_key: Buffer.from(a.pubKey).toString('base64'), power: String(a.power), proposal: p.id }, ['org']);
  }
}

function approveAndMaybeExecute(ctx: TxContext, w: IdentityWriter, p: Proposal, orgId: string): void {
  if (p.approvals.includes(orgId)) fail('ALREADY_APPROVED', orgId);
  p.approvals = [...p.approvals, orgId].sort();
  ctx.emit('identity.proposal_approved', { proposal: p.id, org: orgId, approvals: String(p.approvals.length) }, ['proposal']);
  if (p.approvals.length >= quorum(w.founding().length)) {
    execute(ctx, w, p);
    p.status = 'executed';
    p.closedHeight = ctx.height;
    ctx.emit('identity.proposal_executed', { proposal: p.id, kind: p.action.kind }, ['proposal']);
  }
  w.putProposal(p);
}

export const identityModule: LedgerModule = {
  name: 'identity',
  messages: {
    add_member: defineMessage(AddMember, (ctx, b) => {
      const w = new IdentityWriter(ctx.state);
      const org = w.org(ctx.signer.orgId) ?? fail('NOT_FOUND', ctx.signer.orgId);
      requireAdminOf(ctx, org.id);
      if (w.member(b.memberId)) fail('ALREADY_EXISTS', `member ${b.memberId}`);
      checkKeyUnused(w, b.pubKey);
      checkRolesFit(org, b.roles);
      w.putMember(newMember(b.memberId, org.id, b.name, b.roles, b.pubKey, ctx.height));
      w.putKeyRecord(b.pubKey, { memberId: b.memberId, revokedHeight: null });
      ctx.emit('identity.member_added', { member: b.memberId, org: org.id, roles: sortRoles(b.roles).join(',') }, ['member', 'org']);
    }),
    set_roles: defineMessage(SetRoles, (ctx, b) => {
      const w = new IdentityWriter(ctx.state);
      const m = memberOrFail(w, b.memberId);
      requireAdminOf(ctx, m.orgId);
      checkRolesFit(w.org(m.orgId)!, b.roles);
      if (m.roles.includes('org_admin') && !b.roles.includes('org_admin')) checkNotLastAdmin(w, m.orgId, m.id);
      m.roles = sortRoles(b.roles);
      w.putMember(m);
      ctx.emit('identity.roles_set', { member: m.id, org: m.orgId, roles: m.roles.join(',') }, ['member', 'org']);
    }),
    suspend_member: defineMessage(SuspendMember, (ctx, b) => {
      const w = new IdentityWriter(ctx.state);
      const m = memberOrFail(w, b.memberId);
      requireAdminOf(ctx, m.orgId);
      if (m.status === 'suspended') fail('INVALID_STATE', 'already suspended');
      if (m.roles.includes('org_admin')) checkNotLastAdmin(w, m.orgId, m.id);
      m.status = 'suspended';
      w.putMember(m);
      ctx.emit('identity.member_suspended', { member: m.id, org: m.orgId, reason: b.reason }, ['member', 'org']);
    }),
    reinstate_member: defineMessage(ReinstateMember, (ctx, b) => {
      const w = new IdentityWriter(ctx.state);
      const m = memberOrFail(w, b.memberId);
      requireAdminOf(ctx, m.orgId);
      if (m.status === 'active') fail('INVALID_STATE', 'not suspended');
      m.status = 'active';
      w.putMember(m);
      ctx.emit('identity.member_reinstated', { member: m.id, org: m.orgId }, ['member', 'org']);
    }),
    rotate_key: defineMessage(RotateKey, (ctx, b) => {
      const w = new IdentityWriter(ctx.state);
      const m = memberOrFail(w, b.memberId);
      if (ctx.signer.memberId !== m.id) requireAdminOf(ctx, m.orgId);
      checkKeyUnused(w, b.newPubKey);
      const old = m.pubKey;
      m.keys = m.keys.map((k, i) => (i === m.keys.length - 1 ? { ...k, toHeight: ctx.height } : k));
      m.keys.push({ pubKey: b.newPubKey, fromHeight: ctx.height, toHeight: null });
      m.pubKey = b.newPubKey;
      w.putMember(m);
      w.putKeyRecord(old, { memberId: m.id, revokedHeight: ctx.height });
      w.putKeyRecord(b.newPubKey, { memberId: m.id, revokedHeight: null });
      ctx.emit('identity.key_rotated', { member: m.id, org: m.orgId, by: ctx.signer.memberId }, ['member', 'org']);
    }),
    propose: defineMessage(Propose, (ctx, b) => {
      const w = new IdentityWriter(ctx.state);
      const orgId = requireFoundingAdmin(ctx, w);
      if (w.proposal(b.proposalId)) fail('ALREADY_EXISTS', `proposal ${b.proposalId}`);
      const action = b.action.kind === 'add_org' ? { ...b.action, org: { ...b.action.org } } : { ...b.action };
      const p: Proposal = { id: b.proposalId, action, proposedBy: ctx.signer.memberId, approvals: [], status: 'open', createdHeight: ctx.height, closedHeight: null };
      ctx.emit('identity.proposal_created', { proposal: p.id, kind: action.kind, by: ctx.signer.memberId }, ['proposal']);
      approveAndMaybeExecute(ctx, w, p, orgId);
    }),
    approve: defineMessage(Approve, (ctx, b) => {
      const w = new IdentityWriter(ctx.state);
      const orgId = requireFoundingAdmin(ctx, w);
      const p = w.proposal(b.proposalId) ?? fail('NOT_FOUND', `proposal ${b.proposalId}`);
      if (p.status !== 'open') fail('PROPOSAL_CLOSED', p.status);
      approveAndMaybeExecute(ctx, w, p, orgId);
    }),
    withdraw: defineMessage(Withdraw, (ctx, b) => {
      const w = new IdentityWriter(ctx.state);
      const p = w.proposal(b.proposalId) ?? fail('NOT_FOUND', `proposal ${b.proposalId}`);
      if (p.proposedBy !== ctx.signer.memberId) fail('UNAUTHORIZED', 'only the proposer may withdraw');
      if (p.status !== 'open') fail('PROPOSAL_CLOSED', p.status);
      p.status = 'withdrawn';
      p.closedHeight = ctx.height;
      w.putProposal(p);
      ctx.emit('identity.proposal_withdrawn', { proposal: p.id }, ['proposal']);
    }),
  },
  query(state, path) {
    const s = new IdentityStore(state);
    const [what, arg] = path;
    const out = (v: unknown) => v ?? fail('NOT_FOUND', path.join('/'));
    switch (what) {
      case 'org':
        return out(arg ? s.org(arg) : undefined);
      case 'orgs':
        return s.orgs();
      case 'member': {
        const m = arg ? s.member(arg) : undefined;
        return out(m ? { ...m, nonce: s.nonce(m.id) } : undefined);
      }
      case 'members':
        return s.members().filter((m) => !arg || m.orgId === arg);
      case 'public-signer':
        // A key of the public (hex), as its id and its last nonce.
        if (!arg || !/^[0-9a-f]{64}$/.test(arg)) return fail('BAD_QUERY', 'public-signer takes a 32-byte public key in hex');
        return { id: publicSignerId(Buffer.from(arg, 'hex')), nonce: s.nonce(publicSignerId(Buffer.from(arg, 'hex'))) };
      case 'validators':
        return s.validators();
      case 'proposal':
        return out(arg ? s.proposal(arg) : undefined);
      default:
        return fail('BAD_QUERY', `unknown identity query ${what ?? ''}`);
    }
  },
};
