/**
 * The in-process event hub and its Server-Sent Events stream.
 *
 * The indexer publishes every `FeedEvent` once, in order; subscribers (SSE clients, the webhook
 * dispatcher) receive the ones their filter lets through. The hub keeps the most recent events
 * in a bounded ring buffer, so that a client reconnecting with `Last-Event-ID` receives what it
 * missed — or, if those events have already left the buffer, a `gap` telling it exactly which
 * range to fetch from the read models before carrying on.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { matchesFilter, type FeedEvent, type FeedFilter } from './feed.js';

/** Events in `(afterSeq, missedThroughSeq]` were published but can no longer be replayed. */
export interface FeedGap {
  afterSeq: number;
  missedThroughSeq: number;
}

export interface SubscribeOptions {
  /** Replay the buffered events with `seq > afterSeq` (the last event the subscriber has). */
  afterSeq?: number;
  /** Called once if the hub ends the subscription: the hub closed, or `onEvent` threw (`error`). */
  onClose?: (error?: unknown) => void;
}

export interface Subscription {
  /** The buffered events after `afterSeq` that pass the filter, oldest first; deliver them first. */
  backlog: FeedEvent[];
  /** Set when events after `afterSeq` have already left the buffer. */
  gap: FeedGap | null;
  unsubscribe(): void;
}

interface Subscriber {
  filter: FeedFilter;
  onEvent: (event: FeedEvent) => void;
  onClose: ((error?: unknown) => void) | undefined;
}

export class HubClosedError extends Error {
  readonly code = 'hub_closed';
  constructor() {
    super('the event hub is closed');
  }
}

/** In-process publish/subscribe of feed events with a replay buffer of the most recent ones. */
export class EventHub {
  readonly capacity: number;
  private readonly ring: (FeedEvent | undefined)[];
  private head = 0; // index of the oldest buffered event
  private size = 0;
  private lastPublished = 0;
  /** The newest seq the hub can no longer replay: evicted, or published before the hub existed. */
  private floorSeq: number | null = null;
  private readonly subscribers = new Set<Subscriber>();
  private closedFlag = false;

