/**
 * Enrolment requests: a new person (or one whose key was lost) asks their institution's admin to
 * register a key that their own browser made. The request is kept off the ledger, in this
 * gateway's own SQLite file next to its sessions (personal data stays off the ledger; the name
 * becomes public on the ledger only when the admin approves by signing identity.add_member).
 * Requests are per gateway: each institution enrols at its own node's gateway.
 *
 * A request is signed with the key it registers (proof of possession): the exact text is
 * {@link enrolmentMessage}.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';

export type EnrolmentKind = 'new' | 'replace_key';
export type EnrolmentStatus = 'pending' | 'approved' | 'rejected';

export interface Enrolment {
  id: string;
  kind: EnrolmentKind;
  orgId: string;
  memberId: string;
  name: string;
  roles: string[];
  /** Ed25519 public key, hex. */
  publicKey: string;
  status: EnrolmentStatus;
  reason: string | null;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
}

/** The exact text a requester signs with the key being enrolled (UTF-8). */
export function enrolmentMessage(chainId: string, r: { kind: EnrolmentKind; orgId: string; memberId: string; name: string; roles: string[]; publicKey: string }): string {
  return ['prasasti-enrol-v1', chainId, r.kind, r.orgId, r.memberId, r.name, [...r.roles].sort().join(','), r.publicKey.toLowerCase()].join('\n');
}

interface Row {
  id: string;
  kind: string;
  org: string;
  member: string;
  name: string;
  roles: string;
  public_key: string;
  status: string;
  reason: string | null;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
}

const toEnrolment = (r: Row): Enrolment => ({
  id: r.id,
  kind: r.kind as EnrolmentKind,
  orgId: r.org,
  memberId: r.member,
  name: r.name,
  roles: r.roles.split(',').filter(Boolean),
  publicKey: r.public_key,
  status: r.status as EnrolmentStatus,
  reason: r.reason,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
  decidedBy: r.decided_by,
});

export class EnrolmentStore {
  private readonly db: Database.Database;
  constructor(
    file: string,
    private readonly now: () => number = Date.now,
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS enrolment (id TEXT PRIMARY KEY, kind TEXT NOT NULL, org TEXT NOT NULL, member TEXT NOT NULL, name TEXT NOT NULL,
        roles TEXT NOT NULL, public_key TEXT NOT NULL, status TEXT NOT NULL, reason TEXT, created_at TEXT NOT NULL, decided_at TEXT, decided_by TEXT);
      CREATE INDEX IF NOT EXISTS enrolment_org ON enrolment (org, status, created_at);
      CREATE INDEX IF NOT EXISTS enrolment_member ON enrolment (member, status);
    `);
  }

  create(r: { kind: EnrolmentKind; orgId: string; memberId: string; name: string; roles: string[]; publicKey: string }): Enrolment {
    // The id is the requester's handle to follow their request: long and random.
    const id = `enr_${randomBytes(18).toString('base64url')}`;
    this.db
      .prepare('INSERT INTO enrolment (id, kind, org, member, name, roles, public_key, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, r.kind, r.orgId, r.memberId, r.name, [...new Set(r.roles)].sort().join(','), r.publicKey.toLowerCase(), 'pending', new Date(this.now()).toISOString());
    return this.get(id)!;
  }

  get(id: string): Enrolment | undefined {
    const r = this.db.prepare<[string], Row>('SELECT * FROM enrolment WHERE id = ?').get(id);
    return r ? toEnrolment(r) : undefined;
  }

  /** A pending request for the member id or with that key, if any (one at a time). */
  pendingFor(memberId: string, publicKey: string): Enrolment | undefined {
    const r = this.db.prepare<[string, string], Row>("SELECT * FROM enrolment WHERE status = 'pending' AND (member = ? OR public_key = ?)").get(memberId, publicKey.toLowerCase());
    return r ? toEnrolment(r) : undefined;
  }

  /** An organization's requests, pending first, then the most recent decisions. */
  forOrg(orgId: string, status?: EnrolmentStatus, limit = 200): Enrolment[] {
    const rows = status
      ? this.db.prepare<[string, string, number], Row>('SELECT * FROM enrolment WHERE org = ? AND status = ? ORDER BY created_at DESC, id LIMIT ?').all(orgId, status, limit)
      : this.db.prepare<[string, number], Row>("SELECT * FROM enrolment WHERE org = ? ORDER BY status = 'pending' DESC, COALESCE(decided_at, created_at) DESC, id LIMIT ?").all(orgId, limit);
    return rows.map(toEnrolment);
  }

  /** Records a decision on a pending request; false when it was not pending. */
  decide(id: string, status: 'approved' | 'rejected', by: string | null, reason: string | null): boolean {
    return (
      this.db
        .prepare("UPDATE enrolment SET status = ?, reason = ?, decided_at = ?, decided_by = ? WHERE id = ? AND status = 'pending'")
        .run(status, reason, new Date(this.now()).toISOString(), by, id).changes === 1
    );
  }

  close(): void {
    this.db.close();
  }
}
