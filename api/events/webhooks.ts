/**
 * Webhooks: other government systems (the treasury's, first, for payment orders) subscribe to
 * event types and receive each event as a signed HTTP POST. The dispatcher keeps subscriptions
 * and the delivery log in its own SQLite file, retries with growing delays, and picks pending
 * deliveries up again after a restart. Delivery is at least once: receivers deduplicate on the
 * delivery id. The scheme for receivers is in README.md; `verifySignature` implements it.
 */
import Database from 'better-sqlite3';
import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { typeMatches, visibleTo, type FeedEvent } from './feed.js';
import type { EventHub, FeedGap } from './hub.js';

export interface WebhookSubscription {
  id: string;
  orgId: string;
  url: string;
  /** Event types, exact or `module.*`, or `*`. */
  types: string[];
  active: boolean;
  createdAt: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

export interface DeliveryAttempt {
  attempt: number;
  startedAt: string;
  durationMs: number;
  /** The receiver's HTTP status, or null if no response came (then `error` says why). */
  statusCode: number | null;
  error: string | null;
}

export interface Delivery {
  id: string;
  subscriptionId: string;
  seq: number;
  eventType: string;
  status: DeliveryStatus;
  /** When the next attempt is due while pending, else null. */
  nextAttemptAt: string | null;
  createdAt: string;
  finishedAt: string | null;
  attempts: DeliveryAttempt[];
}

/** The JSON body POSTed to receivers. `id` is the delivery id, the same on every retry. */
export interface WebhookPayload {
  id: string;
  type: string;
  seq: number;
  height: number;
  txHash: string;
  time: string;
  attributes: Record<string, string>;
}

export interface Clock {
  now(): number;
}

/** The dispatcher's only timer; tests replace it to run a retry schedule of hours in milliseconds. */
export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WebhookOptions {
  /** The dispatcher's SQLite file (created if missing). */
  file: string;
  /** 32 bytes; encrypts the subscription secrets at rest (AES-256-GCM). Kept outside the SQLite file. */
  secretKey: Buffer;
  /** Delay before the 2nd, 3rd… attempt; the last one repeats (5 s, 30 s, 2 min, 10 min, 1 h, 3 h, 6 h, 12 h, 24 h). */
  retryDelaysMs?: number[];
  /** Attempts before a delivery is marked failed (10, about two days of trying). */
  maxAttempts?: number;
  /** A receiver must answer 2xx within this time (10 s). */
  timeoutMs?: number;
  /** Deliveries in flight at once (4). */
  concurrency?: number;
  /** Accept http:// receiver URLs (local networks and tests); otherwise https:// only. */
  allowHttp?: boolean;
  clock?: Clock;
  timers?: Timers;
  /** Failures that are not a receiver's (storage, a broken hub subscription). */
  onError?: (error: unknown) => void;
}

export const DEFAULT_RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000];

export type WebhookErrorCode = 'invalid_org' | 'invalid_url' | 'invalid_types' | 'not_found';

