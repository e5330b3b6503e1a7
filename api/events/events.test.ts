// Events out: the hub and its replay buffer, SSE through a real Fastify server read by a real
// HTTP client, and webhooks POSTed to real local receivers.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { matchesFilter, type FeedEvent, type FeedFilter } from './feed.js';
import { EventHub, sseRoute } from './hub.js';
import { DEFAULT_RETRY_DELAYS_MS, WebhookDispatcher, WebhookError, signPayload, verifySignature, type Clock, type Timers, type WebhookOptions } from './webhooks.js';

const ORG_KOTA = 'pemkot-bandung';
const ORG_BPKP = 'bpkp-jabar';
const ORG_SUPPLIER = 'cv-maju-jaya';

function feedEvent(seq: number, fields: Partial<FeedEvent> = {}): FeedEvent {
  return {
    seq,
    height: 100 + seq,
    txIndex: 0,
    txHash: seq.toString(16).padStart(64, '0'),
    time: new Date(Date.UTC(2025, 0, 1) + seq * 1000).toISOString(),
    type: 'tender.awarded',
    attributes: { tenderId: `T-${seq}` },
    orgs: [ORG_KOTA],
    public: true,
    ...fields,
  };
}

const paymentOrder = (seq: number, orgs: string[]) =>
  feedEvent(seq, { type: 'execution.payment_order_issued', public: false, orgs, attributes: { contractId: 'K-1', orderId: `PO-${seq}`, amountRupiah: '125000000' } });

