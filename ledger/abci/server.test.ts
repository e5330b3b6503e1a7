import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { encodeFrame, FrameReader, startAbciServer } from './server.js';
import { tendermint } from './gen/abci.js';
import { LedgerApp } from '../app.js';
import { StateStore } from '../store/store.js';
import { CHAIN, testAppState, testValidators } from '../../test/support/genesis.js';
import { Prng } from '../../test/support/prng.js';

const { Request, Response } = tendermint.abci;

test('FrameReader reassembles frames split anywhere and rejects absurd lengths', () => {
  const payloads = [new Uint8Array(0), new Uint8Array(5).fill(1), new Uint8Array(300).fill(2), new Uint8Array(70_000).fill(3)];
  const stream = Buffer.concat(payloads.map((p) => encodeFrame(p)));
  const r = new Prng(7);
  for (let trial = 0; trial < 50; trial++) {
    const reader = new FrameReader();
    const got: Buffer[] = [];
    let off = 0;
    while (off < stream.length) {
      const n = 1 + r.int(500);
      got.push(...reader.push(stream.subarray(off, off + n)));
      off += n;
    }
    assert.deepEqual(got.map((g) => g.length), payloads.map((p) => p.length));
  }
  assert.throws(() => new FrameReader().push(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])));
});

test('FrameReader fuzz: random byte streams never crash it (they may only throw an Error)', () => {
  const r = new Prng(11);
  for (let i = 0; i < 20_000; i++) {
    const reader = new FrameReader();
    try {
      for (let j = r.int(4); j >= 0; j--) reader.push(Buffer.from(r.bytes(r.int(64))));
    } catch (e) {
      assert.ok(e instanceof Error);
    }
  }
});

function client(port: number) {
  const sock = net.connect(port, '127.0.0.1');
  const reader = new FrameReader();
  const waiting: Array<(r: ReturnType<typeof Response.decode>) => void> = [];
  sock.on('data', (d) => {
    for (const f of reader.push(d)) waiting.shift()!(Response.decode(f));
  });
  return {
    call(req: ConstructorParameters<typeof Request>[0]) {
      return new Promise<ReturnType<typeof Response.decode>>((resolve) => {
        waiting.push(resolve);
        sock.write(encodeFrame(Request.encode(req!).finish()));
      });
    },
    close: () => sock.destroy(),
  };
}

test('ABCI socket server answers the full method set in order over one connection', async () => {
  const app = new LedgerApp(await StateStore.open(':memory:'), CHAIN);
  const server = await startAbciServer({ address: 'tcp://127.0.0.1:0', app, version: 'test' });
  const port = (server.address() as net.AddressInfo).port;
  const c = client(port);
  try {
    assert.equal((await c.call({ echo: { message: 'halo' } })).echo?.message, 'halo');
    assert.ok((await c.call({ flush: {} })).flush);
    const info = await c.call({ info: {} });
    assert.equal(info.info?.lastBlockHeight ?? 0, 0);
    const init = await c.call({ initChain: { chainId: CHAIN, appStateBytes: testAppState(), validators: testValidators().map((v) => ({ pubKey: { ed25519: v.pubKey }, power: v.power })) } });
    assert.equal(init.initChain?.appHash?.length, 32);
    assert.equal((await c.call({ checkTx: { tx: new Uint8Array([1, 2]) } })).checkTx?.code, 1);
    const prep = await c.call({ prepareProposal: { maxTxBytes: 1000, txs: [new Uint8Array([9])] } });
    assert.deepEqual(prep.prepareProposal?.txs ?? [], [], 'malformed txs are left out of proposals');
    assert.equal((await c.call({ processProposal: { txs: [] } })).processProposal?.status, tendermint.abci.ResponseProcessProposal.ProposalStatus.ACCEPT);
    assert.equal((await c.call({ extendVote: {} })).extendVote?.voteExtension?.length ?? 0, 0);
    assert.equal((await c.call({ verifyVoteExtension: { voteExtension: new Uint8Array([1]) } })).verifyVoteExtension?.status, tendermint.abci.ResponseVerifyVoteExtension.VerifyStatus.REJECT);
    const fin = await c.call({ finalizeBlock: { height: 1, time: { seconds: 1767225600, nanos: 0 }, txs: [new Uint8Array([7])] } });
    assert.equal(fin.finalizeBlock?.txResults?.[0]?.code, 1);
    assert.equal(fin.finalizeBlock?.appHash?.length, 32);
    await c.call({ commit: {} });
    const after = await c.call({ info: {} });
    assert.equal(after.info?.lastBlockHeight, 1);
    assert.deepEqual(after.info?.lastBlockAppHash, fin.finalizeBlock?.appHash);
    const q = await c.call({ query: { path: '/key', data: new TextEncoder().encode('identity/member/bdg-ppk'), prove: true } });
    assert.equal(q.query?.code ?? 0, 0);
    assert.equal(q.query?.proofOps?.ops?.[0]?.type, 'prasasti:mpt-sha256');
    assert.deepEqual((await c.call({ listSnapshots: {} })).listSnapshots?.snapshots ?? [], []);
    assert.equal((await c.call({ offerSnapshot: {} })).offerSnapshot?.result, tendermint.abci.ResponseOfferSnapshot.Result.REJECT);
    assert.equal((await c.call({ applySnapshotChunk: {} })).applySnapshotChunk?.result, tendermint.abci.ResponseApplySnapshotChunk.Result.ABORT);
  } finally {
    c.close();
    server.close();
  }
});
