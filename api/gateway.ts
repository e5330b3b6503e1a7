/**
 * One node's gateway process: the indexer following the node, the read models, the relay, the
 * document store, the event feed and webhooks, and the HTTP server over them. Shuts down
 * gracefully: stops taking requests, ends event streams, lets the indexer finish its block.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { openReadModels, type ReadModels } from '../indexer/db.js';
import { Indexer, latestHeight } from '../indexer/indexer.js';
import { NetworkMonitor } from './network.js';
import { Queries } from '../indexer/queries.js';
import { abciQuery, signedHeader } from '../cli/client.js';
import { verifyStateProof } from '../ledger/store/commitment.js';
import { decodeRecord } from '../ledger/store/records.js';
import { toJson } from '../indexer/project.js';
import { GatewayAuth } from './auth.js';
import { EnrolmentStore } from './enrolment.js';
import { Relay } from './relay.js';
import { DocumentStore } from './documents/store.js';
import { EventHub } from './events/hub.js';
import { WebhookDispatcher } from './events/webhooks.js';
import { OcdsPublisher } from './ocds/from-ledger.js';
import { createMetrics, metricsText, observeHttpRequest, observeIndexedBlock } from './ops/metrics.js';
import { buildServer } from './server.js';
import { registerWeb } from './web-static.js';

export interface GatewayConfig {
  rpcUrl: string;
  /** Folder for the gateway's own files: replica, sessions, documents, webhooks, node key. */
  dataDir: string;
  /** Read models: a SQLite path (default `<dataDir>/read-models.sqlite`) or a postgres:// URL. */
  readModelsUrl?: string;
  host?: string;
  port?: number;
  ocidPrefix?: string;
  publisherName?: string;
  baseUri?: string;
  logLevel?: string;
  /** Allow http:// webhook receivers (local networks and tests). */
  allowHttpWebhooks?: boolean;
  rateLimitPerMinute?: number;
  /**
   * Demo mode: the folder of the demo people's key files. The gateway then lists them and hands out
   * their seeds (/api/v1/demo/…) so the web app can log in as any of them: for demo networks only.
   */
  demoKeysDir?: string | null;
}

export interface Gateway {
  app: FastifyInstance;
  url: string;
  indexer: Indexer;
  readModels: ReadModels;
  /** Resolves when the indexer has reached `height` (or the node's current height). */
  indexedTo(height?: number, timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

/** The node's 32-byte key that wraps document keys and webhook secrets; created on first start (mode 0600). */
function nodeKey(dir: string): Buffer {
  const file = path.join(dir, 'node-key.hex');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  if (key.length !== 32) throw new Error(`${file} must hold 32 bytes as hex`);
  return key;
}

export async function startGateway(cfg: GatewayConfig): Promise<Gateway> {
  fs.mkdirSync(cfg.dataDir, { recursive: true });
  const key = nodeKey(cfg.dataDir);
  const readModels = await openReadModels({ url: cfg.readModelsUrl ?? path.join(cfg.dataDir, 'read-models.sqlite') });
  const metrics = createMetrics();
  const hub = new EventHub({ capacity: 10_000 });
  const webhooks = new WebhookDispatcher({ file: path.join(cfg.dataDir, 'webhooks.sqlite'), secretKey: key, allowHttp: cfg.allowHttpWebhooks ?? false });
  let chainHeight = 0;
  const indexer = await Indexer.open({
    rpcUrl: cfg.rpcUrl,
    dataDir: path.join(cfg.dataDir, 'indexer'),
    readModels,
    ocidPrefix: cfg.ocidPrefix ?? 'ocds-prst01',
    onEvents: (events) => {
      for (const e of events) hub.publish(e);
    },
    onBlock: (height, txs) => observeIndexedBlock(metrics, { height, txs, chainHeight: Math.max(chainHeight, height) }),
  });
  await indexer.catchUp();
  webhooks.attach(hub);
  webhooks.start();
  const following = indexer.follow(250).catch((e: unknown) => {
    console.error(`indexer stopped: ${(e as Error).message}`);
  });
  const queries = new Queries(readModels.db);
  const relay = new Relay(cfg.rpcUrl);
  const documents = DocumentStore.open(path.join(cfg.dataDir, 'documents'), key);
  const auth = new GatewayAuth(path.join(cfg.dataDir, 'gateway.sqlite'));
  const enrolments = new EnrolmentStore(path.join(cfg.dataDir, 'enrolments.sqlite'));
  const genesisChain = (await queries.status()).chainId ?? '';
  const ocds = new OcdsPublisher(readModels.db, queries, { ocidPrefix: cfg.ocidPrefix ?? 'ocds-prst01', publisher: { name: cfg.publisherName ?? 'Prasasti' }, baseUri: cfg.baseUri ?? 'https://prasasti.example.go.id/ocds' });

  const app = await buildServer({
    queries,
    auth,
    relay,
    documents,
    hub,
    webhooks,
    chainId: genesisChain,
    rpcUrl: cfg.rpcUrl,
    logLevel: cfg.logLevel ?? 'info',
    rateLimitPerMinute: cfg.rateLimitPerMinute,
    accounts: { enrolments, demoKeysDir: cfg.demoKeysDir ?? null },
    network: new NetworkMonitor(cfg.rpcUrl, readModels.db),
    async status() {
      const nodeHeight = await latestHeight(cfg.rpcUrl).catch(() => null);
      if (nodeHeight !== null) chainHeight = nodeHeight;
      const indexedHeight = await indexer.height();
      return { nodeHeight, indexedHeight, catchingUp: nodeHeight !== null && nodeHeight - indexedHeight > 2 };
    },
    async proof(k) {
      const keyBytes = new TextEncoder().encode(k);
      const a = await abciQuery(cfg.rpcUrl, '/key', keyBytes, true);
      if (a.code !== 0 || a.value.length === 0) return null;
      // The state root after block H is in the header of block H+1, which the validators signed.
      const header = await signedHeader(cfg.rpcUrl, a.height + 1);
      const appHash = new Uint8Array(Buffer.from(header.signed_header.header.app_hash, 'hex'));
      const verified = await verifyStateProof(appHash, keyBytes, a.value, { nodes: a.proofNodes ?? [] });
      return { key: k, height: a.height, value: JSON.parse(toJson(decodeRecord(a.value))) as unknown, proof: (a.proofNodes ?? []).map((n) => Buffer.from(n).toString('hex')), verified };
    },
    ocds: { releasePackage: (id) => ocds.releasePackage(id), recordPackage: (id) => ocds.recordPackage(id), bulk: () => ocds.bulk() },
    metrics: { text: () => metricsText(metrics.registry), contentType: metrics.registry.contentType, observe: (method, route, status, seconds) => observeHttpRequest(metrics, { method, route, statusCode: status, seconds }) },
  });
  app.addHook('preClose', async () => hub.close());
  await registerWeb(app); // the web app (web/dist), when built; the API alone otherwise
  const address = await app.listen({ host: cfg.host ?? '127.0.0.1', port: cfg.port ?? 8080 });

  return {
    app,
    url: address,
    indexer,
    readModels,
    async indexedTo(height, timeoutMs = 60_000) {
      const target = height ?? (await latestHeight(cfg.rpcUrl));
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const h = await indexer.height();
        if (h >= target) return h;
        if (Date.now() > deadline) throw new Error(`indexer at ${h}, not ${target}, after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      await app.close();
      indexer.stop();
      await following;
      relay.close();
      await webhooks.close();
      indexer.close();
      documents.close();
      auth.close();
      enrolments.close();
      await readModels.close();
    },
  };
}
