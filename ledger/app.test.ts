import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Codes, codeName } from './codes.js';
import { TestChain } from '../test/support/chain.js';
import { TestSigners, testKey, CHAIN } from '../test/support/genesis.js';
import { buildTx, decodeEnvelope, encodeEnvelope } from './tx/envelope.js';
import { quorum } from './modules/identity/messages.js';
import { verifyStateProof } from './store/commitment.js';

const name = (code: number) => codeName(code) ?? String(code);

test('CheckTx: each kind of bad transaction gets its own code; good ones pass and advance the mempool nonce', async () => {
  const c = await TestChain.create();
  await c.block([]);
  const admin = testKey('pemkot-bandung-admin');
  const stranger = testKey('nobody');
  const body = { memberId: 'bdg-pokja-9', name: 'Pokja Satu', roles: ['pokja'], pubKey: testKey('bdg-pokja-9').publicKey };
  const good = buildTx(admin, CHAIN, 1, 'identity.add_member', body);
  const env = decodeEnvelope(good);
  const badSig = Uint8Array.from(env.sig);
  badSig[10]! ^= 0x55;
  const corrupt = encodeEnvelope({ ...env, sig: badSig });
  const cases: Array<[string, Uint8Array, keyof typeof Codes]> = [
    ['garbage', new Uint8Array([1, 2, 3]), 'MALFORMED'],
    ['oversize', new Uint8Array(200_000), 'OVERSIZE'],
    ['wrong chain', buildTx(admin, 'other-chain', 1, 'identity.add_member', body), 'WRONG_CHAIN'],
    ['unknown signer', buildTx(stranger, CHAIN, 1, 'identity.add_member', body), 'UNKNOWN_SIGNER'],
    ['bad signature', corrupt, 'BAD_SIGNATURE'],
    ['nonce ahead', buildTx(admin, CHAIN, 3, 'identity.add_member', body), 'NONCE_OUT_OF_ORDER'],
    ['unknown type', buildTx(admin, CHAIN, 1, 'identity.fly', body), 'UNKNOWN_TYPE'],
    ['invalid body', buildTx(admin, CHAIN, 1, 'identity.add_member', { ...body, roles: ['emperor'] }), 'INVALID_BODY'],
    ['personal data', buildTx(admin, CHAIN, 1, 'identity.add_member', { ...body, name: 'Pokja NIK 3273012345678901' }), 'PERSONAL_DATA'],
    ['small-order public key', buildTx(admin, CHAIN, 1, 'identity.add_member', { ...body, pubKey: new Uint8Array(32) }), 'INVALID_BODY'],
  ];
  for (const [label, tx, want] of cases) assert.equal(name(c.app.checkTx(tx).code), want, label);
  assert.equal(c.app.checkTx(good).code, 0);
  assert.equal(name(c.app.checkTx(good).code), 'NONCE_REPLAYED', 'same tx again in the mempool');
  assert.equal(c.app.checkTx(buildTx(admin, CHAIN, 2, 'identity.add_member', { ...body, memberId: 'bdg-pokja-8', pubKey: testKey('bdg-pokja-8').publicKey })).code, 0, 'next nonce');
});

test('a rejected transaction changes nothing: AppHash and nonce stay as they were', async () => {
  const c = await TestChain.create();
  await c.block([]);
  const before = c.appHash();
  const s = new TestSigners();
  const r = await c.block([
    s.tx('bdg-ppk', 'identity.add_member', { memberId: 'sneaky', name: 'Sneaky', roles: ['pa'], pubKey: testKey('sneaky').publicKey }),
    buildTx(testKey('pemkot-bandung-admin'), CHAIN, 5, 'identity.add_member', { memberId: 'x-y-z', name: 'Xyz', roles: ['ppk'], pubKey: testKey('xyz').publicKey }),
  ]);
  assert.deepEqual(r.txResults.map((t) => name(t.code)), ['UNAUTHORIZED', 'NONCE_OUT_OF_ORDER']);
  assert.ok(r.txResults.every((t) => t.log.length > 0 && t.codespace === 'prasasti'));
  assert.equal(c.appHash(), before);
  const ppk = await c.queryJson<{ nonce: number }>('/identity/member/bdg-ppk');
  assert.equal(ppk.nonce, 0, 'a rejected tx does not use its nonce');
});

