/**
 * ABCI over CometBFT's socket protocol: each message is a protobuf `tendermint.abci.Request` /
 * `Response` prefixed with its length as an unsigned varint. CometBFT opens several connections
 * (consensus, mempool, query, snapshot); each is answered in order, and all requests to the
 * application pass through one queue so that the application sees one call at a time.
 */
import net from 'node:net';
import * as dagCbor from '@ipld/dag-cbor';
import './protobuf-numbers.js';
import { tendermint } from './gen/abci.js';
import type { LedgerApp } from '../app.js';

const { Request, Response } = tendermint.abci;
type Req = ReturnType<typeof Request.decode>;
type ResProps = ConstructorParameters<typeof Response>[0];

const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface AbciServerOptions {
  /** "tcp://127.0.0.1:26658" or "unix:///path/app.sock". */
  address: string;
  app: LedgerApp;
  version: string;
  log?: (msg: string) => void;
}

/** Reads unsigned-varint length-prefixed frames out of a byte stream. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): Buffer[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Buffer[] = [];
    let off = 0;
    for (;;) {
      let len = 0;
      let shift = 0;
      let i = off;
      let complete = false;
      while (i < this.buf.length) {
        const b = this.buf[i++]!;
        len += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if ((b & 0x80) === 0) {
          complete = true;
          break;
        }
        if (shift > 35) throw new Error('ABCI frame length varint too long');
      }
      if (!complete) break;
      if (len > MAX_MESSAGE_BYTES) throw new Error(`ABCI frame of ${len} bytes exceeds the limit`);
      if (this.buf.length - i < len) break;
      out.push(this.buf.subarray(i, i + len));
      off = i + len;
    }
    this.buf = off === this.buf.length ? Buffer.alloc(0) : this.buf.subarray(off);
    return out;
  }
}

export function encodeFrame(payload: Uint8Array): Buffer {
  const head: number[] = [];
  let n = payload.length;
  while (n >= 0x80) {
    head.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  head.push(n);
  return Buffer.concat([Buffer.from(head), payload]);
}

function timestampMs(t: { seconds?: number | null; nanos?: number | null } | null | undefined): number {
  return (t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);
}

/** Answers one request. Exported for unit tests; the server calls it through its queue. */
export async function handleRequest(app: LedgerApp, version: string, req: Req): Promise<ResProps> {
  switch (req.value) {
    case 'echo':
      return { echo: { message: req.echo?.message ?? '' } };
    case 'flush':
      return { flush: {} };
    case 'info': {
      const i = app.info();
      return { info: { data: 'prasasti', version, appVersion: 1, lastBlockHeight: i.height, lastBlockAppHash: i.appHash } };
    }
    case 'initChain': {
      const r = req.initChain!;
      const validators = (r.validators ?? []).map((v) => ({ pubKey: v.pubKey?.ed25519 ?? new Uint8Array(0), power: Number(v.power ?? 0) }));
      const appHash = await app.initChain(r.appStateBytes ?? new Uint8Array(0), validators, timestampMs(r.time));
      return { initChain: { appHash } };
    }
    case 'query': {
      const q = req.query!;
      const r = await app.query(q.path ?? '', q.data ?? new Uint8Array(0), q.prove ?? false);
      return {
        query: {
          code: r.code,
          log: r.log,
          key: r.key,
          value: r.value,
          height: r.height,
          codespace: r.code ? 'prasasti' : '',
          proofOps: r.proof ? { ops: [{ type: 'prasasti:mpt-sha256', key: r.key, data: encodeProofNodes(r.proof.nodes) }] } : null,
        },
      };
    }
    case 'checkTx': {
      const r = app.checkTx(req.checkTx?.tx ?? new Uint8Array(0));
      return { checkTx: { code: r.code, log: r.log, info: r.info, codespace: r.codespace, gasWanted: 1 } };
    }
    case 'prepareProposal': {
      const p = req.prepareProposal!;
      return { prepareProposal: { txs: app.prepareProposal(p.txs ?? [], Number(p.maxTxBytes ?? 0)) } };
    }
    case 'processProposal':
      // Invalid transactions in a block are answered with an error code in FinalizeBlock; the
      // block itself is acceptable to every honest node, so there is nothing to reject here.
      return { processProposal: { status: tendermint.abci.ResponseProcessProposal.ProposalStatus.ACCEPT } };
    case 'extendVote':
      return { extendVote: { voteExtension: new Uint8Array(0) } };
    case 'verifyVoteExtension': {
      const empty = (req.verifyVoteExtension?.voteExtension?.length ?? 0) === 0;
      const S = tendermint.abci.ResponseVerifyVoteExtension.VerifyStatus;
      return { verifyVoteExtension: { status: empty ? S.ACCEPT : S.REJECT } };
    }
    case 'finalizeBlock': {
      const f = req.finalizeBlock!;
      const r = await app.finalizeBlock({ height: Number(f.height ?? 0), timeMs: timestampMs(f.time), txs: f.txs ?? [] });
      return {
        finalizeBlock: {
          txResults: r.txResults.map((t) => ({ code: t.code, log: t.log, info: t.info, codespace: t.codespace, events: t.events, gasWanted: 1, gasUsed: 1 })),
          validatorUpdates: r.validatorUpdates.map((u) => ({ pubKey: { ed25519: u.pubKey }, power: u.power })),
          appHash: r.appHash,
          events: r.events,
        },
      };
    }
    case 'commit':
      app.commit();
      return { commit: { retainHeight: 0 } };
    // State sync is not offered: nodes catch up by replaying blocks, which re-checks every rule.
    case 'listSnapshots':
      return { listSnapshots: { snapshots: [] } };
    case 'offerSnapshot':
      return { offerSnapshot: { result: tendermint.abci.ResponseOfferSnapshot.Result.REJECT } };
    case 'loadSnapshotChunk':
      return { loadSnapshotChunk: { chunk: new Uint8Array(0) } };
    case 'applySnapshotChunk':
      return { applySnapshotChunk: { result: tendermint.abci.ResponseApplySnapshotChunk.Result.ABORT } };
    default:
      return { exception: { error: `unknown ABCI request ${String(req.value)}` } };
  }
}

