/**
 * The HTTP gateway (Fastify). Routes are thin: they validate with the zod schemas in schemas.ts
 * (which also generate the OpenAPI 3.1 document at /openapi.json, with interactive docs at /docs),
 * decide who may call them (`access` below, one table the authorization test walks), and call the
 * query layer, the relay, the document store or the event feed.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { decodeEnvelope } from '../ledger/tx/envelope.js';
import { abciQuery } from '../cli/client.js';
import { LedgerError, codeName } from '../ledger/codes.js';
import { Queries, QueryError, seesAll, PUBLIC, type Viewer } from '../indexer/queries.js';
import { GatewayAuth, type ApiKeyScope } from './auth.js';
import { ApiError, ledgerResult } from './errors.js';
import { CommitTimeout, type Relay } from './relay.js';
import type { DocumentStore } from './documents/store.js';
import { DocumentError } from './documents/store.js';
import type { EventHub, FeedScope } from './events/hub.js';
import { LastEventIdError, resumePoint, sseRoute } from './events/hub.js';
import type { WebhookDispatcher } from './events/webhooks.js';
import { WebhookError } from './events/webhooks.js';
import * as S from './schemas.js';
import { RULESETS, type Category, type RuleSet } from '../ledger/rules/ruleset.js';
import { TYPES_FOR } from '../ledger/modules/contract/state.js';
import { loggerOptions } from './ops/mask.js';
import { registerAccountRoutes, whoAmI, type AccountDeps } from './accounts.js';
import type { NetworkHealth } from './network.js';

/** Who may call a route. */
export type Access =
  | 'public'
  /** a logged-in member, or a system with an API key holding the scope */
  | { member: true; scope?: ApiKeyScope }
  /** an organization admin (member with org_admin) */
  | 'org_admin'
  /** auditors (APIP, BPKP, BPK, KPK) and the regulator */
  | 'auditor';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    viewer: Viewer;
  }
}

export interface GatewayDeps {
  queries: Queries;
  auth: GatewayAuth;
  relay: Relay;
  documents: DocumentStore;
  hub: EventHub;
  webhooks: WebhookDispatcher;
  chainId: string;
  rpcUrl: string;
  /** Node and indexer status for /status and readiness. */
  status(): Promise<{ nodeHeight: number | null; indexedHeight: number; catchingUp: boolean }>;
  /** The ledger proof of a state key, verified against the validators' signed header. */
  proof(key: string): Promise<{ key: string; height: number; value: unknown; proof: string[]; verified: boolean } | null>;
  /** OCDS for a process (ledger or imported). */
  ocds: {
    releasePackage(processId: string): Promise<object | null>;
    recordPackage(processId: string): Promise<object | null>;
    bulk(): AsyncIterable<object>;
  };
  metrics?: { text(): Promise<string>; contentType: string; observe(method: string, route: string, status: number, seconds: number): void };
  logLevel?: string;
  /** Requests per minute per identity (IP for the public). */
  rateLimitPerMinute?: number;
  /** Each validator's health from the last blocks' commits (api/network.ts). */
  network: { health(): Promise<NetworkHealth> };
  /** Enrolment requests and demo mode (api/accounts.ts); absent = neither. */
  accounts?: AccountDeps;
}