test('replay: a committed transaction cannot be included again', async () => {
  const c = await TestChain.create();
  const s = new TestSigners();
  const tx = s.tx('pemkot-bandung-admin', 'identity.add_member', { memberId: 'bdg-pokja-9', name: 'Pokja Satu', roles: ['pokja'], pubKey: testKey('bdg-pokja-9').publicKey });
  assert.equal((await c.block([tx])).txResults[0]!.code, 0);
  const after = c.appHash();
  assert.equal(name((await c.block([tx])).txResults[0]!.code), 'NONCE_REPLAYED');
  assert.equal(name(c.app.checkTx(tx).code), 'NONCE_REPLAYED');
  assert.equal(c.appHash(), after);
});

test('identity: admins manage their own members; roles must fit the organization', async () => {
  const c = await TestChain.create();
  const s = new TestSigners();
  const add = (by: string, memberId: string, roles: string[], key = memberId) => s.tx(by, 'identity.add_member', { memberId, name: `Pegawai ${memberId}`, roles, pubKey: testKey(key).publicKey });
  // A rejected transaction does not use its nonce, so the next one reuses it.
  const failing = (tx: Uint8Array, by: string) => (s.unuse(by), tx);
  const r = await c.block([
    add('pemkot-bandung-admin', 'bdg-pa', ['pa']),
    failing(add('pemkot-bandung-admin', 'bdg-auditor', ['auditor']), 'pemkot-bandung-admin'),
    add('bpkp-jabar-admin', 'bpkp-auditor-2', ['auditor']),
    failing(add('bpkp-jabar-admin', 'bpkp-ppk', ['ppk']), 'bpkp-jabar-admin'),
    failing(add('pemkot-bandung-admin', 'bdg-pa', ['pa']), 'pemkot-bandung-admin'),
    failing(add('pemkot-bandung-admin', 'dup-key', ['ppk'], 'bdg-pa'), 'pemkot-bandung-admin'),
  ]);
  assert.deepEqual(r.txResults.map((t) => name(t.code)), ['OK', 'ROLE_NOT_ALLOWED_FOR_ORG', 'OK', 'ROLE_NOT_ALLOWED_FOR_ORG', 'ALREADY_EXISTS', 'KEY_IN_USE']);
  const pa = await c.queryJson<{ orgId: string; roles: string[]; status: string }>('/identity/member/bdg-pa');
  assert.deepEqual([pa.orgId, pa.roles, pa.status], ['pemkot-bandung', ['pa'], 'active']);
  const ev = r.txResults[0]!.events.map((e) => e.type);
  assert.deepEqual(ev, ['tx', 'identity.member_added']);
});

test('identity: suspension stops signing; the last admin cannot be removed; reinstatement restores', async () => {
  const c = await TestChain.create();
  const s = new TestSigners();
  let r = await c.block([
    s.tx('pemkot-bandung-admin', 'identity.suspend_member', { memberId: 'bdg-ppk', reason: 'Diperiksa Inspektorat' }),
    s.tx('pemkot-bandung-admin', 'identity.suspend_member', { memberId: 'pemkot-bandung-admin', reason: 'Mencoba' }),
    s.tx('lkpp-admin', 'identity.suspend_member', { memberId: 'bdg-ppk', reason: 'Bukan instansinya' }),
  ]);
  assert.deepEqual(r.txResults.map((t) => name(t.code)), ['OK', 'LAST_ADMIN', 'UNAUTHORIZED']);
  s.unuse('pemkot-bandung-admin');
  s.unuse('lkpp-admin');
  const ppkTx = s.tx('bdg-ppk', 'identity.rotate_key', { memberId: 'bdg-ppk', newPubKey: testKey('bdg-ppk-2').publicKey });
  assert.equal(name(c.app.checkTx(ppkTx).code), 'SIGNER_SUSPENDED');
  r = await c.block([s.tx('pemkot-bandung-admin', 'identity.reinstate_member', { memberId: 'bdg-ppk' })]);
  assert.equal(r.txResults[0]!.code, 0);
  assert.equal(c.app.checkTx(ppkTx).code, 0);
});