  constructor(options: { capacity?: number } = {}) {
    this.capacity = options.capacity ?? 10_000;
    if (!Number.isSafeInteger(this.capacity) || this.capacity < 1) throw new RangeError(`hub capacity must be a positive integer, got ${this.capacity}`);
    this.ring = new Array<FeedEvent | undefined>(this.capacity);
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** The seq of the last event published, 0 before the first. */
  get lastSeq(): number {
    return this.lastPublished;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Hands the event to every matching subscriber, synchronously, and buffers it. */
  publish(event: FeedEvent): void {
    if (this.closedFlag) throw new HubClosedError();
    // The indexer publishes in ledger order; anything else is a bug upstream, not a condition to serve.
    if (event.seq <= this.lastPublished) throw new RangeError(`feed seq must increase: got ${event.seq} after ${this.lastPublished}`);
    // Whatever came before the first event this hub saw cannot be replayed by it.
    if (this.floorSeq === null) this.floorSeq = event.seq - 1;
    if (this.size === this.capacity) {
      this.floorSeq = this.ring[this.head]!.seq;
      this.ring[this.head] = event;
      this.head = (this.head + 1) % this.capacity;
    } else {
      this.ring[(this.head + this.size) % this.capacity] = event;
      this.size++;
    }
    this.lastPublished = event.seq;
    for (const s of [...this.subscribers]) {
      if (!this.subscribers.has(s) || !matchesFilter(event, s.filter)) continue;
      try {
        s.onEvent(event);
      } catch (error) {
        // One broken subscriber must not stop the others; it learns why through onClose.
        this.subscribers.delete(s);
        s.onClose?.(error);
      }
    }
  }

  /**
   * Subscribes to the events passing `filter`. With `afterSeq`, the buffered events after it come
   * back as `backlog` (to deliver before any live event, which `onEvent` receives from now on).
   */
  subscribe(filter: FeedFilter, onEvent: (event: FeedEvent) => void, options: SubscribeOptions = {}): Subscription {
    if (this.closedFlag) throw new HubClosedError();
    const subscriber: Subscriber = { filter, onEvent, onClose: options.onClose };
    const { afterSeq } = options;
    let backlog: FeedEvent[] = [];
    let gap: FeedGap | null = null;
    if (afterSeq !== undefined) {
      if (this.floorSeq !== null && afterSeq < this.floorSeq) gap = { afterSeq, missedThroughSeq: this.floorSeq };
      backlog = this.bufferedAfter(afterSeq).filter((e) => matchesFilter(e, filter));
    }
    this.subscribers.add(subscriber);
    return { backlog, gap, unsubscribe: () => void this.subscribers.delete(subscriber) };
  }

  /** Ends every subscription (their `onClose` is called) and refuses further use. */
  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    const ending = [...this.subscribers];
    this.subscribers.clear();
    for (const s of ending) s.onClose?.();
  }

  private bufferedAfter(afterSeq: number): FeedEvent[] {
    const out: FeedEvent[] = [];
    // Walk back from the newest: the cost is the size of the backlog, not of the buffer.
    for (let i = this.size - 1; i >= 0; i--) {
      const e = this.ring[(this.head + i) % this.capacity]!;
      if (e.seq <= afterSeq) break;
      out.push(e);
    }
    return out.reverse();
  }
}

export interface SseOptions {
  /** A comment line is written this often so that proxies keep the connection open (15 s). */
  heartbeatMs?: number;
  /** The reconnection delay suggested to EventSource clients (`retry:` field, 3 s). */
  retryMs?: number;
  /** A client this far behind (bytes buffered, unsent) is disconnected; it reconnects with Last-Event-ID (1 MiB). */
  maxBufferedBytes?: number;
  /** Extra response headers (e.g. CORS headers set by a plugin before the reply was hijacked). */
  headers?: OutgoingHttpHeaders;
}

/** The `event:` name of the frame that announces a gap; its data is a `FeedGap`. */
export const GAP_EVENT = 'gap';

/** One SSE frame for a feed event: `id` is the seq, `event` the type, `data` the event as JSON. */
export function sseFrame(event: FeedEvent): string {
  // JSON.stringify escapes newlines, so the data always fits on one `data:` line; a type never
  // holds one either, but a line break there would forge fields, so none gets through.
  return `id: ${event.seq}\nevent: ${event.type.replace(/[\r\n]/g, '')}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Streams the subscription as Server-Sent Events on a raw Node response until the client goes
 * away, the hub closes, or the client falls `maxBufferedBytes` behind. Resolves when the stream
 * has ended and the subscription and heartbeat are released.
 */
export function streamFeed(hub: EventHub, res: ServerResponse, filter: FeedFilter, afterSeq: number | undefined, options: SseOptions = {}): Promise<void> {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const retryMs = options.retryMs ?? 3_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
  return new Promise<void>((resolve) => {
    let ended = false;
    let subscription: Subscription | null = null;
    const finish = () => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      subscription?.unsubscribe();
      if (!res.writableEnded) res.end();
      resolve();
    };
    const send = (text: string, live = true) => {
      if (ended) return;
      res.write(text);
      // The backlog is bounded by the hub's capacity and written at once; only a client that
      // keeps falling behind live events is let go.
      if (live && res.writableLength > maxBufferedBytes) {
        res.destroy();
        finish();
      }
    };
    // Declared before anything can call finish().
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatMs);
    res.on('close', finish);
    res.on('error', finish);
    res.writeHead(200, {
      ...options.headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${retryMs}\n\n`);
    if (res.destroyed) return finish();
    try {
      subscription = hub.subscribe(filter, (e) => send(sseFrame(e)), { afterSeq, onClose: finish });
    } catch {
      return finish(); // the hub closed between the route's check and here
    }
    if (subscription.gap) send(`event: ${GAP_EVENT}\ndata: ${JSON.stringify(subscription.gap)}\n\n`, false);
    for (const e of subscription.backlog) send(sseFrame(e), false);
  });
}

/** Who the SSE caller is, decided by authentication: an institution's members, or the public. */
export type FeedScope = { orgs: string[] } | { publicOnly: true };

export class LastEventIdError extends Error {
  readonly code = 'invalid_last_event_id';
}

/** The seq to resume after, from `Last-Event-ID` (or `?lastEventId=` for a first connection); undefined if none. */
export function resumePoint(header: string | string[] | undefined, query?: string): number | undefined {
  const raw = (Array.isArray(header) ? header[0] : header) ?? query;
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\d{1,15}$/.test(raw.trim())) throw new LastEventIdError('Last-Event-ID must be the seq of a feed event (a non-negative integer)');
  return Number(raw.trim());
}

/**
 * A Fastify handler serving the feed as SSE. `scope` says what the caller may see; the caller
 * narrows by type with `?types=contract.signed,execution.*`. Resumes after `Last-Event-ID`.
 */
export function sseRoute(hub: EventHub, scope: (request: FastifyRequest) => FeedScope, options: SseOptions = {}) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    let afterSeq: number | undefined;
    try {
      afterSeq = resumePoint(request.headers['last-event-id'], typeof query.lastEventId === 'string' ? query.lastEventId : undefined);
    } catch (error) {
      if (!(error instanceof LastEventIdError)) throw error;
      await reply.code(400).send({ code: error.code, message: error.message });
      return;
    }
    if (hub.closed) {
      await reply.code(503).send({ code: 'hub_closed', message: 'the event feed is shutting down; reconnect shortly' });
      return;
    }
    const filter: FeedFilter = { ...scope(request) };
    if (typeof query.types === 'string' && query.types.trim() !== '') filter.types = query.types.split(',').map((t) => t.trim()).filter((t) => t !== '');
    reply.hijack();
    await streamFeed(hub, reply.raw, filter, afterSeq, { ...options, headers: { ...reply.getHeaders(), ...options.headers } as OutgoingHttpHeaders });
  };
}