export async function buildServer(deps: GatewayDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(deps.logLevel ?? 'info'),
    bodyLimit: 256 * 1024,
    trustProxy: false,
    // Ids may be 128 characters; a longer path segment is the schema's 400, never Fastify's 414.
    routerOptions: { maxParamLength: 1000 },
    // Bad percent-encoding and over-long path segments, answered in the API's error shape.
    frameworkErrors: (err, _req, reply) => {
      const e = err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? new ApiError('VALIDATION', err.message) : new ApiError('INTERNAL');
      void reply.code(e.status as never).send(e.body() as never);
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('viewer', null as never);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Prasasti API',
        version: '1.0.0',
        description:
          'The gateway of one Prasasti node: procurement processes and contracts as the ledger recorded them, ' +
          'signed-transaction relay, documents, OCDS, events. Errors carry a stable code and a message in Bahasa Indonesia and English.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A session token from /auth/login, or an API key (psk_…)' } } },
    },
    transform: jsonSchemaTransform,
    // The named schemas (.meta({ id })) that the operations $ref, under components.schemas.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(multipart, { limits: { fileSize: 25 * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(rateLimit, {
    max: deps.rateLimitPerMinute ?? 600,
    timeWindow: '1 minute',
    keyGenerator: (req) => identityKey(req),
    errorResponseBuilder: (_req, ctx) => ({ ...new ApiError('RATE_LIMITED', `limit ${ctx.max} per ${ctx.after}`).body(), statusCode: 429 }),
  });

  // Who is asking: a session token or an API key; anyone else is the public.
  app.addHook('onRequest', async (req) => {
    req.viewer = PUBLIC;
    const h = req.headers.authorization;
    if (!h) return;
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    if (!m) throw new ApiError('UNAUTHENTICATED', 'use "Authorization: Bearer <token or API key>"');
    const token = m[1]!;
    if (token.startsWith('psk_')) {
      const key = deps.auth.checkApiKey(token);
      if (!key) throw new ApiError('UNAUTHENTICATED', 'unknown or revoked API key');
      req.viewer = { kind: 'system', keyId: key.id, orgId: key.orgId, orgKind: (await deps.queries.orgKind(key.orgId)) ?? 'unknown', scopes: key.scopes };
      return;
    }
    const s = deps.auth.session(token);
    if (!s) throw new ApiError('UNAUTHENTICATED', 'the session expired or is not known; log in again');
    const member = await deps.queries.member(s.memberId);
    if (!member || member.status !== 'active') {
      deps.auth.endSessionsOf(s.memberId);
      throw new ApiError('UNAUTHENTICATED', 'the member is no longer active');
    }
    req.viewer = { kind: 'member', memberId: member.id, orgId: member.orgId, orgKind: (await deps.queries.orgKind(member.orgId)) ?? 'unknown', roles: member.roles };
  });

  app.addHook('preHandler', async (req) => {
    checkAccess(req.routeOptions.config.access ?? 'public', req.viewer);
  });

  app.addHook('onResponse', async (req, reply) => {
    deps.metrics?.observe(req.method, req.routeOptions.url ?? 'unknown', reply.statusCode, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof ApiError) return reply.code(err.status).send(err.body());
    if (hasZodFastifySchemaValidationErrors(err)) {
      const detail = err.validation.map((v) => `${v.instancePath || '(body)'} ${v.message}`).join('; ');
      return reply.code(400).send(new ApiError('VALIDATION', detail).body());
    }
    if (err instanceof QueryError) {
      const code = err.code === 'BAD_CURSOR' ? 'BAD_CURSOR' : err.code === 'FORBIDDEN' ? 'FORBIDDEN' : 'NOT_FOUND';
      return reply.code(new ApiError(code).status).send(new ApiError(code, err.message).body());
    }
    if (err instanceof DocumentError) {
      const map: Record<string, 'TOO_LARGE' | 'UNSUPPORTED_TYPE' | 'VALIDATION' | 'NOT_FOUND'> = { TOO_LARGE: 'TOO_LARGE', TYPE_NOT_ALLOWED: 'UNSUPPORTED_TYPE', TYPE_MISMATCH: 'UNSUPPORTED_TYPE', EMPTY: 'VALIDATION', INVALID_METADATA: 'VALIDATION', NOT_FOUND: 'NOT_FOUND', ERASED: 'NOT_FOUND' };
      const code = map[err.code] ?? 'INTERNAL';
      return reply.code(new ApiError(code).status).send(new ApiError(code, err.message).body());
    }
    if (err instanceof WebhookError) {
      const code = err.code === 'not_found' ? 'NOT_FOUND' : 'VALIDATION';
      return reply.code(new ApiError(code).status).send(new ApiError(code, err.message).body());
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 413 || (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return reply.code(413).send(new ApiError('TOO_LARGE').body());
    if (status === 429) return reply.code(429).send(new ApiError('RATE_LIMITED').body());
    if (status && status >= 400 && status < 500) return reply.code(400).send(new ApiError('VALIDATION', (err as Error).message).body());
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(new ApiError('INTERNAL').body());
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send(new ApiError('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`).body()));

  const q = deps.queries;
  const v1 = '/api/v1';
  const pub = { access: 'public' as Access };
  const member = (scope?: ApiKeyScope) => ({ access: { member: true as const, ...(scope ? { scope } : {}) } as Access });

  // ---- operations ----
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const s = await deps.status();
    const ready = s.nodeHeight !== null && !s.catchingUp;
    return reply.code(ready ? 200 : 503).send({ ready, ...s });
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    if (!deps.metrics) return reply.code(404).send(new ApiError('NOT_FOUND').body());
    return reply.type(deps.metrics.contentType).send(await deps.metrics.text());
  });

  // ---- status ----
  app.get(`${v1}/status`, {
    config: pub,
    schema: {
      tags: ['network'],
      summary: 'Node and indexer status',
      response: { 200: z.object({ chainId: z.string(), nodeHeight: z.number().int().nullable(), indexedHeight: z.number().int(), catchingUp: z.boolean(), appHash: z.string().nullable() }), ...S.errors() },
    },
    handler: async () => {
      const [s, idx] = await Promise.all([deps.status(), q.status()]);
      return { chainId: deps.chainId, nodeHeight: s.nodeHeight, indexedHeight: s.indexedHeight, catchingUp: s.catchingUp, appHash: idx.appHash };
    },
  });

  app.get(`${v1}/network/validators`, {
    config: pub,
    schema: {
      tags: ['network'],
      summary: "Each validator's health: who runs it, its power, and the commits of the last blocks it signed",
      response: {
        200: z.object({
          height: z.number().int(),
          window: z.number().int().meta({ description: 'Blocks looked at' }),
          node: z.object({ moniker: z.string(), catchingUp: z.boolean(), peers: z.number().int(), validatorAddress: z.string() }),
          validators: z.array(
            z.object({
              address: z.string(),
              pubKey: z.string(),
              power: z.number().int(),
              orgId: z.string().nullable(),
              orgName: z.string().nullable(),
              signed: z.number().int(),
              lastSignedHeight: z.number().int().nullable(),
              state: z.enum(['up', 'lagging', 'down']).meta({ description: 'up: signed at least 90 % of the window; lagging: some; down: none' }),
            }),
          ),
        }),
        ...S.errors(503),
      },
    },
    handler: async () => {
      try {
        return await deps.network.health();
      } catch (e) {
        throw new ApiError('NODE_UNAVAILABLE', (e as Error).message);
      }
    },
  });

  // ---- organizations and people ----
  app.get(`${v1}/orgs`, { config: pub, schema: { tags: ['organizations'], summary: 'Organizations on the ledger', response: { 200: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), subKind: z.string().nullable(), status: z.string() })), ...S.errors() } }, handler: () => q.orgs() as never });
  app.get(`${v1}/orgs/:id/members`, {
    config: pub,
    schema: { tags: ['organizations'], summary: "An organization's members (names for members and auditors only)", params: S.IdParam, response: { 200: z.array(z.object({ id: z.string(), orgId: z.string(), name: z.string().nullable(), roles: z.array(z.string()), status: z.string() })), ...S.errors() } },
    handler: (req) => q.members(req.viewer, req.params.id) as never,
  });

  // ---- plans, processes, contracts ----
  app.get(`${v1}/packages`, {
    config: pub,
    schema: { tags: ['processes'], summary: 'RUP packages (procurement plans)', querystring: z.object({ buyer: S.ListQuery.shape.buyer, status: S.ListQuery.shape.status }), response: { 200: z.array(z.record(z.string(), z.unknown())), ...S.errors() } },
    handler: (req) => q.packages(req.query) as never,
  });
  app.get(`${v1}/processes`, {
    config: pub,
    schema: { tags: ['processes'], summary: 'List, filter and search procurement processes', querystring: S.ListQuery, response: { 200: S.page(S.ProcessSummary), ...S.errors() } },
    handler: (req) => q.listProcesses(req.viewer, req.query),
  });
  app.get(`${v1}/processes/:id`, {
    config: pub,
    schema: { tags: ['processes'], summary: 'A process with its bids (as you may see them), contracts, documents and full history', params: S.IdParam, response: { 200: S.ProcessDetail, ...S.errors(404) } },
    handler: (req) => q.process(req.viewer, req.params.id) as never,
  });
  // A tender's clarifications and objections are public text (Ps 50; ledger/modules/tender/README.md)
  // that the indexer does not mirror: read from the node's committed state.
  app.get(`${v1}/processes/:id/questions`, {
    config: pub,
    schema: { tags: ['processes'], summary: "A tender's clarification questions and the Pokja's answers, as the ledger holds them", params: S.IdParam, response: { 200: z.array(S.TenderQuestion), ...S.errors(404, 503) } },
    handler: (req) => ledgerJson(`/tender/questions/${req.params.id}`) as never,
  });
  app.get(`${v1}/processes/:id/objections`, {
    config: pub,
    schema: { tags: ['processes'], summary: "A tender's objections (sanggah and sanggah banding) with their answers, as the ledger holds them", params: S.IdParam, response: { 200: z.array(S.TenderObjection), ...S.errors(404, 503) } },
    handler: (req) => ledgerJson(`/tender/objections/${req.params.id}`) as never,
  });
  app.get(`${v1}/calendar`, {
    config: pub,
    schema: {
      tags: ['network'],
      summary: 'The ledger calendar (decision 0005): ledger time = startMs + (block time − anchorMs) × scale; every deadline is judged by it',
      response: { 200: z.object({ scale: z.number(), anchorMs: z.number(), startMs: z.number() }), ...S.errors(503) },
    },
    handler: () => ledgerJson('/calendar') as never,
  });
  // A key of the public (a complaint filed from a browser without an account) signs with its own
  // nonces, like a member (ledger/modules/complaint/README.md, *Public signers*).
  app.get(`${v1}/public-signers/:publicKey`, {
    config: pub,
    schema: {
      tags: ['ledger'],
      summary: "A public signer's id and transaction nonce, read from the ledger: sign the next public transaction (complaint.file) with `next`",
      params: z.object({ publicKey: z.string().regex(/^[0-9a-f]{64}$/).meta({ description: 'The Ed25519 public key, 32 bytes in lowercase hex' }) }),
      response: { 200: z.object({ id: z.string(), nonce: z.number().int(), next: z.number().int() }), ...S.errors(503) },
    },
    handler: async (req) => {
      const s = (await ledgerJson(`/identity/public-signer/${req.params.publicKey}`)) as { id: string; nonce: number };
      return { id: s.id, nonce: s.nonce, next: s.nonce + 1 };
    },
  });
  app.get(`${v1}/workspace/tenders`, {
    config: member('read'),
    schema: {
      tags: ['processes'],
      summary: 'The tenders you have a part in (as their PPK, on their Pokja, with a seat on the opening committee; the PA or KPA: every tender of the organization), most recent first',
      security: [{ bearer: [] }],
      response: { 200: z.array(S.ProcessSummary.extend({ duties: z.array(z.enum(['ppk', 'pokja', 'committee', 'pa', 'kpa'])) })), ...S.errors(401, 403) },
    },
    handler: (req) => q.tenderDuties(req.viewer) as never,
  });
  app.get(`${v1}/workspace/participations`, {
    config: member('read'),
    schema: {
      tags: ['processes'],
      summary: "The ledger tenders your company registered for (suppliers; others get an empty list), latest registration first, with your bid's state (null: none submitted). Nobody else sees them.",
      security: [{ bearer: [] }],
      response: { 200: z.array(S.ProcessSummary.extend({ registeredHeight: z.number().int(), bid: z.enum(['sealed', 'opened', 'unopenable']).nullable() })), ...S.errors(401, 403) },
    },
    handler: (req) => q.participations(req.viewer) as never,
  });
  /** A module query's JSON from the node: its NOT_FOUND is the API's, an unreachable node a 503. */
  async function ledgerJson(path: string): Promise<unknown> {
    const a = await abciQuery(deps.rpcUrl, path).catch(() => {
      throw new ApiError('NODE_UNAVAILABLE');
    });
    if (a.code === 0) return JSON.parse(Buffer.from(a.value).toString('utf8')) as unknown;
    if (codeName(a.code) === 'NOT_FOUND') throw new ApiError('NOT_FOUND', a.log);
    throw new ApiError('VALIDATION', a.log);
  }
  app.get(`${v1}/contracts`, {
    config: pub,
    schema: { tags: ['contracts'], summary: 'List, filter and search contracts', querystring: S.ListQuery, response: { 200: S.page(S.ContractSummary), ...S.errors() } },
    handler: (req) => q.listContracts(req.viewer, req.query),
  });
  app.get(`${v1}/contracts/:id`, {
    config: pub,
    schema: { tags: ['contracts'], summary: 'A contract: terms, milestones, payment orders with their computation, payments, amendments, documents, full history', params: S.IdParam, response: { 200: S.ContractDetail, ...S.errors(404) } },
    handler: (req) => q.contract(req.viewer, req.params.id) as never,
  });
  app.get(`${v1}/complaints`, {
    config: pub,
    schema: { tags: ['complaints'], summary: 'Complaints (who filed one is shown to auditors and their own organization only)', querystring: z.object({ status: S.ListQuery.shape.status }), response: { 200: z.array(z.record(z.string(), z.unknown())), ...S.errors() } },
    handler: (req) => q.complaints(req.viewer, req.query) as never,
  });
  app.get(`${v1}/sanctions`, { config: pub, schema: { tags: ['complaints'], summary: 'Blacklist cases', response: { 200: z.array(z.record(z.string(), z.unknown())), ...S.errors() } }, handler: () => q.sanctions() as never });
  app.get(`${v1}/tx/:hash`, {
    config: pub,
    schema: { tags: ['ledger'], summary: 'A transaction by hash (refused ones: the signer organization and auditors only)', params: z.object({ hash: z.string().regex(/^[0-9a-fA-F]{64}$/) }), response: { 200: z.record(z.string(), z.unknown()), ...S.errors(404) } },
    handler: (req) => q.tx(req.viewer, req.params.hash) as never,
  });
  app.get(`${v1}/refused`, {
    config: member('read'),
    schema: { tags: ['ledger'], summary: "Refused transactions: your organization's, or all for auditors", security: [{ bearer: [] }], querystring: z.object({ limit: S.ListQuery.shape.limit }), response: { 200: z.array(z.record(z.string(), z.unknown())), ...S.errors(401, 403) } },
    handler: (req) => q.refused(req.viewer, req.query.limit) as never,
  });
  app.get(`${v1}/proof`, {
    config: pub,
    schema: {
      tags: ['ledger'],
      summary: "A record's ledger proof, checked against the header the validators signed",
      querystring: z.object({ key: z.string().min(3).max(300).regex(/^[a-z-]+\/[a-z-]+\/[A-Za-z0-9:_./-]+$/) }),
      response: { 200: z.object({ key: z.string(), height: z.number().int(), value: z.unknown(), proof: z.array(z.string()), verified: z.boolean() }), ...S.errors(404, 503) },
    },
    handler: async (req) => {
      if (!(await q.recordByKey(req.query.key))) throw new ApiError('NOT_FOUND', `no record ${req.query.key}`);
      // Records holding what the caller may not see (decision 0007) are answered as absent.
      if (!(await q.proofVisible(req.viewer, req.query.key))) throw new ApiError('NOT_FOUND', `no record ${req.query.key}`);
      const p = await deps.proof(req.query.key).catch(() => {
        throw new ApiError('NODE_UNAVAILABLE');
      });
      if (!p) throw new ApiError('NOT_FOUND', `no record ${req.query.key}`);
      return p;
    },
  });

  app.get(`${v1}/rulesets`, {
    config: pub,
    schema: { tags: ['processes'], summary: 'The procurement rule-sets the ledger checks (every number with its article): what a form checks before signing', response: { 200: z.array(S.RuleSetBody), ...S.errors() } },
    handler: async () => [...RULESETS.values()].map(ruleSetBody),
  });
  app.get(`${v1}/verifications`, {
    config: member('read'),
    schema: { tags: ['contracts'], summary: 'Milestones claimed complete that wait for your verification (a slot you fit and have not filled)', security: [{ bearer: [] }], response: { 200: z.array(S.VerificationTask), ...S.errors(401, 403) } },
    handler: (req) => q.awaitingVerification(req.viewer) as never,
  });

  // ---- treasury: payment orders out ----
  const ordersQuery = z.object({ status: z.enum(['unpaid', 'part_paid', 'paid']).optional(), buyer: S.ListQuery.shape.buyer, supplier: S.ListQuery.shape.supplier, from: S.ListQuery.shape.from, cursor: S.ListQuery.shape.cursor, limit: z.coerce.number().int().min(1).max(1000).optional() });
  app.get(`${v1}/payment-orders`, {
    config: pub,
    schema: { tags: ['payments'], summary: 'Payment orders the ledger issued, with their computation, for the treasury (JSON, paged)', querystring: ordersQuery, response: { 200: S.page(z.record(z.string(), z.unknown())), ...S.errors() } },
    handler: (req) => q.paymentOrders(req.viewer, req.query) as never,
  });
  app.get(`${v1}/payment-orders.csv`, {
    config: pub,
    schema: { tags: ['payments'], summary: 'The same payment orders as CSV (one page; follow the Link header for the next)', querystring: ordersQuery, response: { 200: { content: { 'text/csv': { schema: z.string() } } }, ...S.errors() } },
    handler: async (req, reply) => {
      const page = await q.paymentOrders(req.viewer, req.query);
      if (page.next) reply.header('link', `<?cursor=${page.next}>; rel="next"`);
      return reply.type('text/csv; charset=utf-8').send(paymentOrdersCsv(page.items as Array<Record<string, unknown>>));
    },
  });

  await registerAccountRoutes(app, deps);

  // ---- authentication ----
  app.post(`${v1}/auth/challenge`, {
    config: pub,
    schema: { tags: ['auth'], summary: 'A one-time challenge to sign with your key', body: S.Challenge, response: { 200: z.object({ challenge: z.string(), expiresAt: z.string(), message: z.string().meta({ description: 'The exact text to sign (UTF-8)' }) }), ...S.errors(404) } },
    handler: async (req) => {
      const m = await q.member(req.body.memberId);
      if (!m || m.status !== 'active') throw new ApiError('NOT_FOUND', 'no active member with that id');
      const c = deps.auth.challenge(m.id);
      return { ...c, message: `prasasti-login-v1\n${deps.chainId}\n${m.id}\n${c.challenge}` };
    },
  });
  app.post(`${v1}/auth/login`, {
    config: pub,
    schema: { tags: ['auth'], summary: 'Log in with the signed challenge', body: S.Login, response: { 200: z.object({ token: z.string(), expiresAt: z.string(), memberId: z.string(), orgId: z.string(), roles: z.array(z.string()) }), ...S.errors(401) } },
    handler: async (req) => {
      const m = await q.member(req.body.memberId);
      if (!m || m.status !== 'active') throw new ApiError('BAD_LOGIN');
      const s = deps.auth.login(deps.chainId, m.id, m.orgId, Buffer.from(m.pubKey, 'hex'), req.body.challenge, Buffer.from(req.body.signature, 'base64'));
      if (!s) throw new ApiError('BAD_LOGIN');
      return { ...s, memberId: m.id, orgId: m.orgId, roles: m.roles };
    },
  });
  app.post(`${v1}/auth/logout`, {
    config: member(),
    schema: { tags: ['auth'], summary: 'End this session', security: [{ bearer: [] }], response: { 200: z.object({ ok: z.boolean() }), ...S.errors(401, 403) } },
    handler: async (req) => {
      const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (token && !token.startsWith('psk_')) deps.auth.logout(token);
      return { ok: true };
    },
  });
  app.get(`${v1}/auth/me`, {
    config: member(),
    schema: { tags: ['auth'], summary: 'Who you are to this gateway: your name, institution (name, kind, auditor kind), roles and session end; or your API key', security: [{ bearer: [] }], response: { 200: z.record(z.string(), z.unknown()), ...S.errors(401, 403) } },
    handler: (req) => whoAmI(deps, req.viewer, req.headers.authorization) as never,
  });

  // ---- API keys (organization admins) ----
  app.post(`${v1}/api-keys`, {
    config: { access: 'org_admin' },
    schema: { tags: ['auth'], summary: 'Create an API key for a system of your organization (shown once)', security: [{ bearer: [] }], body: S.ApiKeyCreate, response: { 200: z.object({ key: z.string(), info: z.record(z.string(), z.unknown()) }), ...S.errors(401, 403) } },
    handler: (req) => {
      const v = req.viewer as Extract<Viewer, { kind: 'member' }>;
      return deps.auth.createApiKey(v.orgId, req.body.name, req.body.scopes, v.memberId) as never;
    },
  });
  app.get(`${v1}/api-keys`, {
    config: { access: 'org_admin' },
    schema: { tags: ['auth'], summary: "Your organization's API keys", security: [{ bearer: [] }], response: { 200: z.array(z.record(z.string(), z.unknown())), ...S.errors(401, 403) } },
    handler: (req) => deps.auth.apiKeys((req.viewer as Extract<Viewer, { kind: 'member' }>).orgId) as never,
  });
  app.delete(`${v1}/api-keys/:id`, {
    config: { access: 'org_admin' },
    schema: { tags: ['auth'], summary: 'Revoke an API key', security: [{ bearer: [] }], params: S.IdParam, response: { 200: z.object({ revoked: z.boolean() }), ...S.errors(401, 403, 404) } },
    handler: (req) => {
      if (!deps.auth.revokeApiKey((req.viewer as Extract<Viewer, { kind: 'member' }>).orgId, req.params.id)) throw new ApiError('NOT_FOUND', 'no live key with that id in your organization');
      return { revoked: true };
    },
  });

  // ---- transaction relay ----
  app.post(`${v1}/tx`, {
    config: pub,
    schema: {
      tags: ['ledger'],
      summary: 'Relay a signed transaction and wait for its commit',
      description: 'The gateway never signs: sign the envelope yourself (the web app and the CLI do). Anyone may relay; the ledger checks the signature, the signer and the rules.',
      body: S.TxSubmit,
      response: { 200: S.TxResult, 422: S.TxResult, ...S.errors(503, 504) },
    },
    handler: async (req, reply) => {
      const bytes = new Uint8Array(Buffer.from(req.body.tx, 'base64'));
      try {
        decodeEnvelope(bytes);
      } catch (e) {
        if (e instanceof LedgerError) throw new ApiError('MALFORMED_TX', e.message);
        throw e;
      }
      try {
        const r = await deps.relay.submit(bytes);
        const body = { hash: r.hash, result: ledgerResult(r.code), log: r.log, height: r.height ?? null, stage: r.stage };
        return reply.code(r.code === 0 ? 200 : 422).send(body);
      } catch (e) {
        if (e instanceof CommitTimeout) throw new ApiError('COMMIT_TIMEOUT', e.hash);
        req.log.warn({ err: e }, 'relay failed');
        throw new ApiError('NODE_UNAVAILABLE');
      }
    },
  });

  // ---- documents ----
  app.post(`${v1}/documents`, {
    config: member('documents'),
    schema: {
      tags: ['documents'],
      summary: 'Upload a document (multipart field "file"; field "visibility": public or restricted). Returns its SHA-256 to anchor on the ledger',
      security: [{ bearer: [] }],
      consumes: ['multipart/form-data'],
      response: { 200: z.record(z.string(), z.unknown()), ...S.errors(401, 403, 413, 415) },
    },
    handler: async (req) => {
      if (!req.isMultipart()) throw new ApiError('VALIDATION', 'send multipart/form-data with a "file" field');
      const file = await uploadedFile(req);
      if (!file) throw new ApiError('VALIDATION', 'no file');
      const visField = file.fields.visibility as { value?: unknown } | undefined;
      const visibility = visField?.value === 'public' ? 'public' : 'restricted';
      const v = req.viewer as Exclude<Viewer, { kind: 'public' }>;
      const doc = await deps.documents.put(file.file, { filename: file.filename, declaredType: file.mimetype, visibility, ownerOrg: v.orgId, uploadedBy: v.kind === 'member' ? v.memberId : `apikey:${v.keyId}` });
      if (file.file.truncated) throw new ApiError('TOO_LARGE');
      return doc as never;
    },
  });
  app.get(`${v1}/documents/:id`, {
    config: pub,
    schema: { tags: ['documents'], summary: 'Download a document (public ones for anyone; restricted for its organization and auditors)', params: S.IdParam, response: { 200: z.any(), ...S.errors(404) } },
    handler: async (req, reply) => {
      const d = deps.documents.get(req.params.id);
      if (!d || d.erasedAt || !(d.visibility === 'public' || seesAll(req.viewer) || (req.viewer.kind !== 'public' && req.viewer.orgId === d.ownerOrg))) throw new ApiError('NOT_FOUND', 'no document with that id');
      reply.header('content-type', d.mediaType).header('x-content-type-options', 'nosniff').header('content-disposition', `attachment; filename="${d.filename.replace(/[^\w.-]/g, '_')}"`).header('x-sha256', d.sha256);
      return reply.send(deps.documents.open(d.id));
    },
  });
  app.delete(`${v1}/documents/:id`, {
    config: member('documents'),
    schema: { tags: ['documents'], summary: "Erase a document for good (its key is destroyed); your organization's documents only", security: [{ bearer: [] }], params: S.IdParam, response: { 200: z.object({ erased: z.boolean() }), ...S.errors(401, 403, 404) } },
    handler: (req) => {
      const d = deps.documents.get(req.params.id);
      const v = req.viewer as Exclude<Viewer, { kind: 'public' }>;
      if (!d || d.erasedAt || d.ownerOrg !== v.orgId) throw new ApiError('NOT_FOUND', 'no document of your organization with that id');
      deps.documents.erase(d.id, v.kind === 'member' ? v.memberId : `apikey:${v.keyId}`);
      return { erased: true };
    },
  });
  const verifyResponse = z
    .object({ sha256: z.string(), anchored: z.boolean(), anchors: z.array(S.AnchorEntry.extend({ subject: z.object({ kind: z.string(), id: z.string() }) })), stored: z.array(z.object({ id: z.string(), visibility: z.string(), erased: z.boolean() })) })
    .meta({ id: 'DocumentVerification' });
  app.get(`${v1}/documents/verify/:sha256`, {
    config: pub,
    schema: { tags: ['documents'], summary: 'Whether, when and by whom a document hash was anchored on the ledger', params: S.Hash, response: { 200: verifyResponse, ...S.errors() } },
    handler: async (req) => verification(req.params.sha256.toLowerCase()),
  });
  app.post(`${v1}/documents/verify`, {
    config: pub,
    schema: { tags: ['documents'], summary: 'Upload any file to learn whether, when and by whom it was anchored (the file is hashed, never kept)', consumes: ['multipart/form-data'], response: { 200: verifyResponse, ...S.errors(413) } },
    handler: async (req) => {
      if (!req.isMultipart()) throw new ApiError('VALIDATION', 'send multipart/form-data with a "file" field');
      const file = await uploadedFile(req);
      if (!file) throw new ApiError('VALIDATION', 'no file');
      const h = createHash('sha256');
      for await (const chunk of file.file) h.update(chunk as Buffer);
      if (file.file.truncated) throw new ApiError('TOO_LARGE');
      return verification(h.digest('hex'));
    },
  });
  async function verification(sha256: string) {
    const anchors = await q.anchorsOfHash(sha256);
    const stored = deps.documents.bySha256(sha256).map((d) => ({ id: d.id, visibility: d.visibility, erased: d.erasedAt !== null }));
    return { sha256, anchored: anchors.length > 0, anchors, stored };
  }

  // ---- events out ----
  app.get(`${v1}/events`, {
    config: pub,
    schema: { tags: ['events'], summary: 'Server-sent events: the ledger events you may see, live; resume with Last-Event-ID', querystring: z.object({ types: z.string().max(500).optional(), lastEventId: z.string().max(20).optional() }), response: { 200: { content: { 'text/event-stream': { schema: z.string() } } }, ...S.errors() } },
    preHandler: async (req) => {
      // Checked here so that a bad resume point is answered in the API's error shape.
      try {
        resumePoint(req.headers['last-event-id'], req.query.lastEventId);
      } catch (e) {
        if (e instanceof LastEventIdError) throw new ApiError('VALIDATION', e.message);
        throw e;
      }
    },
    // Auditors read every event: an empty filter lets all through (events/feed.ts has no wildcard organization).
    handler: sseRoute(deps.hub, (req) => (req.viewer.kind === 'public' ? { publicOnly: true } : seesAll(req.viewer) ? ({} as FeedScope) : { orgs: [req.viewer.orgId] })),
  });
  app.post(`${v1}/webhooks`, {
    config: member('webhooks'),
    schema: { tags: ['events'], summary: 'Subscribe a URL of your organization to ledger events (HMAC-signed deliveries; the secret is shown once)', security: [{ bearer: [] }], body: S.WebhookCreate, response: { 200: z.record(z.string(), z.unknown()), ...S.errors(401, 403) } },
    handler: (req) => deps.webhooks.createSubscription({ orgId: (req.viewer as Exclude<Viewer, { kind: 'public' }>).orgId, url: req.body.url, types: req.body.types }) as never,
  });
  app.get(`${v1}/webhooks`, {
    config: member('webhooks'),
    schema: { tags: ['events'], summary: "Your organization's webhook subscriptions", security: [{ bearer: [] }], response: { 200: z.array(z.record(z.string(), z.unknown())), ...S.errors(401, 403) } },
    handler: (req) => deps.webhooks.listSubscriptions((req.viewer as Exclude<Viewer, { kind: 'public' }>).orgId) as never,
  });
  app.delete(`${v1}/webhooks/:id`, {
    config: member('webhooks'),
    schema: { tags: ['events'], summary: 'Delete a subscription (its delivery log stays)', security: [{ bearer: [] }], params: S.IdParam, response: { 200: z.object({ deleted: z.boolean() }), ...S.errors(401, 403, 404) } },
    handler: (req) => {
      deps.webhooks.deleteSubscription((req.viewer as Exclude<Viewer, { kind: 'public' }>).orgId, req.params.id);
      return { deleted: true };
    },
  });
  app.get(`${v1}/webhooks/:id/deliveries`, {
    config: member('webhooks'),
    schema: { tags: ['events'], summary: 'The delivery log of a subscription, every attempt', security: [{ bearer: [] }], params: S.IdParam, response: { 200: z.array(z.record(z.string(), z.unknown())), ...S.errors(401, 403, 404) } },
    handler: (req) => deps.webhooks.listDeliveries((req.viewer as Exclude<Viewer, { kind: 'public' }>).orgId, req.params.id) as never,
  });

  // ---- OCDS ----
  const ocdsRoute = (kind: 'releasePackage' | 'recordPackage') => async (req: FastifyRequest<{ Params: { id: string } }>) => {
    const p = await deps.ocds[kind](req.params.id);
    if (!p) throw new ApiError('NOT_FOUND', `no process ${req.params.id}`);
    return p;
  };
  app.get(`${v1}/ocds/processes/:id/releases`, { config: pub, schema: { tags: ['ocds'], summary: 'OCDS 1.1 release package of a process', params: S.IdParam, response: { 200: z.record(z.string(), z.unknown()), ...S.errors(404) } }, handler: ocdsRoute('releasePackage') as never });
  app.get(`${v1}/ocds/processes/:id/record`, { config: pub, schema: { tags: ['ocds'], summary: 'OCDS 1.1 record package (releases and the compiled release) of a process', params: S.IdParam, response: { 200: z.record(z.string(), z.unknown()), ...S.errors(404) } }, handler: ocdsRoute('recordPackage') as never });
  app.get(`${v1}/ocds/bulk`, {
    config: pub,
    schema: { tags: ['ocds'], summary: 'Every public process as OCDS compiled releases, one JSON per line', response: { 200: { content: { 'application/x-ndjson': { schema: z.string() } } }, ...S.errors() } },
    handler: async (_req, reply) => {
      const out = new PassThrough();
      reply.type('application/x-ndjson').serializer((x) => x as string);
      void (async () => {
        try {
          for await (const r of deps.ocds.bulk()) out.write(JSON.stringify(r) + '\n');
        } finally {
          out.end();
        }
      })();
      return reply.send(out as never);
    },
  });

  return app;
}

