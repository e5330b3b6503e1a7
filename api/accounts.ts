/**
 * The routes for people's accounts that the web app needs besides login: the next transaction
 * nonce of a member (read from the ledger), enrolment requests (kept off the ledger in this
 * gateway's own SQLite, next to its sessions: ./enrolment.ts), and the demo switcher (only when the
 * gateway runs in demo mode: the seeded people and their key seeds, for a demo network only).
 * Registered by buildServer (server.ts) after its hooks, so `access` works the same here.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import fs from 'node:fs';
import { abciQuery } from '../cli/client.js';
import { loadKeys } from '../cli/keyfile.js';
import { codeName } from '../ledger/codes.js';
import { isValidPublicKey } from '../ledger/tx/envelope.js';
import { personalDataIn } from '../ledger/modules/identity/personal-data.js';
import { ROLES, ROLES_BY_KIND } from '../ledger/modules/identity/state.js';
import type { Viewer } from '../indexer/queries.js';
import { verifyEd25519 } from './auth.js';
import { enrolmentMessage, type Enrolment, type EnrolmentStore } from './enrolment.js';
import { ApiError } from './errors.js';
import * as S from './schemas.js';
import type { Access, GatewayDeps } from './server.js';

/** What the account routes need besides the gateway's usual dependencies. */
export interface AccountDeps {
  /** Enrolment requests at this gateway. */
  enrolments: EnrolmentStore;
  /** Demo mode: the folder of the demo people's key files (cli/keyfile.ts); null or absent = off. */
  demoKeysDir?: string | null;
}

const memberIdSchema = z.string().regex(/^[a-z0-9-]{3,64}$/, '3–64 characters of a-z 0-9 -');
const hex32 = z.string().regex(/^[0-9a-fA-F]{64}$/, '32 bytes as hex');

export const EnrolmentSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['new', 'replace_key']),
    orgId: z.string(),
    memberId: z.string(),
    name: z.string(),
    roles: z.array(z.string()),
    publicKey: z.string(),
    status: z.enum(['pending', 'approved', 'rejected']),
    reason: z.string().nullable(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
    decidedBy: z.string().nullable(),
  })
  .meta({ id: 'Enrolment' });

const EnrolmentCreate = z.object({
  kind: z.enum(['new', 'replace_key']).default('new').meta({ description: '"new": a new member; "replace_key": a member whose key was lost asks for this key instead' }),
  orgId: S.IdParam.shape.id,
  memberId: memberIdSchema,
  name: z.string().trim().min(1).max(120),
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  publicKey: hex32.meta({ description: 'The Ed25519 public key the browser made (it keeps the private key)' }),
  signature: z.base64().meta({ description: 'Ed25519 signature, by that key, of the enrolment text (see the API README), base64' }),
});

const DemoPerson = z.object({
  memberId: z.string(),
  name: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  orgKind: z.string(),
  auditorKind: z.string().nullable(),
  roles: z.array(z.string()),
});

interface LedgerMember {
  id: string;
  orgId: string;
  name: string;
  roles: string[];
  status: string;
  /** base64 in the ledger's JSON */
  pubKey: string;
}
interface LedgerOrg {
  id: string;
  name: string;
  kind: string;
  auditorKind: string | null;
  status: string;
}