export function encodeProofNodes(nodes: Uint8Array[]): Uint8Array {
  return dagCbor.encode(nodes);
}
export function decodeProofNodes(data: Uint8Array): Uint8Array[] {
  const v = dagCbor.decode(data);
  if (!Array.isArray(v) || !v.every((n) => n instanceof Uint8Array)) throw new Error('proof data is not a list of trie nodes');
  return v;
}

/** Starts the ABCI socket server; resolves once listening. */
export function startAbciServer(opts: AbciServerOptions): Promise<net.Server> {
  const log = opts.log ?? (() => {});
  let queue: Promise<unknown> = Promise.resolve();
  const serialize = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = queue.then(fn);
    queue = p.catch(() => undefined);
    return p;
  };
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    const reader = new FrameReader();
    let chain: Promise<void> = Promise.resolve();
    socket.on('data', (chunk) => {
      let frames: Buffer[];
      try {
        frames = reader.push(chunk);
      } catch (e) {
        log(`abci: closing connection: ${(e as Error).message}`);
        socket.destroy();
        return;
      }
      if (frames.length === 0) return;
      chain = chain.then(async () => {
        const out: Buffer[] = [];
        for (const frame of frames) {
          let res: ResProps;
          try {
            const req = Request.decode(frame);
            // Queries only read committed state and may wait for a Commit, so they must not hold
            // the queue that the Commit comes through.
            res = req.value === 'query' ? await handleRequest(opts.app, opts.version, req) : await serialize(() => handleRequest(opts.app, opts.version, req));
          } catch (e) {
            // A broken invariant or storage failure: report it; CometBFT stops on exceptions,
            // which is right — a node must not go on with state it cannot trust.
            log(`abci: exception: ${(e as Error).stack ?? String(e)}`);
            res = { exception: { error: (e as Error).message } };
          }
          out.push(encodeFrame(Response.encode(res!).finish()));
        }
        if (!socket.destroyed) socket.write(out.length === 1 ? out[0]! : Buffer.concat(out));
      });
    });
    socket.on('error', (e) => log(`abci: connection error: ${e.message}`));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const a = opts.address;
    if (a.startsWith('unix://')) server.listen(a.slice('unix://'.length), () => resolve(server));
    else {
      const u = new URL(a.replace(/^tcp:/, 'http:'));
      server.listen(Number(u.port), u.hostname, () => resolve(server));
    }
  });
}
