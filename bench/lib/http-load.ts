/**
 * The read benchmark's load generator, run as its own Node process (bench/api-read.ts spawns it)
 * so that the requests it makes cost the server process nothing: `connections` keep-alive
 * connections, each sending its next request as soon as the last answered (closed loop), for a
 * warm-up and then a fixed measured window. The request mix is drawn from a seeded PRNG over the
 * generated world's vocabulary, so two runs send the same sequence.
 *
 *   node --import tsx bench/lib/http-load.ts '<json LoadSpec>'   → prints one JSON LoadResult
 */
import http from 'node:http';
import { Rng } from './read-model-data.js';

export interface LoadSpec {
  url: string;
  connections: number;
  warmupS: number;
  measureS: number;
  seed: number;
  contracts: number;
  /**
   * Requests per second offered on a fixed schedule (open loop), whatever the answers' speed; each
   * latency counts from the request's scheduled time, so a request queued behind slow ones (on the
   * client's `connections` sockets or in the server) is charged its wait. Absent: closed loop,
   * each connection sending its next request when the last is answered (the server's saturation).
   */
  rate?: number;
  /** Share of detail requests; the rest are list/search requests. */
  detailShare: number;
  /** Buyer ids, most active first (the generator's skew). */
  buyers: string[];
  statuses: string[];
  /** Searches as people type them: common words, rare names, prefixes, two-word phrases. */
  queries: { common: string[]; rare: string[] };
}

export interface KindResult {
  requests: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers with no items (searches that found nothing), for the realism of the mix. */
  empty: number;
}
export interface LoadResult {
  seconds: number;
  reqPerS: number;
  search: KindResult;
  detail: KindResult;
  /** The slowest search URLs seen (path and ms), to EXPLAIN. */
  slowest: Array<{ path: string; ms: number }>;
}

type Kind = 'search' | 'detail';

/** The next request: a contract page by id, or a list with a search and filters as the web app sends them. */
export function nextRequest(rng: Rng, s: LoadSpec): { kind: Kind; path: string } {
  if (rng.next() < s.detailShare) return { kind: 'detail', path: `/api/v1/contracts/kontrak-${String(1 + rng.int(s.contracts)).padStart(7, '0')}` };
  const p = new URLSearchParams();
  const r = rng.next();
  if (r < 0.35) p.set('q', rng.pick(s.queries.common));
  else if (r < 0.65) p.set('q', rng.pick(s.queries.rare));
  else if (r < 0.8) p.set('q', `${rng.pick(s.queries.common)} ${rng.pick(s.queries.rare)}`);
  // else: no words, filters only (a buyer's or status's list page)
  if (rng.next() < 0.4) p.set('buyer', s.buyers[rng.skewed(s.buyers.length)]!);
  if (rng.next() < 0.3) p.set('status', rng.pick(s.statuses));
  const sort = rng.next();
  if (sort < 0.25) p.set('sort', 'value_desc');
  else if (sort < 0.3) p.set('sort', 'value_asc');
  return { kind: 'search', path: `/api/v1/contracts?${p.toString()}` };
}

function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 100) / 100;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2]!) as LoadSpec;
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const base = new URL(spec.url);
  const get = (path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.get({ host: base.hostname, port: base.port, path, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  const lat: Record<Kind, number[]> = { search: [], detail: [] };
  const errors: Record<Kind, number> = { search: 0, detail: 0 };
  const empty: Record<Kind, number> = { search: 0, detail: 0 };
  const slow: Array<{ path: string; ms: number }> = [];
  const t0 = performance.now();
  const measureFrom = t0 + spec.warmupS * 1000;
  const end = measureFrom + spec.measureS * 1000;
  let firstError = '';
  /** One request, timed from `start` (when it was sent, or when it was due). */
  const one = async (kind: Kind, path: string, start: number) => {
    let ok = false;
    let none = false;
    try {
      const r = await get(path);
      ok = r.status === 200;
      if (!ok && !firstError) firstError = `${r.status} ${path} ${r.body.slice(0, 200)}`;
      none = kind === 'search' && r.body.startsWith('{"items":[]');
    } catch (e) {
      if (!firstError) firstError = `${path}: ${(e as Error).message}`;
    }
    const done = performance.now();
    if (start < measureFrom || start >= end) return;
    const ms = done - start;
    if (!ok) errors[kind]++;
    else lat[kind].push(ms);
    if (none) empty[kind]++;
    if (kind === 'search' && ms > 50 && slow.length < 2000) slow.push({ path, ms: Math.round(ms) });
  };
  if (spec.rate) {
    // Open loop: request i is due at t0 + i / rate; requests past their time are sent at once.
    const rng = new Rng(spec.seed * 1000);
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; ; i++) {
      const due = t0 + (i * 1000) / spec.rate;
      if (due >= end) break;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const { kind, path } = nextRequest(rng, spec);
      const p = one(kind, path, due).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
  } else {
    await Promise.all(
      Array.from({ length: spec.connections }, async (_, c) => {
        const rng = new Rng(spec.seed * 1000 + c);
        for (;;) {
          const start = performance.now();
          if (start >= end) return;
          const { kind, path } = nextRequest(rng, spec);
          await one(kind, path, start);
        }
      }),
    );
  }
  agent.destroy();
  const kind = (k: Kind): KindResult => {
    const s = lat[k].sort((a, b) => a - b);
    return { requests: s.length + errors[k], errors: errors[k], p50Ms: percentile(s, 0.5), p95Ms: percentile(s, 0.95), p99Ms: percentile(s, 0.99), maxMs: percentile(s, 1), empty: empty[k] };
  };
  const search = kind('search');
  const detail = kind('detail');
  const result: LoadResult & { firstError?: string } = {
    seconds: spec.measureS,
    reqPerS: Math.round(((search.requests + detail.requests) / spec.measureS) * 10) / 10,
    search,
    detail,
    slowest: slow.sort((a, b) => b.ms - a.ms).slice(0, 15),
    ...(firstError ? { firstError } : {}),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