test('identity: key rotation keeps history; the old key can no longer sign', async () => {
  const c = await TestChain.create();
  await c.block([]);
  const s = new TestSigners();
  const r = await c.block([s.tx('bdg-ppk', 'identity.rotate_key', { memberId: 'bdg-ppk', newPubKey: testKey('bdg-ppk-new').publicKey })]);
  assert.equal(r.txResults[0]!.code, 0);
  const m = await c.queryJson<{ pubKey: string; keys: Array<{ pubKey: string; fromHeight: number; toHeight: number | null }>; nonce: number }>('/identity/member/bdg-ppk');
  assert.equal(m.keys.length, 2);
  assert.equal(m.keys[0]!.pubKey, Buffer.from(testKey('bdg-ppk').publicKey).toString('base64'));
  assert.deepEqual([m.keys[0]!.fromHeight, m.keys[0]!.toHeight, m.keys[1]!.fromHeight, m.keys[1]!.toHeight], [0, 2, 2, null]);
  const oldKeyTx = buildTx(testKey('bdg-ppk'), CHAIN, 2, 'identity.rotate_key', { memberId: 'bdg-ppk', newPubKey: testKey('bdg-ppk-3').publicKey });
  assert.equal(name(c.app.checkTx(oldKeyTx).code), 'KEY_REVOKED');
  const newKeyTx = buildTx(testKey('bdg-ppk-new'), CHAIN, 2, 'identity.rotate_key', { memberId: 'bdg-ppk', newPubKey: testKey('bdg-ppk').publicKey });
  assert.equal((await c.block([newKeyTx])).txResults[0]!.code, Codes.KEY_IN_USE.code, 'a rotated-out key is never reused');
});

test('governance: a new organization takes effect only at a 2/3 quorum of founding institutions', async () => {
  const c = await TestChain.create();
  const s = new TestSigners();
  assert.equal(quorum(4), 3);
  const action = { kind: 'add_org', org: { id: 'pt-baru-jaya', name: 'PT Baru Jaya', kind: 'supplier', auditorKind: null, businessSize: 'non_small' }, admin: { memberId: 'pt-baru-jaya-admin', name: 'Admin PT Baru Jaya', pubKey: testKey('jm-admin').publicKey } };
  let r = await c.block([
    s.tx('lkpp-admin', 'identity.propose', { proposalId: 'join-baru-jaya', action }),
    s.tx('bdg-ppk', 'identity.approve', { proposalId: 'join-baru-jaya' }),
    s.tx('lkpp-admin', 'identity.approve', { proposalId: 'join-baru-jaya' }),
    s.tx('pemkot-bandung-admin', 'identity.approve', { proposalId: 'join-baru-jaya' }),
  ]);
  assert.deepEqual(r.txResults.map((t) => name(t.code)), ['OK', 'UNAUTHORIZED', 'ALREADY_APPROVED', 'OK']);
  const open = await c.queryJson<{ status: string; approvals: string[] }>('/identity/proposal/join-baru-jaya');
  assert.deepEqual(open, { ...open, status: 'open', approvals: ['lkpp', 'pemkot-bandung'] });
  assert.equal((await c.app.query('/identity/org/pt-baru-jaya', new Uint8Array(0), false)).code, Codes.NOT_FOUND.code, 'not yet');
  r = await c.block([s.tx('inspektorat-bandung-admin', 'identity.approve', { proposalId: 'join-baru-jaya' })]);
  assert.equal(r.txResults[0]!.code, 0);
  assert.ok(r.txResults[0]!.events.some((e) => e.type === 'identity.org_added'));
  const org = await c.queryJson<{ kind: string; founding: boolean }>('/identity/org/pt-baru-jaya');
  assert.deepEqual([org.kind, org.founding], ['supplier', false]);
  r = await c.block([s.tx('bpkp-jabar-admin', 'identity.approve', { proposalId: 'join-baru-jaya' })]);
  assert.equal(name(r.txResults[0]!.code), 'PROPOSAL_CLOSED');
});

test('governance: validator changes come out of FinalizeBlock only after the quorum', async () => {
  const c = await TestChain.create();
  const s = new TestSigners();
  const pk = testKey('validator-new').publicKey;
  let r = await c.block([
    s.tx('lkpp-admin', 'identity.propose', { proposalId: 'add-val', action: { kind: 'set_validator', orgId: 'lkpp', pubKey: pk, power: 5 } }),
    s.tx('bpkp-jabar-admin', 'identity.approve', { proposalId: 'add-val' }),
  ]);
  assert.deepEqual(r.validatorUpdates, []);
  r = await c.block([s.tx('inspektorat-bandung-admin', 'identity.approve', { proposalId: 'add-val' })]);
  assert.deepEqual(r.validatorUpdates, [{ pubKey: pk, power: 5 }]);
  const vals = await c.queryJson<unknown[]>('/identity/validators');
  assert.equal(vals.length, 5);
  r = await c.block([s.tx('lkpp-admin', 'identity.propose', { proposalId: 'rm-ghost', action: { kind: 'set_validator', orgId: 'lkpp', pubKey: testKey('ghost').publicKey, power: 0 } })]);
  assert.equal(r.txResults[0]!.code, 0, 'proposing is fine');
  r = await c.block([s.tx('bpkp-jabar-admin', 'identity.approve', { proposalId: 'rm-ghost' }), s.tx('pemkot-bandung-admin', 'identity.approve', { proposalId: 'rm-ghost' })]);
  assert.deepEqual(r.txResults.map((t) => name(t.code)), ['OK', 'NOT_FOUND'], 'removing an unknown validator is refused, never sent to CometBFT');
  assert.deepEqual(r.validatorUpdates, []);
});

