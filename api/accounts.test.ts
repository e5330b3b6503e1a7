/**
 * The account routes (api/accounts.ts) over the real server and a real enrolment store, with the
 * read models and sessions replaced by small in-memory ones (no network: the routes that read
 * the ledger are covered on a real network by api/api.test.ts and web/e2e/accounts.test.ts):
 * enrolment validation and its proof of possession, who sees and decides which request, approval
 * following the ledger, and demo mode off answering 404.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sodium from 'sodium-native';
import type { FastifyInstance } from 'fastify';
import { newMemberKey, type MemberKey } from '../cli/keyfile.js';
import { buildServer, type GatewayDeps } from './server.js';
import { EnrolmentStore, enrolmentMessage } from './enrolment.js';

const CHAIN = 'accounts-test';
let app: FastifyInstance;
let dir: string;
let store: EnrolmentStore;

interface FakeMember {
  id: string;
  orgId: string;
  roles: string[];
  status: string;
  pubKey: string;
}
const orgs = [
  { id: 'pemkot-bandung', name: 'Pemerintah Kota Bandung', kind: 'buyer', subKind: null, status: 'active' },
  { id: 'pt-medika', name: 'PT Medika', kind: 'supplier', subKind: 'small', status: 'active' },
  { id: 'bpkp-jabar', name: 'BPKP Jawa Barat', kind: 'auditor', subKind: 'bpkp', status: 'active' },
];
const members = new Map<string, FakeMember>([
  ['bdg-admin', { id: 'bdg-admin', orgId: 'pemkot-bandung', roles: ['org_admin'], status: 'active', pubKey: '00'.repeat(32) }],
  ['bdg-ppk', { id: 'bdg-ppk', orgId: 'pemkot-bandung', roles: ['ppk'], status: 'active', pubKey: '00'.repeat(32) }],
  ['medika-admin', { id: 'medika-admin', orgId: 'pt-medika', roles: ['org_admin'], status: 'active', pubKey: '00'.repeat(32) }],
]);
const sessions = new Map([
  ['tok-bdg-admin', 'bdg-admin'],
  ['tok-bdg-ppk', 'bdg-ppk'],
  ['tok-medika-admin', 'medika-admin'],
]);

function sign(message: string, k: MemberKey): string {
  const pk = Buffer.alloc(32);
  const sk = Buffer.alloc(64);
  sodium.crypto_sign_seed_keypair(pk, sk, Buffer.from(k.seed));
  const sig = Buffer.alloc(64);
  sodium.crypto_sign_detached(sig, Buffer.from(message, 'utf8'), sk);
  return sig.toString('base64');
}

function request(over: Record<string, unknown> = {}, k = newMemberKey('x')) {
  const req = { kind: 'new' as const, orgId: 'pemkot-bandung', memberId: `baru-${Math.random().toString(36).slice(2, 10)}`, name: 'Sri Wahyuni, S.T.', roles: ['ppk'], publicKey: Buffer.from(k.publicKey).toString('hex'), ...over };
  return { ...req, signature: sign(enrolmentMessage(CHAIN, req as never), k) };
}

async function call(method: 'GET' | 'POST', url: string, opts: { token?: string; json?: unknown } = {}) {
  const r = await app.inject({ method, url, headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {}, ...(opts.json !== undefined ? { payload: opts.json as object } : {}) });
  return { status: r.statusCode, body: r.json() as { error?: { code: string; message: { id: string; en: string }; detail?: string } } & Record<string, unknown> };
}

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'prasasti-accounts-'));
  store = new EnrolmentStore(path.join(dir, 'enrolments.sqlite'));
  const refuse = (name: string) =>
    new Proxy({}, { get: (_t, p) => (p === 'then' ? undefined : () => assert.fail(`deps.${name}.${String(p)} used`)) }) as never;
  const queries = {
    orgs: async () => orgs,
    member: async (id: string) => members.get(id),
    orgKind: async (id: string) => orgs.find((o) => o.id === id)?.kind,
    members: async (_v: unknown, orgId: string) => [...members.values()].filter((m) => m.orgId === orgId).map((m) => ({ ...m, name: `Nama ${m.id}` })),
  };
  const deps: GatewayDeps = {
    queries: queries as never,
    auth: { session: (t: string) => (sessions.has(t) ? { memberId: sessions.get(t)!, orgId: members.get(sessions.get(t)!)!.orgId, expiresAt: Date.now() + 3_600_000 } : undefined) } as never,
    relay: refuse('relay'),
    network: refuse('network'),
    documents: refuse('documents'),
    hub: refuse('hub'),
    webhooks: refuse('webhooks'),
    chainId: CHAIN,
    rpcUrl: 'http://127.0.0.1:9',
    status: () => assert.fail('status used'),
    proof: () => assert.fail('proof used'),
    ocds: refuse('ocds'),
    logLevel: 'silent',
    accounts: { enrolments: store, demoKeysDir: null },
  };
  app = await buildServer(deps);
  await app.ready();
});

after(async () => {
  await app?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('enrolment: a valid signed request is kept pending; its id shows it to the requester', async () => {
  const r = await call('POST', '/api/v1/enrolments', { json: request() });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'pending');
  assert.match(String(r.body.id), /^enr_[A-Za-z0-9_-]{24}$/);
  const again = await call('GET', `/api/v1/enrolments/${r.body.id}`);
  assert.deepEqual([again.status, again.body.memberId, again.body.name], [200, r.body.memberId, 'Sri Wahyuni, S.T.']);
  assert.equal((await call('GET', '/api/v1/enrolments/enr_unknown')).status, 404);
});

test('enrolment: validation errors, a signature by another key, personal data, a taken id and a second pending request are refused', async () => {
  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ['bad member id', request({ memberId: 'Bad Id!' }), 400, 'VALIDATION'],
    ['no roles', request({ roles: [] }), 400, 'VALIDATION'],
    ['unknown role', { ...request(), roles: ['raja'] }, 400, 'VALIDATION'],
    ['role not for a supplier', request({ orgId: 'pt-medika', roles: ['ppk'] }), 400, 'VALIDATION'],
    ['unknown organization', request({ orgId: 'pemkot-atlantis' }), 404, 'NOT_FOUND'],
    ['a NIK in the name', request({ name: 'Budi NIK 3273012345678901' }), 400, 'VALIDATION'],
    ['member id taken', request({ memberId: 'bdg-ppk' }), 409, 'CONFLICT'],
    ['not a key', { ...request(), publicKey: '00'.repeat(32) }, 400, 'VALIDATION'],
  ];
  for (const [what, body, status, code] of cases) {
    const r = await call('POST', '/api/v1/enrolments', { json: body });
    assert.deepEqual([r.status, r.body.error?.code], [status, code], `${what}: ${JSON.stringify(r.body)}`);
    assert.ok(r.body.error?.message.id && r.body.error.message.en, `${what}: a message in both languages`);
  }
  // Signed by another key than the one it registers: no proof of possession.
  const other = newMemberKey('y');
  const forged = { ...request(), signature: sign('prasasti-enrol-v1\nsomething else', other) };
  assert.deepEqual([(await call('POST', '/api/v1/enrolments', { json: forged })).body.error?.code], ['BAD_SIGNATURE']);
  // The signature covers the roles: changing them after signing breaks it.
  const signed = request();
  assert.equal((await call('POST', '/api/v1/enrolments', { json: { ...signed, roles: ['pa'] } })).body.error?.code, 'BAD_SIGNATURE');
  // One pending request per member id.
  const first = request();
  assert.equal((await call('POST', '/api/v1/enrolments', { json: first })).status, 200);
  const k2 = newMemberKey('z');
  const second = request({ memberId: first.memberId }, k2);
  assert.equal((await call('POST', '/api/v1/enrolments', { json: second })).body.error?.code, 'CONFLICT');
});

test("enrolment: only that organization's admins list and decide its requests; a rejection carries its reason", async () => {
  const bdg = (await call('POST', '/api/v1/enrolments', { json: request() })).body;
  const medKey = newMemberKey('m');
  const med = (await call('POST', '/api/v1/enrolments', { json: request({ orgId: 'pt-medika', roles: ['supplier_signatory'] }, medKey) })).body;
  const bdgList = await call('GET', '/api/v1/enrolments', { token: 'tok-bdg-admin' });
  assert.equal(bdgList.status, 200);
  const ids = (bdgList.body as unknown as Array<{ id: string; orgId: string }>).map((e) => e.id);
  assert.ok(ids.includes(String(bdg.id)) && !ids.includes(String(med.id)));
  assert.ok((bdgList.body as unknown as Array<{ orgId: string }>).every((e) => e.orgId === 'pemkot-bandung'));
  assert.equal((await call('GET', '/api/v1/enrolments', { token: 'tok-bdg-ppk' })).status, 403, 'not an admin');
  assert.equal((await call('GET', '/api/v1/enrolments?status=pending&statusx=1', { token: 'tok-bdg-admin' })).status, 400, 'a parameter the route does not know is refused');
  assert.equal((await call('GET', '/api/v1/enrolments')).status, 401, 'not logged in');
  // Another organization's request is not there for this admin.
  assert.equal((await call('POST', `/api/v1/enrolments/${med.id}/reject`, { token: 'tok-bdg-admin', json: { reason: 'bukan pegawai kami' } })).status, 404);
  assert.equal((await call('GET', `/api/v1/enrolments/${med.id}`)).body.status, 'pending');
  const rej = await call('POST', `/api/v1/enrolments/${med.id}/reject`, { token: 'tok-medika-admin', json: { reason: 'Tidak terdaftar sebagai pegawai' } });
  assert.deepEqual([rej.status, rej.body.status, rej.body.reason, rej.body.decidedBy], [200, 'rejected', 'Tidak terdaftar sebagai pegawai', 'medika-admin']);
  assert.equal((await call('POST', `/api/v1/enrolments/${med.id}/reject`, { token: 'tok-medika-admin', json: { reason: 'lagi' } })).body.error?.code, 'CONFLICT');
  assert.equal((await call('POST', `/api/v1/enrolments/${bdg.id}/reject`, { token: 'tok-bdg-admin', json: { reason: '' } })).status, 400, 'a reason is required');
});

test('enrolment: approval follows the ledger — refused until the key is registered to that member, then approved', async () => {
  const k = newMemberKey('a');
  const e = (await call('POST', '/api/v1/enrolments', { json: request({}, k) })).body;
  const early = await call('POST', `/api/v1/enrolments/${e.id}/approve`, { token: 'tok-bdg-admin' });
  assert.deepEqual([early.status, early.body.error?.code], [400, 'VALIDATION']);
  // identity.add_member committed and indexed (here: the read model says so).
  members.set(String(e.memberId), { id: String(e.memberId), orgId: 'pemkot-bandung', roles: ['ppk'], status: 'active', pubKey: Buffer.from(k.publicKey).toString('hex') });
  assert.equal((await call('GET', `/api/v1/enrolments/${e.id}`)).body.status, 'approved', 'the requester sees it approved');
  const ok = await call('POST', `/api/v1/enrolments/${e.id}/approve`, { token: 'tok-bdg-admin' });
  assert.deepEqual([ok.status, ok.body.status], [200, 'approved']);
});

test('enrolment: a replacement for a lost key names an existing member of that organization', async () => {
  const k = newMemberKey('r');
  const good = await call('POST', '/api/v1/enrolments', { json: request({ kind: 'replace_key', memberId: 'bdg-ppk', roles: [] }, k) });
  assert.deepEqual([good.status, good.body.kind, good.body.roles], [200, 'replace_key', []]);
  const wrongOrg = await call('POST', '/api/v1/enrolments', { json: request({ kind: 'replace_key', orgId: 'pt-medika', memberId: 'bdg-admin', roles: [] }) });
  assert.equal(wrongOrg.status, 404);
});

test('/auth/me: name, institution name and kind, auditor kind and the session end', async () => {
  const r = await call('GET', '/api/v1/auth/me', { token: 'tok-bdg-ppk' });
  assert.equal(r.status, 200);
  assert.deepEqual([r.body.memberId, r.body.name, r.body.orgName, r.body.orgKind, r.body.auditorKind], ['bdg-ppk', 'Nama bdg-ppk', 'Pemerintah Kota Bandung', 'buyer', null]);
  assert.ok(Date.parse(String(r.body.expiresAt)) > Date.now());
});

test('demo mode off: the demo routes answer 404 in both languages', async () => {
  for (const url of ['/api/v1/demo/people', '/api/v1/demo/people/bdg-ppk/key']) {
    const r = await call('GET', url);
    assert.deepEqual([r.status, r.body.error?.code], [404, 'NOT_FOUND'], url);
    assert.ok(r.body.error?.message.id);
  }
});
