/**
 * The gateway's OpenAPI document without a network, a node or a database: the same Fastify
 * server (api/server.ts) built over dependencies that refuse to be used, since building the
 * routes never calls them. `npm run gen:api` types the web app's client from it.
 */
import { buildServer, type GatewayDeps } from './server.js';

/** A dependency that throws as soon as anything touches it: the document must not need one. */
function unused(name: string): never {
  return new Proxy(
    {},
    {
      get(_t, prop) {
        if (prop === 'then') return undefined; // not a promise
        throw new Error(`openapi-doc: building the document used deps.${name}.${String(prop)}`);
      },
    },
  ) as never;
}

/** The OpenAPI 3.1 document that /openapi.json serves. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const deps: GatewayDeps = {
    queries: unused('queries'),
    auth: unused('auth'),
    relay: unused('relay'),
    network: unused('network'),
    documents: unused('documents'),
    hub: unused('hub'),
    webhooks: unused('webhooks'),
    chainId: 'openapi-doc',
    rpcUrl: 'http://127.0.0.1:0',
    status: () => unused('status'),
    proof: () => unused('proof'),
    ocds: unused('ocds'),
    logLevel: 'silent',
  };
  const app = await buildServer(deps);
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
