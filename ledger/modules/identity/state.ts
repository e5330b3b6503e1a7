/**
 * Identity state: organizations, members, keys, validators and governance proposals.
 * Layout (all values canonical DAG-CBOR):
 *   identity/org/<orgId>            → Organization
 *   identity/member/<memberId>      → Member
 *   identity/key/<pubKeyHex>        → KeyRecord (every key ever registered, current or rotated out)
 *   identity/validator/<pubKeyHex>  → ValidatorRecord
 *   identity/proposal/<proposalId>  → Proposal
 *   identity/founding               → string[] (founding organization ids, sorted; fixed at genesis)
 *   identity/nonce/<signerId>       → number (last nonce used by a member, or by a public signer `public:<…>`;
 *                                     its own small record, so a transaction rewrites no member record)
 */
import { createHash } from 'node:crypto';
import { key, encodeRecord, decodeRecord } from '../../store/records.js';
import type { StateReader, StateWriter } from '../../store/store.js';

export const ORG_KINDS = ['buyer', 'supplier', 'auditor', 'regulator'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const AUDITOR_KINDS = ['apip', 'bpkp', 'bpk', 'kpk'] as const;
/** A supplier's size decides its advance cap (Ps 29) and small-business reservations (Ps 65). */
export const BUSINESS_SIZES = ['small', 'non_small'] as const;
export type BusinessSize = (typeof BUSINESS_SIZES)[number];
export type AuditorKind = (typeof AUDITOR_KINDS)[number];

/**
 * Roles (Perpres 16/2018 Art. 8): pa (Pengguna Anggaran), kpa (Kuasa PA), ppk (Pejabat Pembuat
 * Komitmen), pokja (Pokja Pemilihan member), pejabat_pengadaan, treasury (Bendahara / BUD),
 * supplier_signatory, auditor, org_admin.
 */
export const ROLES = ['pa', 'kpa', 'ppk', 'pokja', 'pejabat_pengadaan', 'treasury', 'supplier_signatory', 'auditor', 'org_admin'] as const;
export type Role = (typeof ROLES)[number];

/** Which roles each kind of organization may hold. */
export const ROLES_BY_KIND: Record<OrgKind, readonly Role[]> = {
  buyer: ['pa', 'kpa', 'ppk', 'pokja', 'pejabat_pengadaan', 'treasury', 'org_admin'],
  supplier: ['supplier_signatory', 'org_admin'],
  auditor: ['auditor', 'org_admin'],
  regulator: ['auditor', 'org_admin'],
};

/** The pseudo-organization of signers from the public (keys that belong to no member). */
export const PUBLIC_ORG = 'public';
export const PUBLIC_PREFIX = 'public:';
/** A public signer's stable id: `public:` + the first 32 hex digits of SHA-256 of the key. */
export function publicSignerId(pubKey: Uint8Array): string {
  return PUBLIC_PREFIX + createHash('sha256').update(pubKey).digest('hex').slice(0, 32);
}

export interface Organization {
  id: string;
  name: string;
  kind: OrgKind;
  auditorKind: AuditorKind | null;
  businessSize: BusinessSize | null; // suppliers only
  founding: boolean;
  status: 'active' | 'suspended';
  createdHeight: number;
}

export interface KeyPeriod {
  pubKey: Uint8Array;
  fromHeight: number;
  toHeight: number | null; // null while current
}

export interface Member {
  id: string;
  orgId: string;
  name: string;
  roles: Role[];
  status: 'active' | 'suspended';
  pubKey: Uint8Array;
  keys: KeyPeriod[]; // full history, oldest first; the last is current
  createdHeight: number;
}

export interface KeyRecord {
  memberId: string;
  revokedHeight: number | null;
}

export interface ValidatorRecord {
  orgId: string;
  pubKey: Uint8Array;
  power: number;
}

export type ProposalAction =
  | { kind: 'add_org'; org: { id: string; name: string; kind: OrgKind; auditorKind: AuditorKind | null; businessSize: BusinessSize | null }; admin: { memberId: string; name: string; pubKey: Uint8Array } }
  | { kind: 'set_validator'; orgId: string; pubKey: Uint8Array; power: number }
  | { kind: 'set_time_scale'; scale: number };

export interface Proposal {
  id: string;
  action: ProposalAction;
  proposedBy: string; // memberId
  approvals: string[]; // founding org ids, sorted
  status: 'open' | 'executed' | 'withdrawn';
  createdHeight: number;
  closedHeight: number | null;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export const keys = {
  org: (id: string) => key('identity', 'org', id),
  orgPrefix: () => key('identity', 'org', ''),
  member: (id: string) => key('identity', 'member', id),
  memberPrefix: () => key('identity', 'member', ''),
  pubKey: (pk: Uint8Array) => key('identity', 'key', hex(pk)),
  validator: (pk: Uint8Array) => key('identity', 'validator', hex(pk)),
  validatorPrefix: () => key('identity', 'validator', ''),
  proposal: (id: string) => key('identity', 'proposal', id),
  founding: () => key('identity', 'founding'),
  nonce: (signerId: string) => key('identity', 'nonce', signerId),
};

/**
 * Typed access to identity state, over any reader or writer. With a `memo`, decoded records are
 * kept by key — only for read-only views of committed state, and the memo must be dropped at
 * every commit (the application's mempool checks use one).
 */
export class IdentityStore {
  constructor(
    private readonly s: StateReader,
    private readonly memo?: Map<string, unknown>,
  ) {}

  private read<T>(k: Uint8Array): T | undefined {
    if (!this.memo) {
      const v = this.s.get(k);
      return v ? decodeRecord<T>(v) : undefined;
    }
    const id = Buffer.from(k).toString('latin1');
    if (this.memo.has(id)) return this.memo.get(id) as T | undefined;
    const v = this.s.get(k);
    const out = v ? decodeRecord<T>(v) : undefined;
    this.memo.set(id, out);
    return out;
  }
  org(id: string) {
    return this.read<Organization>(keys.org(id));
  }
  member(id: string) {
    return this.read<Member>(keys.member(id));
  }
  keyRecord(pk: Uint8Array) {
    return this.read<KeyRecord>(keys.pubKey(pk));
  }
  validator(pk: Uint8Array) {
    return this.read<ValidatorRecord>(keys.validator(pk));
  }
  validators(): ValidatorRecord[] {
    return this.s.scan(keys.validatorPrefix()).map(([, v]) => decodeRecord<ValidatorRecord>(v));
  }
  proposal(id: string) {
    return this.read<Proposal>(keys.proposal(id));
  }
  founding(): string[] {
    return this.read<string[]>(keys.founding()) ?? [];
  }
  members(): Member[] {
    return this.s.scan(keys.memberPrefix()).map(([, v]) => decodeRecord<Member>(v));
  }
  orgs(): Organization[] {
    return this.s.scan(keys.orgPrefix()).map(([, v]) => decodeRecord<Organization>(v));
  }
  /** Last nonce used by a member or a public signer (0 if none); never memoised, it changes every transaction. */
  nonce(signerId: string): number {
    const v = this.s.get(keys.nonce(signerId));
    return v ? decodeRecord<number>(v) : 0;
  }
}

export class IdentityWriter extends IdentityStore {
  constructor(private readonly w: StateWriter) {
    super(w);
  }
  putOrg(o: Organization) {
    this.w.set(keys.org(o.id), encodeRecord(o));
  }
  putMember(m: Member) {
    this.w.set(keys.member(m.id), encodeRecord(m));
  }
  putKeyRecord(pk: Uint8Array, r: KeyRecord) {
    this.w.set(keys.pubKey(pk), encodeRecord(r));
  }
  putValidator(v: ValidatorRecord) {
    if (v.power === 0) this.w.delete(keys.validator(v.pubKey));
    else this.w.set(keys.validator(v.pubKey), encodeRecord(v));
  }
  putProposal(p: Proposal) {
    this.w.set(keys.proposal(p.id), encodeRecord(p));
  }
  putFounding(ids: string[]) {
    this.w.set(keys.founding(), encodeRecord([...ids].sort()));
  }
  putNonce(signerId: string, nonce: number) {
    this.w.set(keys.nonce(signerId), encodeRecord(nonce));
  }
}
