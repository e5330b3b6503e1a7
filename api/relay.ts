/**
 * Transaction relay: takes a transaction someone else signed, broadcasts it to this node's
 * CometBFT (`broadcast_tx_sync`), and waits for its commit through CometBFT's event subscription
 * (one WebSocket subscription to all committed txs, matched here by hash). It never signs.
 */
import WebSocket from 'ws';
import { rpc } from '../cli/localnet.js';
import { txHashHex } from '../ledger/app.js';

export interface RelayResult {
  hash: string;
  code: number;
  log: string;
  /** Committed height; absent when CheckTx refused the transaction (it never reached a block). */
  height?: number;
  stage: 'check' | 'commit';
}

interface Waiter {
  resolve: (r: { height: number; code: number; log: string }) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class Relay {
  private ws: WebSocket | undefined;
  private ready: Promise<void> | undefined;
  private readonly waiters = new Map<string, Waiter[]>();
  private closed = false;

  constructor(
    private readonly rpcUrl: string,
    private readonly timeoutMs = 30_000,
  ) {}

  /** Opens (or re-opens) the subscription to committed transactions. */
  private connect(): Promise<void> {
    if (this.ready) return this.ready;
    this.ready = new Promise<void>((resolve, reject) => {
      const url = this.rpcUrl.replace(/^http/, 'ws').replace(/\/$/, '') + '/websocket';
      const ws = new WebSocket(url);
      this.ws = ws;
      ws.on('open', () => {
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: 'txs', method: 'subscribe', params: { query: "tm.event='Tx'" } }));
      });
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { id?: string; result?: { data?: { value?: { TxResult?: { height: string; tx: string; result: { code?: number; log?: string } } } } }; error?: { message: string } };
        if (msg.error) return reject(new Error(msg.error.message));
        const tr = msg.result?.data?.value?.TxResult;
        if (!tr) {
          if (msg.id === 'txs') resolve();
          return;
        }
        const hash = txHashHex(new Uint8Array(Buffer.from(tr.tx, 'base64')));
        const ws2 = this.waiters.get(hash);
        if (!ws2) return;
        this.waiters.delete(hash);
        for (const w of ws2) {
          clearTimeout(w.timer);
          w.resolve({ height: Number(tr.height), code: tr.result.code ?? 0, log: tr.result.log ?? '' });
        }
      });
      const reset = (e?: Error) => {
        this.ready = undefined;
        this.ws = undefined;
        reject(e ?? new Error('subscription closed'));
      };
      ws.on('error', reset);
      ws.on('close', () => reset());
    });
    return this.ready;
  }

  /** Broadcasts `tx` and waits for its commit (or CheckTx's refusal). */
  async submit(tx: Uint8Array): Promise<RelayResult> {
    if (this.closed) throw new Error('relay closed');
    await this.connect();
    const hash = txHashHex(tx);
    const committed = new Promise<{ height: number; code: number; log: string } | undefined>((resolve) => {
      const timer = setTimeout(() => {
        const list = this.waiters.get(hash)?.filter((w) => w.timer !== timer) ?? [];
        if (list.length) this.waiters.set(hash, list);
        else this.waiters.delete(hash);
        resolve(undefined);
      }, this.timeoutMs);
      const list = this.waiters.get(hash) ?? [];
      list.push({ resolve, timer });
      this.waiters.set(hash, list);
    });
    let check: { code: number; log: string; hash: string };
    try {
      check = await rpc<{ code: number; log: string; hash: string }>(this.rpcUrl, 'broadcast_tx_sync', { tx: Buffer.from(tx).toString('base64') });
    } catch (e) {
      // "tx already exists in cache": an earlier submission of the same bytes is in the mempool; wait for it.
      if (!/already exists in cache/.test(String(e))) {
        this.drop(hash);
        throw e;
      }
      check = { code: 0, log: '', hash };
    }
    if (check.code !== 0) {
      this.drop(hash);
      return { hash, code: check.code, log: check.log ?? '', stage: 'check' };
    }
    const r = await committed;
    if (!r) {
      // The subscription may have missed it (reconnect); ask the node directly.
      const found = await rpc<{ height: string; tx_result: { code?: number; log?: string } }>(this.rpcUrl, 'tx', { hash: `0x${hash}` }).catch(() => undefined);
      if (found) return { hash, code: found.tx_result.code ?? 0, log: found.tx_result.log ?? '', height: Number(found.height), stage: 'commit' };
      throw new CommitTimeout(hash);
    }
    return { hash, code: r.code, log: r.log, height: r.height, stage: 'commit' };
  }

  private drop(hash: string): void {
    for (const w of this.waiters.get(hash) ?? []) clearTimeout(w.timer);
    this.waiters.delete(hash);
  }

  close(): void {
    this.closed = true;
    for (const hash of [...this.waiters.keys()]) this.drop(hash);
    this.ws?.close();
  }
}

export class CommitTimeout extends Error {
  constructor(readonly hash: string) {
    super(`transaction ${hash} was not committed in time`);
  }
}