async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = probe();
    if (got !== undefined && got !== false) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const tmp = mkdtempSync(path.join(tmpdir(), 'prasasti-events-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let fileCounter = 0;
const freshFile = () => path.join(tmp, `webhooks-${++fileCounter}.sqlite`);

// ---------------------------------------------------------------------------------------------
describe('event hub', () => {
  test('filters by type, organization and publicness', () => {
    const privateToKota = paymentOrder(1, [ORG_KOTA, ORG_SUPPLIER]);
    const publicAward = feedEvent(2);
    const cases: { name: string; filter: FeedFilter; event: FeedEvent; want: boolean }[] = [
      { name: 'empty filter takes all', filter: {}, event: privateToKota, want: true },
      { name: 'exact type', filter: { types: ['tender.awarded'] }, event: publicAward, want: true },
      { name: 'other type', filter: { types: ['contract.signed'] }, event: publicAward, want: false },
      { name: 'module prefix', filter: { types: ['execution.*'] }, event: privateToKota, want: true },
      { name: 'prefix is per module', filter: { types: ['exec.*'] }, event: privateToKota, want: false },
      { name: 'star', filter: { types: ['*'] }, event: privateToKota, want: true },
      { name: 'concerned org sees private', filter: { orgs: [ORG_SUPPLIER] }, event: privateToKota, want: true },
      { name: 'other org does not see private', filter: { orgs: [ORG_BPKP] }, event: privateToKota, want: false },
      { name: 'other org sees public', filter: { orgs: [ORG_BPKP] }, event: publicAward, want: true },
      { name: 'public only refuses private', filter: { publicOnly: true }, event: privateToKota, want: false },
      { name: 'public only takes public', filter: { publicOnly: true }, event: publicAward, want: true },
    ];
    for (const c of cases) assert.equal(matchesFilter(c.event, c.filter), c.want, `${c.name}: got ${!c.want}, want ${c.want}`);
  });

  test('replays the buffer after a seq, and names the gap once events have left it', () => {
    const hub = new EventHub({ capacity: 3 });
    for (let seq = 1; seq <= 5; seq++) hub.publish(feedEvent(seq));
    const seqs = (s: { backlog: FeedEvent[] }) => s.backlog.map((e) => e.seq);

    const caughtUp = hub.subscribe({}, () => {}, { afterSeq: 3 });
    assert.deepEqual(seqs(caughtUp), [4, 5]);
    assert.equal(caughtUp.gap, null);

    const behind = hub.subscribe({}, () => {}, { afterSeq: 1 });
    assert.deepEqual(behind.gap, { afterSeq: 1, missedThroughSeq: 2 }, 'events 2 left the buffer');
    assert.deepEqual(seqs(behind), [3, 4, 5]);

    const live = hub.subscribe({}, () => {});
    assert.deepEqual(seqs(live), [], 'no afterSeq: live events only');
    assert.equal(hub.subscriberCount, 3);
    for (const s of [caughtUp, behind, live]) s.unsubscribe();
    assert.equal(hub.subscriberCount, 0);

    assert.throws(() => hub.publish(feedEvent(5)), RangeError, 'a repeated seq is refused');
  });

  test('a hub started mid-feed cannot replay what came before it', () => {
    const hub = new EventHub();
    hub.publish(feedEvent(100));
    assert.deepEqual(hub.subscribe({}, () => {}, { afterSeq: 50 }).gap, { afterSeq: 50, missedThroughSeq: 99 });
    assert.equal(hub.subscribe({}, () => {}, { afterSeq: 99 }).gap, null);
  });

  test('a throwing subscriber is dropped and told why; the others still receive', () => {
    const hub = new EventHub();
    const received: number[] = [];
    let closedWith: unknown;
    hub.subscribe({}, () => { throw new Error('boom'); }, { onClose: (e) => { closedWith = e; } });
    hub.subscribe({}, (e) => received.push(e.seq));
    hub.publish(feedEvent(1));
    hub.publish(feedEvent(2));
    assert.deepEqual(received, [1, 2]);
    assert.equal((closedWith as Error).message, 'boom');
    assert.equal(hub.subscriberCount, 1);
  });
});

// ---------------------------------------------------------------------------------------------
interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

/** A real HTTP client reading an SSE stream and parsing it as EventSource would. */
function openSse(url: string, headers: Record<string, string> = {}) {
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  let retry: number | undefined;
  let ended = false;
  let status = 0;
  let contentType = '';
  let buffer = '';
  const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
    status = res.statusCode ?? 0;
    contentType = String(res.headers['content-type']);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message: SseMessage = { data: '' };
        let hasData = false;
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) {
            comments.push(line.slice(1).trim());
            continue;
          }
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') message.id = value;
          else if (field === 'event') message.event = value;
          else if (field === 'retry') retry = Number(value);
          else if (field === 'data') {
            message.data = hasData ? `${message.data}\n${value}` : value;
            hasData = true;
          }
        }
        if (hasData) messages.push(message);
      }
    });
    res.on('end', () => (ended = true));
    res.on('close', () => (ended = true));
  });
  request.on('error', () => (ended = true));
  return {
    messages,
    comments,
    get retry() {
      return retry;
    },
    get ended() {
      return ended;
    },
    get status() {
      return status;
    },
    get contentType() {
      return contentType;
    },
    events: () => messages.filter((m) => m.event !== 'gap').map((m) => JSON.parse(m.data) as FeedEvent),
    close: () => request.destroy(),
  };
}

