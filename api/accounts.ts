/**
 * The routes for people's accounts that the web app needs besides login: the next transaction
 * nonce of a member (read from the ledger), enrolment requests (kept off-ledger in this gateway's
 * own SQLite, next to its sessions), and the demo switcher (only when the gateway runs in demo
 * mode). Registered by buildServer (server.ts) after its hooks, so `access` works the same here.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { abciQuery } from '../cli/client.js';
import { codeName } from '../ledger/codes.js';
import { ApiError } from './errors.js';
import * as S from './schemas.js';
import type { Access, GatewayDeps } from './server.js';

export async function registerAccountRoutes(app: FastifyInstance, deps: GatewayDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const v1 = '/api/v1';
  const pub = { access: 'public' as Access };

  /** A module query's JSON from the node: NOT_FOUND is the API's, an unreachable node a 503. */
  async function ledgerQuery(path: string): Promise<unknown> {
    const a = await abciQuery(deps.rpcUrl, path).catch(() => {
      throw new ApiError('NODE_UNAVAILABLE');
    });
    if (a.code === 0) return JSON.parse(Buffer.from(a.value).toString('utf8')) as unknown;
    if (codeName(a.code) === 'NOT_FOUND') throw new ApiError('NOT_FOUND', a.log);
    throw new ApiError('VALIDATION', a.log);
  }

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
      const m = (await ledgerQuery(`/identity/member/${req.params.id}`)) as { nonce?: number };
      const nonce = typeof m.nonce === 'number' ? m.nonce : 0;
      return { memberId: req.params.id, nonce, next: nonce + 1 };
    },
  });
}