export class WebhookError extends Error {
  constructor(
    readonly code: WebhookErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const SIGNATURE_VERSION = 'v1';

/** The `Prasasti-Signature` header value for `body` sent at unix time `t` (seconds). */
export function signPayload(secret: string, body: string | Buffer, t: number): string {
  return `t=${t},${SIGNATURE_VERSION}=${hmacHex(secret, t, body)}`;
}

/**
 * For receivers: true if `header` (`Prasasti-Signature`) signs exactly these body bytes with
 * `secret`, at a time within `toleranceSec` of now. Pass the raw body as received, before any
 * JSON parsing. Several `v1=` entries are accepted (any one matching is enough).
 */
export function verifySignature(secret: string, header: string, body: string | Buffer, toleranceSec: number, nowMs: number = Date.now()): boolean {
  let t: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === SIGNATURE_VERSION && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (t === null || signatures.length === 0) return false;
  if (Math.abs(nowMs / 1000 - t) > toleranceSec) return false;
  const expected = Buffer.from(hmacHex(secret, t, body), 'hex');
  return signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
}

function hmacHex(secret: string, t: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}

interface SubscriptionRow {
  id: string;
  org_id: string;
  url: string;
  secret_enc: string;
  types: string;
  active: number;
  created_at: number;
}

interface DeliveryRow {
  id: string;
  subscription_id: string;
  seq: number;
  event_type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number | null;
  created_at: number;
  finished_at: number | null;
}

interface AttemptRow {
  attempt: number;
  started_at: number;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS subscription (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  url TEXT NOT NULL,
  secret_enc TEXT NOT NULL,
  types TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  deleted_at INTEGER
);
CREATE INDEX IF NOT EXISTS subscription_by_org ON subscription (org_id);
CREATE TABLE IF NOT EXISTS delivery (
  id TEXT PRIMARY KEY,
  subscription_id TEXT NOT NULL REFERENCES subscription (id),
  seq INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER,
  created_at INTEGER NOT NULL,
  finished_at INTEGER,
  UNIQUE (subscription_id, seq)
);
CREATE INDEX IF NOT EXISTS delivery_due ON delivery (status, next_attempt_at);
CREATE TABLE IF NOT EXISTS attempt (
  delivery_id TEXT NOT NULL REFERENCES delivery (id),
  attempt INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  status_code INTEGER,
  error TEXT,
  PRIMARY KEY (delivery_id, attempt)
);
CREATE TABLE IF NOT EXISTS feed_cursor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL
);
`;

const TYPE_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;
/** A delivery in flight keeps its row leased this long past the timeout, so a crash mid-attempt retries it. */
const LEASE_MARGIN_MS = 5_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Subscriptions, the delivery queue and its log, and the loop that POSTs deliveries as they fall due. */
export class WebhookDispatcher {
  private readonly db: Database.Database;
  private readonly key: Buffer;
  private readonly retryDelaysMs: number[];
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly allowHttp: boolean;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly onError: (error: unknown) => void;
  private readonly inflight = new Map<string, Promise<void>>();
  private timer: unknown = undefined;
  private running = false;

  constructor(options: WebhookOptions) {
    if (options.secretKey.length !== 32) throw new RangeError('the webhook secret key must be 32 bytes');
    this.key = options.secretKey;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    if (this.retryDelaysMs.length === 0) throw new RangeError('retryDelaysMs needs at least one delay');
    this.maxAttempts = options.maxAttempts ?? 10;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.concurrency = options.concurrency ?? 4;
    this.allowHttp = options.allowHttp ?? false;
    this.clock = options.clock ?? { now: () => Date.now() };
    this.timers = options.timers ?? { setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
    this.onError = options.onError ?? ((error) => console.error('webhooks:', error));
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
  }

  // ---- subscriptions ----

  /** Creates a subscription; the secret is returned here only and cannot be read back. */
  createSubscription(input: { orgId: string; url: string; types: string[] }): { subscription: WebhookSubscription; secret: string } {
    if (typeof input.orgId !== 'string' || input.orgId.trim() === '') throw new WebhookError('invalid_org', 'orgId is required');
    this.checkUrl(input.url);
    if (!Array.isArray(input.types) || input.types.length === 0 || input.types.some((t) => typeof t !== 'string' || !TYPE_PATTERN.test(t))) {
      throw new WebhookError('invalid_types', 'types must list event types such as "execution.payment_order_issued", "contract.*" or "*"');
    }
    const id = `whsub_${randomUUID()}`;
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const createdAt = this.clock.now();
    const types = [...new Set(input.types)];
    this.db
      .prepare('INSERT INTO subscription (id, org_id, url, secret_enc, types, active, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)')
      .run(id, input.orgId, input.url, this.encrypt(id, secret), JSON.stringify(types), createdAt);
    return { subscription: { id, orgId: input.orgId, url: input.url, types, active: true, createdAt: iso(createdAt) }, secret };
  }

  listSubscriptions(orgId: string): WebhookSubscription[] {
    const rows = this.db.prepare('SELECT * FROM subscription WHERE org_id = ? AND deleted_at IS NULL ORDER BY created_at, id').all(orgId) as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  getSubscription(orgId: string, id: string): WebhookSubscription {
    return toSubscription(this.ownSubscription(orgId, id));
  }

  /** Pauses or resumes a subscription: a paused one gets no new deliveries and its pending ones wait. */
  setActive(orgId: string, id: string, active: boolean): WebhookSubscription {
    this.ownSubscription(orgId, id);
    this.db.prepare('UPDATE subscription SET active = ? WHERE id = ?').run(active ? 1 : 0, id);
    if (active) this.pump();
    return this.getSubscription(orgId, id);
  }

  /** Deletes a subscription; its pending deliveries are cancelled, its delivery log is kept. */
  deleteSubscription(orgId: string, id: string): void {
    this.ownSubscription(orgId, id);
    const now = this.clock.now();
    this.db.transaction(() => {
      this.db.prepare('UPDATE subscription SET active = 0, deleted_at = ? WHERE id = ?').run(now, id);
      this.db.prepare("UPDATE delivery SET status = 'cancelled', next_attempt_at = NULL, finished_at = ? WHERE subscription_id = ? AND status = 'pending'").run(now, id);
    })();
  }

  // ---- the delivery log ----

  /** A subscription's deliveries, newest first, each with every attempt. */
  listDeliveries(orgId: string, subscriptionId: string, options: { status?: DeliveryStatus; limit?: number } = {}): Delivery[] {
    this.ownSubscription(orgId, subscriptionId);
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
    const rows = (
      options.status === undefined
        ? this.db.prepare('SELECT * FROM delivery WHERE subscription_id = ? ORDER BY seq DESC LIMIT ?').all(subscriptionId, limit)
        : this.db.prepare('SELECT * FROM delivery WHERE subscription_id = ? AND status = ? ORDER BY seq DESC LIMIT ?').all(subscriptionId, options.status, limit)
    ) as DeliveryRow[];
    return rows.map((r) => this.toDelivery(r));
  }

  getDelivery(orgId: string, id: string): Delivery {
    const row = this.db.prepare('SELECT d.* FROM delivery d JOIN subscription s ON s.id = d.subscription_id WHERE d.id = ? AND s.org_id = ?').get(id, orgId) as DeliveryRow | undefined;
    if (!row) throw new WebhookError('not_found', `no delivery ${id} for this organization`);
    return this.toDelivery(row);
  }

  // ---- events in ----

  /** The seq of the last event enqueued, or null if none ever was (the point to resume the feed after). */
  lastEnqueuedSeq(): number | null {
    const row = this.db.prepare('SELECT seq FROM feed_cursor WHERE id = 1').get() as { seq: number } | undefined;
    return row?.seq ?? null;
  }

  /**
   * Queues one delivery of the event per active subscription that names its type and whose
   * organization may see it. Idempotent per (subscription, seq). Returns the deliveries queued.
   */
  enqueue(event: FeedEvent): number {
    const now = this.clock.now();
    let queued = 0;
    this.db.transaction(() => {
      const subs = this.db.prepare('SELECT * FROM subscription WHERE active = 1 AND deleted_at IS NULL').all() as SubscriptionRow[];
      const insert = this.db.prepare(
        "INSERT OR IGNORE INTO delivery (id, subscription_id, seq, event_type, body, status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
      );
      for (const sub of subs) {
        if (!visibleTo(event, sub.org_id) || !typeMatches(event.type, JSON.parse(sub.types) as string[])) continue;
        const id = `whdel_${randomUUID()}`;
        const payload: WebhookPayload = { id, type: event.type, seq: event.seq, height: event.height, txHash: event.txHash, time: event.time, attributes: event.attributes };
        queued += insert.run(id, sub.id, event.seq, event.type, JSON.stringify(payload), now, now).changes;
      }
      this.db.prepare('INSERT INTO feed_cursor (id, seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET seq = max(seq, excluded.seq)').run(event.seq);
    })();
    if (queued > 0) this.pump();
    return queued;
  }

  /**
   * Follows the hub from the last event enqueued (replaying what the hub still buffers). A gap —
   * events the hub no longer holds — is handed to `onGap`, for the caller to fetch from the
   * indexer and `enqueue`. Returns the unsubscribe function.
   */
  attach(hub: EventHub, onGap: (gap: FeedGap) => void = (gap) => this.onError(new Error(`webhooks missed feed events ${gap.afterSeq + 1}..${gap.missedThroughSeq}`))): () => void {
    const after = this.lastEnqueuedSeq();
    const subscription = hub.subscribe({}, (e) => void this.enqueue(e), {
      afterSeq: after ?? undefined,
      onClose: (error) => error !== undefined && this.onError(error),
    });
    if (subscription.gap) onGap(subscription.gap);
    for (const e of subscription.backlog) this.enqueue(e);
    return subscription.unsubscribe;
  }

  // ---- the delivery loop ----

  /** Starts delivering, beginning with whatever is pending in the file (a restart resumes here). */
  start(): void {
    this.running = true;
    this.pump();
  }

  /** Stops scheduling, waits for the attempts in flight to be logged, and closes the file. */
  async close(): Promise<void> {
    this.running = false;
    this.clearTimer();
    await Promise.allSettled([...this.inflight.values()]);
    this.db.close();
  }

  private pump(): void {
    if (!this.running) return;
    try {
      const now = this.clock.now();
      const due = this.db.prepare(
        `SELECT d.* FROM delivery d JOIN subscription s ON s.id = d.subscription_id
         WHERE d.status = 'pending' AND s.active = 1 AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.seq LIMIT 1`,
      );
      while (this.inflight.size < this.concurrency) {
        const row = due.get(now) as DeliveryRow | undefined;
        if (!row) break;
        // Lease the row: it leaves the due set now, and comes back by itself if we die mid-attempt.
        this.db.prepare('UPDATE delivery SET next_attempt_at = ? WHERE id = ?').run(now + this.timeoutMs + LEASE_MARGIN_MS, row.id);
        const running = this.attempt(row)
          .catch((error: unknown) => this.onError(error))
          .finally(() => {
            this.inflight.delete(row.id);
            this.pump();
          });
        this.inflight.set(row.id, running);
      }
      this.scheduleNext();
    } catch (error) {
      this.onError(error);
    }
  }

  private scheduleNext(): void {
    this.clearTimer();
    // At full capacity the next completion pumps again; a timer now would only spin.
    if (!this.running || this.inflight.size >= this.concurrency) return;
    const row = this.db
      .prepare("SELECT min(d.next_attempt_at) AS next FROM delivery d JOIN subscription s ON s.id = d.subscription_id WHERE d.status = 'pending' AND s.active = 1")
      .get() as { next: number | null };
    if (row.next === null) return;
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = undefined;
        this.pump();
      },
      Math.max(0, row.next - this.clock.now()),
    );
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async attempt(row: DeliveryRow): Promise<void> {
    const sub = this.db.prepare('SELECT * FROM subscription WHERE id = ?').get(row.subscription_id) as SubscriptionRow;
    const n = row.attempts + 1;
    const startedAt = this.clock.now();
    const t0 = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const secret = this.decrypt(sub.id, sub.secret_enc);
      const response = await fetch(sub.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Prasasti-Webhooks/1',
          'prasasti-event': row.event_type,
          'prasasti-delivery': row.id,
          'prasasti-signature': signPayload(secret, row.body, Math.floor(startedAt / 1000)),
        },
        body: row.body,
        // A redirect is not an answer: following it would send the signed event somewhere unvetted.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => undefined);
    } catch (e) {
      error = describeFailure(e, this.timeoutMs);
    }
    const durationMs = Math.round(performance.now() - t0);
    const delivered = statusCode !== null && statusCode >= 200 && statusCode < 300;
    const finishedAt = this.clock.now();
    let status: DeliveryStatus = 'pending';
    let next: number | null = null;
    if (delivered) status = 'delivered';
    else if (n >= this.maxAttempts) status = 'failed';
    else next = finishedAt + this.retryDelaysMs[Math.min(n - 1, this.retryDelaysMs.length - 1)]!;
    if (!this.db.open) return;
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO attempt (delivery_id, attempt, started_at, duration_ms, status_code, error) VALUES (?, ?, ?, ?, ?, ?)').run(row.id, n, startedAt, durationMs, statusCode, error);
      // A subscription deleted meanwhile has cancelled the row; that stands.
      this.db
        .prepare("UPDATE delivery SET attempts = ?, status = ?, next_attempt_at = ?, finished_at = ? WHERE id = ? AND status = 'pending'")
        .run(n, status, next, status === 'pending' ? null : finishedAt, row.id);
    })();
  }

  // ---- internals ----

  private ownSubscription(orgId: string, id: string): SubscriptionRow {
    const row = this.db.prepare('SELECT * FROM subscription WHERE id = ? AND org_id = ? AND deleted_at IS NULL').get(id, orgId) as SubscriptionRow | undefined;
    if (!row) throw new WebhookError('not_found', `no webhook subscription ${id} for this organization`);
    return row;
  }

  private toDelivery(r: DeliveryRow): Delivery {
    const attempts = (this.db.prepare('SELECT * FROM attempt WHERE delivery_id = ? ORDER BY attempt').all(r.id) as AttemptRow[]).map((a) => ({
      attempt: a.attempt,
      startedAt: iso(a.started_at),
      durationMs: a.duration_ms,
      statusCode: a.status_code,
      error: a.error,
    }));
    return {
      id: r.id,
      subscriptionId: r.subscription_id,
      seq: r.seq,
      eventType: r.event_type,
      status: r.status,
      nextAttemptAt: r.status === 'pending' && r.next_attempt_at !== null ? iso(r.next_attempt_at) : null,
      createdAt: iso(r.created_at),
      finishedAt: r.finished_at === null ? null : iso(r.finished_at),
      attempts,
    };
  }

  private checkUrl(url: string): void {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new WebhookError('invalid_url', 'url is not a valid absolute URL');
    }
    const schemeOk = parsed.protocol === 'https:' || (this.allowHttp && parsed.protocol === 'http:');
    if (!schemeOk) throw new WebhookError('invalid_url', this.allowHttp ? 'url must be http:// or https://' : 'url must be https://');
    if (parsed.username !== '' || parsed.password !== '') throw new WebhookError('invalid_url', 'url must not carry credentials; the signature authenticates us');
    if (url.length > 2048) throw new WebhookError('invalid_url', 'url is longer than 2048 characters');
  }

  // The secret is bound to its subscription (GCM additional data), so rows cannot swap secrets.
  private encrypt(subscriptionId: string, secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(subscriptionId));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`;
  }

  private decrypt(subscriptionId: string, stored: string): string {
    if (!stored.startsWith('v1:')) throw new Error(`subscription ${subscriptionId}: unknown secret format`);
    const raw = Buffer.from(stored.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(subscriptionId));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

function toSubscription(r: SubscriptionRow): WebhookSubscription {
  return { id: r.id, orgId: r.org_id, url: r.url, types: JSON.parse(r.types) as string[], active: r.active === 1, createdAt: iso(r.created_at) };
}

/** A short, loggable reason for a request that got no HTTP response. */
function describeFailure(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) return `timeout after ${timeoutMs} ms`;
  const cause = e instanceof Error ? (e.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return e instanceof Error ? e.message : String(e);
}