/** The multipart upload's file; a malformed multipart request (no boundary, a bad part header) is the client's error. */
async function uploadedFile(req: FastifyRequest) {
  try {
    return await req.file();
  } catch (e) {
    if (e instanceof Error && (e as { statusCode?: number }).statusCode === undefined) throw new ApiError('VALIDATION', e.message);
    throw e;
  }
}

function identityKey(req: FastifyRequest): string {
  const v = req.viewer;
  if (!v || v.kind === 'public') return `ip:${req.ip}`;
  return v.kind === 'member' ? `member:${v.memberId}` : `key:${v.keyId}`;
}

/** Throws when `viewer` may not call a route with `access`. */
export function checkAccess(access: Access, viewer: Viewer): void {
  if (access === 'public') return;
  if (viewer.kind === 'public') throw new ApiError('UNAUTHENTICATED');
  if (access === 'org_admin') {
    if (viewer.kind !== 'member' || !viewer.roles.includes('org_admin')) throw new ApiError('FORBIDDEN', 'organization admins only');
    return;
  }
  if (access === 'auditor') {
    if (!seesAll(viewer)) throw new ApiError('FORBIDDEN', 'auditors only');
    return;
  }
  if (viewer.kind === 'system' && access.scope && !viewer.scopes.includes(access.scope)) throw new ApiError('FORBIDDEN', `this API key lacks the "${access.scope}" scope`);
}