test('queries: unknown paths and oversize keys are answered with a code', async () => {
  const c = await TestChain.create();
  await c.block([]);
  assert.equal((await c.app.query('/nope', new Uint8Array(0), false)).code, Codes.BAD_QUERY.code);
  assert.equal((await c.app.query('/identity/nope', new Uint8Array(0), false)).code, Codes.BAD_QUERY.code);
  assert.equal((await c.app.query('/key', new Uint8Array(2000), true)).code, Codes.BAD_QUERY.code);
  const m = await c.app.query('/key', new TextEncoder().encode('identity/member/bdg-ppk'), true);
  assert.equal(m.code, 0);
  assert.ok(m.proof && m.proof.nodes.length > 0);
});

test('mempool nonce view: reset at commit, rebuilt by the recheck of what is left', async () => {
  const c = await TestChain.create();
  await c.block([]);
  const admin = testKey('pemkot-bandung-admin');
  const add = (nonce: number, id: string) => buildTx(admin, CHAIN, nonce, 'identity.add_member', { memberId: id, name: `Pegawai ${id}`, roles: ['ppk'], pubKey: testKey(id).publicKey });
  const [t1, t2, t3] = [add(1, 'mem-one'), add(2, 'mem-two'), add(3, 'mem-three')];
  for (const t of [t1, t2, t3]) assert.equal(c.app.checkTx(t).code, 0);
  await c.block([t1]);
  // CometBFT rechecks t2 and t3, in mempool order, after the commit.
  assert.equal(c.app.checkTx(t2).code, 0);
  assert.equal(c.app.checkTx(t3).code, 0);
  assert.equal(name(c.app.checkTx(add(3, 'mem-dup')).code), 'NONCE_REPLAYED', 'nonce 3 is taken by a pending tx');
  assert.equal(c.app.checkTx(add(4, 'mem-four')).code, 0);
});

test('a proof asked for between FinalizeBlock and Commit is answered against the committed root', async () => {
  const c = await TestChain.create();
  await c.block([]);
  const s = new TestSigners();
  const key = new TextEncoder().encode('identity/member/bdg-late');
  const staged = await c.app.finalizeBlock({ height: 2, timeMs: c.timeMs + 5000, txs: [s.tx('pemkot-bandung-admin', 'identity.add_member', { memberId: 'bdg-late', name: 'Pegawai Baru', roles: ['ppk'], pubKey: testKey('bdg-late').publicKey })] });
  assert.equal(staged.txResults[0]!.code, 0);
  let answered = false;
  const pending = c.app.query('/key', key, true).then((r) => ((answered = true), r));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(answered, false, 'waits while the block is staged');
  c.app.commit();
  c.height = 2;
  const r = await pending;
  assert.equal(r.height, 2);
  assert.ok(r.value.length > 0, 'sees the committed member');
  assert.ok(await verifyStateProof(staged.appHash, key, r.value, r.proof!));
});

test('PrepareProposal keeps each member\'s nonces in sequence and leaves the rest in the mempool', async () => {
  const c = await TestChain.create();
  await c.block([]);
  const admin = testKey('pemkot-bandung-admin');
  const add = (nonce: number, id: string) => buildTx(admin, CHAIN, nonce, 'identity.add_member', { memberId: id, name: `Pegawai ${id}`, roles: ['ppk'], pubKey: testKey(id).publicKey });
  const [t1, t2, t3] = [add(1, 'mem-one'), add(2, 'mem-two'), add(3, 'mem-three')];
  const other = buildTx(testKey('bdg-ppk'), CHAIN, 1, 'identity.rotate_key', { memberId: 'bdg-ppk', newPubKey: testKey('bdg-ppk-2').publicKey });
  const junk = new Uint8Array([1, 2, 3]);
  assert.deepEqual(c.app.prepareProposal([t2, t1, junk, other, t3], 1_000_000), [t1, other], 't2 came before t1: it waits; junk is dropped');
  assert.deepEqual(c.app.prepareProposal([t1, t2, t3], t1.length + t2.length), [t1, t2], 'the byte limit is respected');
  const r = await c.block(c.app.prepareProposal([t1, t2, t3, other], 1_000_000));
  assert.ok(r.txResults.every((t) => t.code === 0));
});