export async function registerAccountRoutes(app: FastifyInstance, deps: GatewayDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const v1 = '/api/v1';
  const pub = { access: 'public' as Access };
  const orgAdmin = { access: 'org_admin' as Access };
  const q = deps.queries;

  /** A module query's JSON from the node: NOT_FOUND is the API's, an unreachable node a 503. */
  async function ledgerQuery<T>(path: string): Promise<T> {
    const a = await abciQuery(deps.rpcUrl, path).catch(() => {
      throw new ApiError('NODE_UNAVAILABLE');
    });
    if (a.code === 0) return JSON.parse(Buffer.from(a.value).toString('utf8')) as T;
    if (codeName(a.code) === 'NOT_FOUND') throw new ApiError('NOT_FOUND', a.log);
    throw new ApiError('VALIDATION', a.log);
  }
  const store = (): EnrolmentStore => {
    if (!deps.accounts) throw new ApiError('INTERNAL', 'this gateway keeps no enrolment requests');
    return deps.accounts.enrolments;
  };
  const adminOf = (v: Viewer) => v as Extract<Viewer, { kind: 'member' }>;

  r.get(`${v1}/members/:id/nonce`, {
    config: pub,
    schema: {
      tags: ['ledger'],
      summary: "A member's transaction nonce, read from the ledger: sign the next transaction with `next`",
      description: 'Only accepted transactions use a nonce; a refused one leaves it unchanged (decision 0004).',
      params: S.IdParam,
      response: { 200: z.object({ memberId: z.string(), nonce: z.number().int(), next: z.number().int() }), ...S.errors(404, 503) },
    },
    handler: async (req) => {
      const m = await ledgerQuery<{ nonce?: number }>(`/identity/member/${req.params.id}`);
      const nonce = typeof m.nonce === 'number' ? m.nonce : 0;
      return { memberId: req.params.id, nonce, next: nonce + 1 };
    },
  });

  // ---- enrolment ----
  /** A pending request whose key the ledger now holds for that member was approved. */
  async function settle(e: Enrolment, by: string | null = null): Promise<Enrolment> {
    if (e.status !== 'pending') return e;
    const m = await q.member(e.memberId);
    if (m && m.orgId === e.orgId && m.pubKey.toLowerCase() === e.publicKey) {
      store().decide(e.id, 'approved', by, null);
      return store().get(e.id)!;
    }
    return e;
  }

  r.post(`${v1}/enrolments`, {
    config: pub,
    schema: {
      tags: ['auth'],
      summary: 'Ask your institution to register a key your browser made (a new member, or a replacement for a lost key)',
      description:
        "Signed with the key being registered (proof of possession). Kept at this gateway, off the ledger, until the institution's admin approves (by signing identity.add_member or identity.rotate_key) or rejects it. Answers the request with its id, which is how the requester follows it.",
      body: EnrolmentCreate,
      response: { 200: EnrolmentSchema, ...S.errors(400, 404), 409: S.ErrorBody },
    },
    handler: async (req) => {
      const b = req.body;
      const org = (await q.orgs()).find((o) => (o as { id: string }).id === b.orgId) as { id: string; kind: string; status: string } | undefined;
      if (!org || org.status !== 'active') throw new ApiError('NOT_FOUND', `no active organization ${b.orgId}`);
      const pd = personalDataIn(b.name);
      if (pd) throw new ApiError('VALIDATION', `name: personal data is not allowed on the ledger (${pd})`);
      const pk = Buffer.from(b.publicKey, 'hex');
      if (!isValidPublicKey(pk)) throw new ApiError('VALIDATION', 'publicKey: not a usable Ed25519 public key');
      const existing = await q.member(b.memberId);
      let roles = [...new Set(b.roles)].sort();
      if (b.kind === 'new') {
        if (existing) throw new ApiError('CONFLICT', `member id ${b.memberId} is taken`);
        const allowed = ROLES_BY_KIND[org.kind as keyof typeof ROLES_BY_KIND] ?? [];
        const bad = roles.filter((x) => !(allowed as readonly string[]).includes(x));
        if (roles.length === 0) throw new ApiError('VALIDATION', 'roles: choose at least one');
        if (bad.length) throw new ApiError('VALIDATION', `roles: ${bad.join(', ')} not allowed for a ${org.kind} organization`);
      } else {
        if (!existing || existing.orgId !== b.orgId) throw new ApiError('NOT_FOUND', `no member ${b.memberId} in ${b.orgId}`);
        roles = [];
      }
      const message = new TextEncoder().encode(enrolmentMessage(deps.chainId, { ...b, roles, publicKey: b.publicKey.toLowerCase() }));
      if (!verifyEd25519(pk, message, Buffer.from(b.signature, 'base64'))) throw new ApiError('BAD_SIGNATURE', 'the signature does not verify with publicKey over the enrolment text');
      if (store().pendingFor(b.memberId, b.publicKey)) throw new ApiError('CONFLICT', 'a request for this member id or key is already pending');
      return store().create({ kind: b.kind, orgId: b.orgId, memberId: b.memberId, name: b.name, roles, publicKey: b.publicKey });
    },
  });

  r.get(`${v1}/enrolments/:id`, {
    config: pub,
    schema: {
      tags: ['auth'],
      summary: 'One enrolment request, by the id its requester was given: pending, approved (then log in) or rejected with the reason',
      params: S.IdParam,
      response: { 200: EnrolmentSchema, ...S.errors(404) },
    },
    handler: async (req) => {
      const e = store().get(req.params.id);
      if (!e) throw new ApiError('NOT_FOUND', 'no enrolment request with that id at this gateway');
      return settle(e);
    },
  });

  r.get(`${v1}/enrolments`, {
    config: orgAdmin,
    schema: {
      tags: ['auth'],
      summary: "Your organization's enrolment requests at this gateway (organization admins), pending first",
      security: [{ bearer: [] }],
      // Strict: a parameter this route does not know is refused (400), not ignored (schemathesis ST201).
      querystring: z.strictObject({ status: z.enum(['pending', 'approved', 'rejected']).optional() }),
      response: { 200: z.array(EnrolmentSchema), ...S.errors(401, 403) },
    },
    handler: async (req) => {
      const v = adminOf(req.viewer);
      const out: Enrolment[] = [];
      for (const e of store().forOrg(v.orgId, req.query.status)) out.push(await settle(e));
      return req.query.status ? out.filter((e) => e.status === req.query.status) : out;
    },
  });

  r.post(`${v1}/enrolments/:id/approve`, {
    config: orgAdmin,
    schema: {
      tags: ['auth'],
      summary: 'Mark a request approved once your identity.add_member (or identity.rotate_key) with its key is on the ledger',
      security: [{ bearer: [] }],
      params: S.IdParam,
      response: { 200: EnrolmentSchema, ...S.errors(400, 401, 403, 404) },
    },
    handler: async (req) => {
      const v = adminOf(req.viewer);
      const e = store().get(req.params.id);
      if (!e || e.orgId !== v.orgId) throw new ApiError('NOT_FOUND', 'no enrolment request with that id for your organization');
      const after = await settle(e, v.memberId);
      if (after.status !== 'approved') throw new ApiError('VALIDATION', e.status === 'rejected' ? 'the request was rejected' : 'the ledger does not hold this key for the member yet');
      return after;
    },
  });

  r.post(`${v1}/enrolments/:id/reject`, {
    config: orgAdmin,
    schema: {
      tags: ['auth'],
      summary: 'Reject a pending request, with the reason the requester will see',
      security: [{ bearer: [] }],
      params: S.IdParam,
      body: z.object({ reason: z.string().trim().min(3).max(500) }),
      response: { 200: EnrolmentSchema, ...S.errors(400, 401, 403, 404), 409: S.ErrorBody },
    },
    handler: async (req) => {
      const v = adminOf(req.viewer);
      const e = store().get(req.params.id);
      if (!e || e.orgId !== v.orgId) throw new ApiError('NOT_FOUND', 'no enrolment request with that id for your organization');
      if ((await settle(e)).status !== 'pending' || !store().decide(e.id, 'rejected', v.memberId, req.body.reason)) throw new ApiError('CONFLICT', 'the request is no longer pending');
      return store().get(e.id)!;
    },
  });

  // ---- demo mode ----
  const demoDir = (): string => {
    const dir = deps.accounts?.demoKeysDir;
    if (!dir || !fs.existsSync(dir)) throw new ApiError('NOT_FOUND', 'demo mode is off at this gateway');
    return dir;
  };

  r.get(`${v1}/demo/people`, {
    config: pub,
    schema: {
      tags: ['demo'],
      summary: 'Demo mode only: the seeded demo people (name, institution, roles) whose keys this gateway holds; 404 when demo mode is off',
      response: { 200: z.array(DemoPerson), ...S.errors(404, 503) },
    },
    handler: async () => {
      const keys = loadKeys(demoDir());
      const [members, orgs] = await Promise.all([ledgerQuery<LedgerMember[]>('/identity/members'), ledgerQuery<LedgerOrg[]>('/identity/orgs')]);
      const orgById = new Map(orgs.map((o) => [o.id, o]));
      const out: Array<z.infer<typeof DemoPerson>> = [];
      for (const m of members) {
        const k = keys.get(m.id);
        const o = orgById.get(m.orgId);
        // Only people whose current ledger key is the demo key (a rotated one is no longer demo).
        if (!k || !o || m.status !== 'active' || Buffer.from(k.publicKey).toString('base64') !== m.pubKey) continue;
        out.push({ memberId: m.id, name: m.name, orgId: o.id, orgName: o.name, orgKind: o.kind, auditorKind: o.auditorKind ?? null, roles: m.roles });
      }
      return out.sort((a, b) => a.orgName.localeCompare(b.orgName) || a.memberId.localeCompare(b.memberId));
    },
  });

  r.get(`${v1}/demo/people/:id/key`, {
    config: pub,
    schema: {
      tags: ['demo'],
      summary: "Demo mode only: a demo person's key seed, for the browser to import as a non-extractable key; 404 when demo mode is off",
      params: S.IdParam,
      response: { 200: z.object({ memberId: z.string(), seed: z.string().meta({ description: 'base64, 32 bytes' }), publicKey: z.string().meta({ description: 'hex' }) }), ...S.errors(404) },
    },
    handler: async (req, reply) => {
      const k = loadKeys(demoDir()).get(req.params.id);
      if (!k) throw new ApiError('NOT_FOUND', `no demo key for ${req.params.id}`);
      void reply.header('cache-control', 'no-store');
      return { memberId: k.memberId, seed: Buffer.from(k.seed).toString('base64'), publicKey: Buffer.from(k.publicKey).toString('hex') };
    },
  });
}

/**
 * /auth/me: who the caller is to this gateway. For a person: their name, institution (name, kind,
 * auditor kind), roles and when their session ends; for a system: its API key's organization and
 * scopes.
 */
export async function whoAmI(deps: GatewayDeps, v: Viewer, authorization: string | undefined): Promise<Record<string, unknown>> {
  if (v.kind !== 'member') return { ...v };
  const [orgs, members] = await Promise.all([deps.queries.orgs(), deps.queries.members(v, v.orgId)]);
  const org = orgs.find((o) => (o as { id: string }).id === v.orgId) as { name: string; kind: string; subKind: string | null } | undefined;
  const me = members.find((m) => (m as { id: string }).id === v.memberId) as { name: string | null } | undefined;
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const s = token ? deps.auth.session(token) : undefined;
  const auditorKind = org?.kind === 'auditor' && org.subKind ? org.subKind : null;
  return {
    ...v,
    name: me?.name ?? v.memberId,
    orgName: org?.name ?? v.orgId,
    auditorKind,
    expiresAt: s ? new Date(s.expiresAt).toISOString() : null,
  };
}
