/**
 * The gateway's Prometheus metrics, in a registry of their own (one per gateway, so tests and
 * several gateways in one process never share counters): Node's process metrics plus HTTP,
 * indexer, relay and webhook counters. Labels stay few and bounded: the route pattern
 * (`/tenders/:id`), never the raw URL; a fixed set of methods and results.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** What became of a relayed transaction: committed with code 0, refused by CheckTx, included with a failing code, not seen in time, or not submitted. */
export type RelayResult = 'committed' | 'rejected_check' | 'rejected_block' | 'timeout' | 'error';
/** One webhook delivery attempt: a 2xx answer, a failure to be retried, or the last failure. */
export type WebhookResult = 'delivered' | 'retrying' | 'failed';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  /** Last block the indexer has committed to the read models. */
  indexerHeight: Gauge;
  /** Blocks the indexer is behind the chain. */
  indexerLag: Gauge;
  indexerTxs: Counter;
  relayTxs: Counter<'result'>;
  webhookDeliveries: Counter<'result'>;
}

/** A registry with Node's default process metrics and the gateway's own. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route pattern and status code', labelNames: ['method', 'route', 'status'], registers }),
    httpDuration: new Histogram({ name: 'http_request_duration_seconds', help: 'Time to answer an HTTP request, by method and route pattern', labelNames: ['method', 'route'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers }),
    indexerHeight: new Gauge({ name: 'indexer_height', help: 'Last block height committed to the read models', registers }),
    indexerLag: new Gauge({ name: 'indexer_lag_blocks', help: 'Blocks between the chain head and the last indexed block', registers }),
    indexerTxs: new Counter({ name: 'indexer_txs_total', help: 'Transactions indexed', registers }),
    relayTxs: new Counter({ name: 'relay_txs_total', help: 'Signed transactions relayed to CometBFT, by result', labelNames: ['result'], registers }),
    webhookDeliveries: new Counter({ name: 'webhook_deliveries_total', help: 'Webhook delivery attempts, by result', labelNames: ['result'], registers }),
  };
}

/** The registry's metrics in the Prometheus text format (serve with `registry.contentType`). */
export function metricsText(registry: Registry): Promise<string> {
  return registry.metrics();
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** The route label of a request that matched no route (404s): one series, whatever was asked. */
export const UNMATCHED_ROUTE = '(unmatched)';

/** Counts one answered request and its duration; `route` is the pattern the router matched, undefined when none did. */
export function observeHttpRequest(m: Metrics, r: { method: string; route: string | undefined; statusCode: number; seconds: number }): void {
  const method = METHODS.has(r.method.toUpperCase()) ? r.method.toUpperCase() : 'OTHER';
  const route = r.route ?? UNMATCHED_ROUTE;
  m.httpRequests.inc({ method, route, status: String(r.statusCode) });
  m.httpDuration.observe({ method, route }, r.seconds);
}

/** A Fastify `onResponse` hook that feeds observeHttpRequest: `app.addHook('onResponse', httpMetricsHook(m))`. */
export function httpMetricsHook(m: Metrics): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return async (request, reply) => {
    // routeOptions.url is the pattern (/tenders/:id); a request no route matched has none.
    const matched = request.is404 ? undefined : request.routeOptions.url;
    observeHttpRequest(m, { method: request.method, route: matched, statusCode: reply.statusCode, seconds: reply.elapsedTime / 1000 });
  };
}

/** After the indexer commits a block: its height, its transactions, and how far behind `chainHeight` it is. */
export function observeIndexedBlock(m: Metrics, b: { height: number; txs: number; chainHeight: number }): void {
  m.indexerHeight.set(b.height);
  m.indexerLag.set(Math.max(0, b.chainHeight - b.height));
  m.indexerTxs.inc(b.txs);
}