/** A rule-set as JSON: rupiah as decimal strings, with the contract types each category may use. */
function ruleSetBody(r: RuleSet): z.infer<typeof S.RuleSetBody> {
  const rp = (m: Readonly<Record<Category, bigint>>) => ({ goods: m.goods.toString(), works: m.works.toString(), consultancy: m.consultancy.toString(), other: m.other.toString() });
  const list = (m: Readonly<Record<Category, readonly string[]>>) => ({ goods: [...m.goods], works: [...m.works], consultancy: [...m.consultancy], other: [...m.other] });
  return {
    id: r.id,
    title: r.title,
    pengadaanLangsungMax: rp(r.pengadaanLangsungMax),
    paAwardsAbove: rp(r.paAwardsAbove),
    methodsFor: list(r.methodsFor),
    contractTypesFor: list(TYPES_FOR),
    advanceCapBp: { ...r.advanceCapBp },
    retentionBp: r.retentionBp,
    performanceBondBp: r.performanceBondBp,
    performanceBondLowBidShareBp: r.performanceBondLowBidShareBp,
    performanceBondAbove: r.performanceBondAbove.toString(),
    latePenaltyPerMillePerDay: r.latePenaltyPerMillePerDay,
    latePenaltyCapBp: r.latePenaltyCapBp,
    amendmentCapBp: r.amendmentCapBp,
    maintenanceMinDays: { ...r.maintenanceMinDays },
    articles: { ...r.articles },
  };
}

function paymentOrdersCsv(items: Array<Record<string, unknown>>): string {
  const cols = ['contractId', 'no', 'kind', 'milestoneId', 'grossRupiah', 'advanceRepaymentRupiah', 'retentionRupiah', 'lateDays', 'penaltyDeductedRupiah', 'netRupiah', 'paidRupiah', 'status', 'buyerOrg', 'supplierOrg', 'issuedAt', 'issuedHeight'];
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(','), ...items.map((it) => cols.map((c) => cell(it[c])).join(','))].join('\r\n') + '\r\n';
}
