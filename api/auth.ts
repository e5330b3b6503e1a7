/**
 * Authentication at the gateway. People log in by signing a one-time challenge with their own
 * Ed25519 key (the key the ledger has for them); the private key never reaches the server.
 * Sessions are random bearer tokens kept only as SHA-256 hashes, and expire. Systems use API keys:
 * scoped, revocable, shown once, stored hashed. All of it lives in the gateway's own SQLite file,
 * never on the ledger.
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import sodium from 'sodium-native';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
export const API_KEY_SCOPES = ['read', 'payments', 'webhooks', 'documents'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** The exact text a person signs to log in. */
export function loginMessage(chainId: string, memberId: string, challenge: string): Uint8Array {
  return new TextEncoder().encode(`prasasti-login-v1\n${chainId}\n${memberId}\n${challenge}`);
}

export function verifyEd25519(pubKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (pubKey.length !== 32 || signature.length !== 64) return false;
  return sodium.crypto_sign_verify_detached(Buffer.from(signature), Buffer.from(message), Buffer.from(pubKey));
}

export interface Session {
  memberId: string;
  orgId: string;
  expiresAt: number;
}

export interface ApiKeyInfo {
  id: string;
  orgId: string;
  name: string;
  scopes: ApiKeyScope[];
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export class GatewayAuth {
  private readonly db: Database.Database;
  constructor(
    file: string,
    private readonly now: () => number = Date.now,
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS challenge (id TEXT PRIMARY KEY, member TEXT NOT NULL, expires INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS session (token_hash TEXT PRIMARY KEY, member TEXT NOT NULL, org TEXT NOT NULL, expires INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS api_key (id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, org TEXT NOT NULL, name TEXT NOT NULL, scopes TEXT NOT NULL,
        created_by TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT, last_used_at TEXT);
    `);
  }

  /** A fresh challenge for `memberId`, valid once for five minutes. */
  challenge(memberId: string): { challenge: string; expiresAt: string } {
    const id = randomBytes(32).toString('base64url');
    const expires = this.now() + CHALLENGE_TTL_MS;
    this.db.prepare('DELETE FROM challenge WHERE expires < ?').run(this.now());
    this.db.prepare('INSERT INTO challenge (id, member, expires) VALUES (?, ?, ?)').run(id, memberId, expires);
    return { challenge: id, expiresAt: new Date(expires).toISOString() };
  }

  /**
   * Consumes the challenge and, when the signature verifies with `pubKey`, opens a session.
   * Returns undefined for an unknown, expired or already used challenge or a bad signature.
   */
  login(chainId: string, memberId: string, orgId: string, pubKey: Uint8Array, challenge: string, signature: Uint8Array): { token: string; expiresAt: string } | undefined {
    const row = this.db.prepare<[string], { member: string; expires: number }>('SELECT member, expires FROM challenge WHERE id = ?').get(challenge);
    this.db.prepare('DELETE FROM challenge WHERE id = ?').run(challenge);
    if (!row || row.member !== memberId || row.expires < this.now()) return undefined;
    if (!verifyEd25519(pubKey, loginMessage(chainId, memberId, challenge), signature)) return undefined;
    const token = randomBytes(32).toString('base64url');
    const expires = this.now() + SESSION_TTL_MS;
    this.db.prepare('INSERT INTO session (token_hash, member, org, expires) VALUES (?, ?, ?, ?)').run(sha(token), memberId, orgId, expires);
    return { token, expiresAt: new Date(expires).toISOString() };
  }

  session(token: string): Session | undefined {
    const row = this.db.prepare<[string], { member: string; org: string; expires: number }>('SELECT member, org, expires FROM session WHERE token_hash = ?').get(sha(token));
    if (!row) return undefined;
    if (row.expires < this.now()) {
      this.db.prepare('DELETE FROM session WHERE token_hash = ?').run(sha(token));
      return undefined;
    }
    return { memberId: row.member, orgId: row.org, expiresAt: row.expires };
  }

  logout(token: string): void {
    this.db.prepare('DELETE FROM session WHERE token_hash = ?').run(sha(token));
  }

  /** Ends every session of a member (their key was rotated or they were suspended). */
  endSessionsOf(memberId: string): void {
    this.db.prepare('DELETE FROM session WHERE member = ?').run(memberId);
  }

  createApiKey(orgId: string, name: string, scopes: ApiKeyScope[], createdBy: string): { key: string; info: ApiKeyInfo } {
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const createdAt = new Date(this.now()).toISOString();
    this.db
      .prepare('INSERT INTO api_key (id, secret_hash, org, name, scopes, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, sha(secret), orgId, name, [...new Set(scopes)].sort().join(','), createdBy, createdAt);
    return { key: `psk_${id}_${secret}`, info: this.apiKey(id)! };
  }

  apiKey(id: string): ApiKeyInfo | undefined {
    const r = this.db.prepare<[string], Record<string, string | null>>('SELECT * FROM api_key WHERE id = ?').get(id);
    return r ? toInfo(r) : undefined;
  }

  apiKeys(orgId: string): ApiKeyInfo[] {
    return this.db.prepare<[string], Record<string, string | null>>('SELECT * FROM api_key WHERE org = ? ORDER BY created_at, id').all(orgId).map(toInfo);
  }

  revokeApiKey(orgId: string, id: string): boolean {
    return this.db.prepare('UPDATE api_key SET revoked_at = ? WHERE id = ? AND org = ? AND revoked_at IS NULL').run(new Date(this.now()).toISOString(), id, orgId).changes === 1;
  }

  /** The key's record when `key` is a live API key; compares hashes in constant time. */
  checkApiKey(key: string): ApiKeyInfo | undefined {
    const m = /^psk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/.exec(key);
    if (!m) return undefined;
    const r = this.db.prepare<[string], { secret_hash: string; revoked_at: string | null }>('SELECT secret_hash, revoked_at FROM api_key WHERE id = ?').get(m[1]!);
    if (!r || r.revoked_at) return undefined;
    if (!timingSafeEqual(Buffer.from(r.secret_hash, 'hex'), Buffer.from(sha(m[2]!), 'hex'))) return undefined;
    this.db.prepare('UPDATE api_key SET last_used_at = ? WHERE id = ?').run(new Date(this.now()).toISOString(), m[1]!);
    return this.apiKey(m[1]!);
  }

  close(): void {
    this.db.close();
  }
}

function toInfo(r: Record<string, string | null>): ApiKeyInfo {
  return {
    id: r.id!,
    orgId: r.org!,
    name: r.name!,
    scopes: (r.scopes ?? '').split(',').filter(Boolean) as ApiKeyScope[],
    createdBy: r.created_by!,
    createdAt: r.created_at!,
    revokedAt: r.revoked_at ?? null,
    lastUsedAt: r.last_used_at ?? null,
  };
}