describe('SSE', () => {
  test('streams scoped events with id, event and JSON data, heartbeats, and resumes after Last-Event-ID', async () => {
    const hub = new EventHub({ capacity: 5 });
    const app = Fastify();
    // Stand-in for authentication: the caller's institution from a header, else the public.
    app.get('/events', sseRoute(hub, (request) => (typeof request.headers['x-org'] === 'string' ? { orgs: [request.headers['x-org']] } : { publicOnly: true }), { heartbeatMs: 50, retryMs: 1500 }));
    app.addHook('preClose', async () => hub.close());
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/events`;
    try {
      const kota = openSse(base, { 'x-org': ORG_KOTA });
      const anonymous = openSse(base);
      await until(() => hub.subscriberCount === 2, 'both clients subscribed');
      assert.equal(kota.status, 200);
      assert.match(kota.contentType, /^text\/event-stream/);
      assert.equal(kota.retry, 1500);

      hub.publish(feedEvent(1)); // public award
      hub.publish(paymentOrder(2, [ORG_BPKP])); // not the city's
      hub.publish(paymentOrder(3, [ORG_KOTA, ORG_SUPPLIER]));
      hub.publish(feedEvent(4, { type: 'contract.signed', attributes: { contractId: 'K-1', note: 'line one\nline two' } }));
      await until(() => kota.messages.length === 3, 'three events for the city');
      assert.deepEqual(kota.messages.map((m) => [m.id, m.event]), [['1', 'tender.awarded'], ['3', 'execution.payment_order_issued'], ['4', 'contract.signed']]);
      assert.deepEqual(kota.events()[1], paymentOrder(3, [ORG_KOTA, ORG_SUPPLIER]), 'data is the event as JSON');
      assert.equal(kota.events()[2]!.attributes.note, 'line one\nline two', 'a newline in an attribute survives the framing');
      await until(() => anonymous.messages.length === 2, 'the public events');
      assert.deepEqual(anonymous.messages.map((m) => m.id), ['1', '4'], 'the public sees public events only');
      await until(() => kota.comments.includes('heartbeat'), 'a heartbeat comment');

      // The client goes away: its subscription and heartbeat go with it.
      kota.close();
      anonymous.close();
      await until(() => hub.subscriberCount === 0, 'subscriptions released after disconnect');

      hub.publish(paymentOrder(5, [ORG_KOTA]));
      hub.publish(feedEvent(6, { type: 'contract.signed' }));
      const resumed = openSse(base, { 'x-org': ORG_KOTA, 'last-event-id': '4' });
      await until(() => resumed.messages.length === 2, 'the missed events');
      assert.deepEqual(resumed.messages.map((m) => m.id), ['5', '6']);
      hub.publish(feedEvent(7));
      await until(() => resumed.messages.length === 3, 'then live events');
      assert.equal(resumed.messages[2]!.id, '7');

      // Type narrowing by query, with the same resumption.
      const contractsOnly = openSse(`${base}?types=contract.*`, { 'x-org': ORG_KOTA, 'last-event-id': '4' });
      await until(() => contractsOnly.messages.length === 1, 'contract events only');
      assert.equal(contractsOnly.messages[0]!.id, '6');

      // Too far behind: the buffer (5 events) holds 3..7, so 2 is lost to a client at 1.
      const late = openSse(base, { 'x-org': ORG_KOTA, 'last-event-id': '1' });
      await until(() => late.messages.length === 6, 'gap then the buffer');
      assert.equal(late.messages[0]!.event, 'gap');
      assert.equal(late.messages[0]!.id, undefined, 'the gap frame moves no Last-Event-ID');
      assert.deepEqual(JSON.parse(late.messages[0]!.data), { afterSeq: 1, missedThroughSeq: 2 });
      assert.deepEqual(late.messages.slice(1).map((m) => m.id), ['3', '4', '5', '6', '7']);

      // A resumption point that is no seq is refused with a code.
      const bad = await fetch(base, { headers: { 'last-event-id': 'yesterday' } });
      assert.equal(bad.status, 400);
      assert.equal(((await bad.json()) as { code: string }).code, 'invalid_last_event_id');

      // Shutting the server down ends the open streams instead of hanging on them.
      await app.close();
      await until(() => resumed.ended && contractsOnly.ended && late.ended, 'streams ended by shutdown');
      assert.equal(hub.subscriberCount, 0);
    } finally {
      await app.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------
interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

/** A real local HTTP receiver; `answer` gives the status for the n-th request (0-based), or 'hang'. */
async function startReceiver(answer: (n: number, req: ReceivedRequest) => number | 'hang' = () => 200) {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { headers: req.headers, body: Buffer.concat(chunks), at: Date.now() };
      requests.push(received);
      const status = answer(requests.length - 1, received);
      if (status === 'hang') return;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/prasasti`;
  return {
    url,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A clock and a timer queue that move only when the test says so. */
class ManualTime implements Clock, Timers {
  private t = Date.UTC(2025, 6, 1, 8, 0, 0);
  private queue: { at: number; run: () => void }[] = [];
  now(): number {
    return this.t;
  }
  setTimeout(run: () => void, ms: number): unknown {
    const timer = { at: this.t + ms, run };
    this.queue.push(timer);
    return timer;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t !== handle);
  }
  get pending(): number {
    return this.queue.length;
  }
  /** When the earliest timer is due. */
  get nextAt(): number | undefined {
    return Math.min(...this.queue.map((t) => t.at));
  }
  /** Jumps to the earliest timer and runs it. */
  fireNext(): void {
    this.queue.sort((a, b) => a.at - b.at);
    const next = this.queue.shift();
    if (!next) throw new Error('no timer pending');
    this.t = Math.max(this.t, next.at);
    next.run();
  }
}

const secretKey = randomBytes(32);
const dispatcher = (options: Partial<WebhookOptions> = {}) => new WebhookDispatcher({ file: freshFile(), secretKey, allowHttp: true, onError: (e) => assert.fail(String(e)), ...options });

describe('webhooks', () => {
  test('the signature verifies over the exact body, and a tampered body, another secret or an old timestamp does not', () => {
    const secret = 'whsec_test';
    const body = JSON.stringify({ id: 'whdel_1', type: 'execution.payment_order_issued', seq: 7 });
    const now = Date.UTC(2025, 6, 1, 8, 0, 0);
    const t = now / 1000;
    const header = signPayload(secret, body, t);
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
    const cases: { name: string; secret: string; header: string; body: string | Buffer; nowMs: number; want: boolean }[] = [
      { name: 'as sent', secret, header, body, nowMs: now, want: true },
      { name: 'as raw bytes', secret, header, body: Buffer.from(body), nowMs: now, want: true },
      { name: 'within tolerance', secret, header, body, nowMs: now + 299_000, want: true },
      { name: 'tampered body', secret, header, body: body.replace('"seq":7', '"seq":8'), nowMs: now, want: false },
      { name: 'other secret', secret: 'whsec_other', header, body, nowMs: now, want: false },
      { name: 'replayed later', secret, header, body, nowMs: now + 301_000, want: false },
      { name: 'timestamp changed', secret, header: header.replace(`t=${t}`, `t=${t + 1}`), body, nowMs: now, want: false },
      { name: 'rotated secret among several', secret, header: `${signPayload('whsec_old', body, t)},v1=${header.split('v1=')[1]}`, body, nowMs: now, want: true },
      { name: 'no signature', secret, header: `t=${t}`, body, nowMs: now, want: false },
      { name: 'garbage', secret, header: 'hello', body, nowMs: now, want: false },
    ];
    for (const c of cases) assert.equal(verifySignature(c.secret, c.header, c.body, 300, c.nowMs), c.want, `${c.name}: got ${!c.want}, want ${c.want}`);
  });

  test('a real delivery carries the headers and a signature the receiver verifies with the secret it was given', async () => {
    const receiver = await startReceiver();
    const file = freshFile();
    const webhooks = dispatcher({ file });
    try {
      const { subscription, secret } = webhooks.createSubscription({ orgId: ORG_KOTA, url: receiver.url, types: ['execution.payment_order_issued'] });
      assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);
      assert.equal(JSON.stringify(webhooks.listSubscriptions(ORG_KOTA)).includes(secret), false, 'the secret is never listed');
      webhooks.start();
      const event = paymentOrder(12, [ORG_KOTA, ORG_SUPPLIER]);
      assert.equal(webhooks.enqueue(event), 1);
      const got = await until(() => receiver.requests[0], 'the delivery');
      const body = JSON.parse(got.body.toString()) as Record<string, unknown>;
      assert.deepEqual(body, { id: got.headers['prasasti-delivery'], type: event.type, seq: 12, height: event.height, txHash: event.txHash, time: event.time, attributes: event.attributes });
      assert.equal(got.headers['prasasti-event'], 'execution.payment_order_issued');
      assert.equal(got.headers['content-type'], 'application/json');
      const signature = String(got.headers['prasasti-signature']);
      assert.equal(verifySignature(secret, signature, got.body, 300), true, 'verifies');
      const tampered = Buffer.from(got.body.toString().replace('125000000', '925000000'));
      assert.equal(verifySignature(secret, signature, tampered, 300), false, 'a tampered body does not');
      const delivery = await until(() => webhooks.listDeliveries(ORG_KOTA, subscription.id).find((d) => d.status === 'delivered'), 'delivered in the log');
      assert.equal(delivery.id, body.id);
      assert.equal(delivery.attempts.length, 1);
      assert.equal(delivery.attempts[0]!.statusCode, 200);

      // The secret is encrypted at rest: the SQLite file never holds it in clear.
      for (const f of [file, `${file}-wal`]) if (existsSync(f)) assert.equal(readFileSync(f).includes(secret), false, `${path.basename(f)} holds the secret`);
      assert.equal(webhooks.enqueue(event), 0, 'the same event is queued once per subscription');
    } finally {
      await webhooks.close();
      await receiver.close();
    }
  });

  test('a receiver answering 500, 500, then 200 gets three attempts with growing delays, all logged', async () => {
    const receiver = await startReceiver((n) => (n < 2 ? 500 : 200));
    const webhooks = dispatcher({ retryDelaysMs: [150, 450] });
    try {
      const { subscription } = webhooks.createSubscription({ orgId: ORG_KOTA, url: receiver.url, types: ['execution.*'] });
      webhooks.start();
      webhooks.enqueue(paymentOrder(3, [ORG_KOTA]));
      const delivery = await until(() => webhooks.listDeliveries(ORG_KOTA, subscription.id).find((d) => d.status === 'delivered'), 'delivered after retries');
      assert.deepEqual(delivery.attempts.map((a) => [a.attempt, a.statusCode, a.error]), [[1, 500, null], [2, 500, null], [3, 200, null]]);
      const started = delivery.attempts.map((a) => Date.parse(a.startedAt));
      const gaps = [started[1]! - started[0]!, started[2]! - started[1]!];
      assert.ok(gaps[0]! >= 150 && gaps[1]! >= 450 && gaps[1]! > gaps[0]!, `delays grow: got ${gaps}`);
      assert.ok(delivery.attempts.every((a) => a.durationMs >= 0));
      assert.equal(new Set(receiver.requests.map((r) => r.headers['prasasti-delivery'])).size, 1, 'every retry is the same delivery');
      assert.equal(new Set(receiver.requests.map((r) => r.body.toString())).size, 1, 'with the same body');
      assert.equal(delivery.nextAttemptAt, null);
      assert.ok(delivery.finishedAt !== null);
    } finally {
      await webhooks.close();
      await receiver.close();
    }
  });

  test('an unreachable receiver ends failed after the last attempt, on the default schedule', async () => {
    const gone = await startReceiver();
    await gone.close(); // nothing listens on this port any more
    const time = new ManualTime();
    const webhooks = dispatcher({ clock: time, timers: time, maxAttempts: 4 });
    try {
      const { subscription } = webhooks.createSubscription({ orgId: ORG_KOTA, url: gone.url, types: ['*'] });
      webhooks.start();
      webhooks.enqueue(paymentOrder(9, [ORG_KOTA]));
      const current = () => webhooks.listDeliveries(ORG_KOTA, subscription.id)[0]!;
      for (let n = 1; n < 4; n++) {
        const logged = await until(() => current().attempts.length === n && current(), `attempt ${n} logged`);
        // Not the lease of the attempt in flight: the retry's own timer.
        await until(() => time.pending === 1 && time.nextAt === Date.parse(logged.nextAttemptAt!), `retry ${n} scheduled`);
        time.fireNext();
      }
      const [delivery] = await until(() => {
        const ds = webhooks.listDeliveries(ORG_KOTA, subscription.id, { status: 'failed' });
        return ds.length === 1 && ds;
      }, 'failed');
      assert.equal(delivery!.attempts.length, 4);
      assert.ok(delivery!.attempts.every((a) => a.statusCode === null && a.error === 'ECONNREFUSED'), JSON.stringify(delivery!.attempts));
      const started = delivery!.attempts.map((a) => Date.parse(a.startedAt));
      assert.deepEqual(started.slice(1).map((s, i) => s - started[i]!), DEFAULT_RETRY_DELAYS_MS.slice(0, 3), '5 s, 30 s, 2 min');
      assert.equal(time.pending, 0, 'nothing left to schedule');
    } finally {
      await webhooks.close();
    }
  });

  test('a receiver that does not answer within the timeout counts as a failed attempt', async () => {
    const receiver = await startReceiver(() => 'hang');
    const webhooks = dispatcher({ timeoutMs: 200, maxAttempts: 1 });
    try {
      const { subscription } = webhooks.createSubscription({ orgId: ORG_KOTA, url: receiver.url, types: ['*'] });
      webhooks.start();
      webhooks.enqueue(feedEvent(1));
      const [delivery] = await until(() => {
        const ds = webhooks.listDeliveries(ORG_KOTA, subscription.id, { status: 'failed' });
        return ds.length === 1 && ds;
      }, 'failed by timeout');
      assert.equal(delivery!.attempts[0]!.error, 'timeout after 200 ms');
      assert.ok(delivery!.attempts[0]!.durationMs >= 190);
    } finally {
      await webhooks.close();
      await receiver.close();
    }
  });

  test('pending deliveries survive a restart and are delivered by the next process', async () => {
    let up = false;
    const receiver = await startReceiver(() => (up ? 200 : 503));
    const file = freshFile();
    const first = new WebhookDispatcher({ file, secretKey, allowHttp: true, retryDelaysMs: [300] });
    const { subscription } = first.createSubscription({ orgId: ORG_KOTA, url: receiver.url, types: ['execution.*'] });
    first.start();
    first.enqueue(paymentOrder(20, [ORG_KOTA]));
    await until(() => first.listDeliveries(ORG_KOTA, subscription.id)[0]!.attempts.length === 1, 'a first, failed attempt');
    await first.close();

    // Queued while no dispatcher was delivering.
    const offline = new WebhookDispatcher({ file, secretKey, allowHttp: true });
    offline.enqueue(paymentOrder(21, [ORG_KOTA]));
    await offline.close();

    up = true;
    const second = new WebhookDispatcher({ file, secretKey, allowHttp: true, retryDelaysMs: [300] });
    try {
      assert.equal(second.lastEnqueuedSeq(), 21, 'the feed cursor survives too');
      second.start();
      const deliveries = await until(() => {
        const ds = second.listDeliveries(ORG_KOTA, subscription.id);
        return ds.every((d) => d.status === 'delivered') && ds;
      }, 'both delivered after the restart');
      assert.deepEqual(deliveries.map((d) => [d.seq, d.attempts.map((a) => a.statusCode)]), [[21, [200]], [20, [503, 200]]]);
    } finally {
      await second.close();
      await receiver.close();
    }
  });

  test('an organization receives only the events it may see, and manages only its own subscriptions', async () => {
    const kotaReceiver = await startReceiver();
    const bpkpReceiver = await startReceiver();
    const webhooks = dispatcher();
    try {
      const kota = webhooks.createSubscription({ orgId: ORG_KOTA, url: kotaReceiver.url, types: ['*'] });
      const bpkp = webhooks.createSubscription({ orgId: ORG_BPKP, url: bpkpReceiver.url, types: ['execution.*', 'contract.signed'] });
      webhooks.start();
      webhooks.enqueue(feedEvent(1)); // public award: kota only (bpkp did not ask for tender events)
      webhooks.enqueue(paymentOrder(2, [ORG_KOTA, ORG_SUPPLIER])); // private to the city
      webhooks.enqueue(paymentOrder(3, [ORG_BPKP])); // private to BPKP
      webhooks.enqueue(feedEvent(4, { type: 'contract.signed' })); // public: both
      webhooks.enqueue(paymentOrder(5, [ORG_SUPPLIER])); // neither
      const seqsAt = (r: { requests: ReceivedRequest[] }) => r.requests.map((q) => (JSON.parse(q.body.toString()) as { seq: number }).seq).sort((a, b) => a - b);
      await until(() => kotaReceiver.requests.length === 3 && bpkpReceiver.requests.length === 2, 'the visible deliveries');
      assert.deepEqual(seqsAt(kotaReceiver), [1, 2, 4]);
      assert.deepEqual(seqsAt(bpkpReceiver), [3, 4]);

      assert.deepEqual(webhooks.listSubscriptions(ORG_KOTA).map((s) => s.id), [kota.subscription.id]);
      assert.throws(() => webhooks.getSubscription(ORG_BPKP, kota.subscription.id), (e: unknown) => e instanceof WebhookError && e.code === 'not_found');
      assert.throws(() => webhooks.listDeliveries(ORG_BPKP, kota.subscription.id), (e: unknown) => e instanceof WebhookError && e.code === 'not_found');
      assert.throws(() => webhooks.deleteSubscription(ORG_BPKP, kota.subscription.id), (e: unknown) => e instanceof WebhookError && e.code === 'not_found');

      // Paused, then deleted: nothing more arrives.
      webhooks.setActive(ORG_BPKP, bpkp.subscription.id, false);
      assert.equal(webhooks.enqueue(paymentOrder(6, [ORG_BPKP])), 0);
      webhooks.deleteSubscription(ORG_BPKP, bpkp.subscription.id);
      assert.deepEqual(webhooks.listSubscriptions(ORG_BPKP), []);
    } finally {
      await webhooks.close();
      await kotaReceiver.close();
      await bpkpReceiver.close();
    }
  });

  test('subscriptions are validated with stable codes', async () => {
    const strict = new WebhookDispatcher({ file: freshFile(), secretKey });
    try {
      const cases: { name: string; input: { orgId: string; url: string; types: string[] }; code: string }[] = [
        { name: 'http refused by default', input: { orgId: ORG_KOTA, url: 'http://treasury.example/hook', types: ['*'] }, code: 'invalid_url' },
        { name: 'not a URL', input: { orgId: ORG_KOTA, url: 'treasury', types: ['*'] }, code: 'invalid_url' },
        { name: 'credentials in URL', input: { orgId: ORG_KOTA, url: 'https://u:p@treasury.example/hook', types: ['*'] }, code: 'invalid_url' },
        { name: 'no types', input: { orgId: ORG_KOTA, url: 'https://treasury.example/hook', types: [] }, code: 'invalid_types' },
        { name: 'odd type', input: { orgId: ORG_KOTA, url: 'https://treasury.example/hook', types: ['execution*'] }, code: 'invalid_types' },
        { name: 'no org', input: { orgId: '', url: 'https://treasury.example/hook', types: ['*'] }, code: 'invalid_org' },
      ];
      for (const c of cases) {
        assert.throws(() => strict.createSubscription(c.input), (e: unknown) => e instanceof WebhookError && e.code === c.code, `${c.name}: want ${c.code}`);
      }
      assert.equal(strict.createSubscription({ orgId: ORG_KOTA, url: 'https://treasury.example/hook', types: ['execution.*'] }).subscription.active, true);
    } finally {
      await strict.close();
    }
  });

  test('attached to the hub, the dispatcher delivers published events and resumes after its cursor', async () => {
    const receiver = await startReceiver();
    const hub = new EventHub();
    const webhooks = dispatcher();
    try {
      webhooks.createSubscription({ orgId: ORG_KOTA, url: receiver.url, types: ['execution.payment_order_issued'] });
      webhooks.start();
      const detach = webhooks.attach(hub);
      hub.publish(paymentOrder(1, [ORG_KOTA]));
      hub.publish(feedEvent(2));
      await until(() => receiver.requests.length === 1, 'the payment order');
      detach();
      hub.publish(paymentOrder(3, [ORG_KOTA])); // published while detached
      const gaps: unknown[] = [];
      webhooks.attach(hub, (gap) => gaps.push(gap));
      await until(() => receiver.requests.length === 2, 'the one missed while detached');
      assert.deepEqual(gaps, []);
      assert.equal(webhooks.lastEnqueuedSeq(), 3);
    } finally {
      await webhooks.close();
      await receiver.close();
    }
  });
});
