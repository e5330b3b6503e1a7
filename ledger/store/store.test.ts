import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StateStore } from './store.js';
import { verifyStateProof, EMPTY_ROOT } from './commitment.js';

const enc = (s: string) => new TextEncoder().encode(s);

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'prasasti-store-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('commit persists state, height and AppHash; reopening resumes exactly', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 's.sqlite');
    const s = await StateStore.open(file);
    assert.deepEqual(s.info(), { height: 0, appHash: new Uint8Array(0) });
    const b = s.branch();
    b.set(enc('a/1'), enc('one'));
    b.set(enc('a/2'), enc('two'));
    b.write();
    const h1 = await s.computeAppHash(1);
    s.commit();
    const b2 = s.branch();
    b2.delete(enc('a/1'));
    b2.set(enc('b/1'), enc('bee'));
    b2.write();
    const h2 = await s.computeAppHash(2);
    s.commit();
    assert.notDeepEqual(h1, h2);
    s.close();
    const r = await StateStore.open(file);
    assert.equal(r.info().height, 2);
    assert.deepEqual(r.info().appHash, h2);
    assert.equal(r.committedState().get(enc('a/1')), undefined);
    assert.deepEqual(r.committedState().get(enc('b/1')), enc('bee'));
    // The trie reopened at the committed root: an empty block keeps the AppHash.
    assert.deepEqual(await r.computeAppHash(3), h2);
    r.close();
  }));

test('the AppHash depends only on the final state, not on write order within a block', async () => {
  const a = await StateStore.open(':memory:');
  const b = await StateStore.open(':memory:');
  const x = a.branch();
  x.set(enc('k1'), enc('v1'));
  x.set(enc('k2'), enc('v2'));
  x.write();
  const y = b.branch();
  y.set(enc('k2'), enc('old'));
  y.set(enc('k1'), enc('v1'));
  y.set(enc('k2'), enc('v2'));
  y.write();
  assert.deepEqual(await a.computeAppHash(1), await b.computeAppHash(1));
});

test('a branch that is not written leaves the block untouched', async () => {
  const s = await StateStore.open(':memory:');
  const before = await s.computeAppHash(1);
  const br = s.branch();
  br.set(enc('k'), enc('v'));
  assert.deepEqual(br.get(enc('k')), enc('v'));
  assert.equal(s.branch().get(enc('k')), undefined);
  assert.deepEqual(await s.computeAppHash(1), before);
  assert.deepEqual(before, EMPTY_ROOT);
});

test('scan merges committed state and pending writes in key order', async () => {
  const s = await StateStore.open(':memory:');
  const b = s.branch();
  for (const k of ['p/3', 'p/1', 'q/1']) b.set(enc(k), enc(k));
  b.write();
  await s.computeAppHash(1);
  s.commit();
  const c = s.branch();
  c.set(enc('p/2'), enc('p/2'));
  c.delete(enc('p/3'));
  assert.deepEqual(c.scan(enc('p/')).map(([k]) => new TextDecoder().decode(k)), ['p/1', 'p/2']);
});

test('proofs: membership and non-membership verify against the AppHash; tampering fails', async () => {
  const s = await StateStore.open(':memory:');
  const b = s.branch();
  for (let i = 0; i < 200; i++) b.set(enc(`k/${i}`), enc(`value ${i}`));
  b.write();
  const root = await s.computeAppHash(1);
  s.commit();
  const present = await s.prove(enc('k/17'));
  assert.deepEqual(present.appHash, root);
  assert.deepEqual(present.value, enc('value 17'));
  assert.equal(await verifyStateProof(root, enc('k/17'), enc('value 17'), present.proof), true);
  assert.equal(await verifyStateProof(root, enc('k/17'), enc('value 18'), present.proof), false, 'wrong value');
  assert.equal(await verifyStateProof(root, enc('k/17'), null, present.proof), false, 'claims absence of a present key');
  const absent = await s.prove(enc('k/999'));
  assert.equal(absent.value, undefined);
  assert.equal(await verifyStateProof(root, enc('k/999'), null, absent.proof), true);
  assert.equal(await verifyStateProof(root, enc('k/999'), enc('x'), absent.proof), false);
  const other = new Uint8Array(root);
  other[0]! ^= 1;
  assert.equal(await verifyStateProof(other, enc('k/17'), enc('value 17'), present.proof), false, 'other root');
  const tampered = present.proof.nodes.map((n) => Uint8Array.from(n));
  tampered[tampered.length - 1]![5]! ^= 0xff;
  assert.equal(await verifyStateProof(root, enc('k/17'), enc('value 17'), { nodes: tampered }), false, 'tampered node');
});
