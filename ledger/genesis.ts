/**
 * The application's part of CometBFT's genesis.json (`app_state`): the founding institutions,
 * their first members, and which organization runs each genesis validator.
 */
import { z } from 'zod';
import { LedgerError } from './codes.js';
import { AUDITOR_KINDS, BUSINESS_SIZES, IdentityWriter, ORG_KINDS, ROLES, ROLES_BY_KIND } from './modules/identity/state.js';
import type { StateWriter } from './store/store.js';
import { identifier, publicText } from './modules/fields.js';
import { isValidPublicKey } from './tx/envelope.js';
import { putCalendar } from './calendar.js';

const b64key = z
  .string()
  .transform((s) => new Uint8Array(Buffer.from(s, 'base64')))
  .refine(isValidPublicKey, 'a base64 32-byte Ed25519 public key');
const idStr = identifier;
const text = publicText(2, 200);

export const AppStateSchema = z.strictObject({
  orgs: z
    .array(
      z.strictObject({
        id: idStr,
        name: text,
        kind: z.enum(ORG_KINDS),
        auditorKind: z.enum(AUDITOR_KINDS).nullable().default(null),
        businessSize: z.enum(BUSINESS_SIZES).nullable().default(null),
        founding: z.boolean(),
      }),
    )
    .min(1),
  members: z.array(z.strictObject({ id: idStr, orgId: idStr, name: text, roles: z.array(z.enum(ROLES)).min(1), pubKey: b64key })).min(1),
  validators: z.array(z.strictObject({ orgId: idStr, pubKey: b64key })),
  /** The ledger calendar (decision 0005). Production networks keep the default scale 1. */
  calendar: z.strictObject({ scale: z.number().int().min(1).max(1_000_000), startMs: z.number().int().min(0).nullable().default(null) }).default({ scale: 1, startMs: null }),
});
export type AppStateInput = z.input<typeof AppStateSchema>;

export interface GenesisValidator {
  pubKey: Uint8Array;
  power: number;
}

/** Writes the genesis state; throws {@link LedgerError} on an inconsistent genesis. */
export function applyGenesis(state: StateWriter, appStateBytes: Uint8Array, validators: GenesisValidator[], genesisTimeMs: number): void {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(appStateBytes).toString('utf8'));
  } catch {
    throw new LedgerError('INVALID_BODY', 'genesis app_state is not JSON');
  }
  const parsed = AppStateSchema.safeParse(json);
  if (!parsed.success) throw new LedgerError('INVALID_BODY', `genesis app_state: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const g = parsed.data;
  const w = new IdentityWriter(state);
  for (const o of g.orgs) {
    if (w.org(o.id)) throw new LedgerError('ALREADY_EXISTS', `genesis org ${o.id}`);
    if (o.kind === 'supplier' && !o.businessSize) throw new LedgerError('INVALID_BODY', `genesis supplier ${o.id} needs businessSize`);
    w.putOrg({ ...o, auditorKind: o.kind === 'auditor' ? o.auditorKind : null, businessSize: o.kind === 'supplier' ? o.businessSize : null, status: 'active', createdHeight: 0 });
  }
  w.putFounding(g.orgs.filter((o) => o.founding).map((o) => o.id));
  for (const m of g.members) {
    const org = w.org(m.orgId);
    if (!org) throw new LedgerError('NOT_FOUND', `genesis member ${m.id}: org ${m.orgId}`);
    if (m.roles.some((r) => !ROLES_BY_KIND[org.kind].includes(r))) throw new LedgerError('ROLE_NOT_ALLOWED_FOR_ORG', `genesis member ${m.id}`);
    if (w.member(m.id)) throw new LedgerError('ALREADY_EXISTS', `genesis member ${m.id}`);
    if (w.keyRecord(m.pubKey)) throw new LedgerError('KEY_IN_USE', `genesis member ${m.id}`);
    const roles = [...m.roles].sort();
    w.putMember({ id: m.id, orgId: m.orgId, name: m.name, roles, status: 'active', pubKey: m.pubKey, keys: [{ pubKey: m.pubKey, fromHeight: 0, toHeight: null }], createdHeight: 0 });
    w.putKeyRecord(m.pubKey, { memberId: m.id, revokedHeight: null });
  }
  putCalendar(state, { scale: g.calendar.scale, anchorMs: genesisTimeMs, startMs: g.calendar.startMs ?? genesisTimeMs });
  const owner = new Map(g.validators.map((v) => [Buffer.from(v.pubKey).toString('hex'), v.orgId]));
  for (const v of validators) {
    const orgId = owner.get(Buffer.from(v.pubKey).toString('hex'));
    if (!orgId || !w.org(orgId)) throw new LedgerError('NOT_FOUND', 'genesis validator without an organization in app_state.validators');
    w.putValidator({ orgId, pubKey: v.pubKey, power: v.power });
  }
}
