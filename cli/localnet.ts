/**
 * A local network: for each node, its ledger application (`prasasti app`) and its CometBFT, as
 * two processes, exactly as an institution runs them. Used by `prasasti localnet` and the tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, mkdirSync, closeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { cometbftBinary, PROJECT_ROOT } from './tools.js';
import { readLayout, type NetworkLayout } from './network.js';

export interface NodeStatus {
  height: number;
  appHash: string;
  catchingUp: boolean;
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > deadline) reject(new Error(`port ${port} did not open within ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function exited(p: ChildProcess | undefined): boolean {
  return !p || p.exitCode !== null || p.signalCode !== null;
}

function waitExit(p: ChildProcess | undefined, ms: number): Promise<void> {
  if (exited(p)) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      p!.kill('SIGKILL');
    }, ms);
    p!.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

export class Localnet {
  readonly layout: NetworkLayout;
  private apps: Array<ChildProcess | undefined> = [];
  private comets: Array<ChildProcess | undefined> = [];

  constructor(home: string, private readonly opts: { quiet?: boolean; cometLogLevel?: string } = {}) {
    this.layout = readLayout(home);
    // If this process dies, its nodes die with it rather than linger on their ports.
    process.once('exit', () => {
      for (const p of [...this.comets, ...this.apps]) if (p && !exited(p)) p.kill('SIGKILL');
    });
  }

  rpcUrl(i: number): string {
    return `http://127.0.0.1:${this.layout.nodes[i]!.ports.rpc}`;
  }

  private logFile(i: number, name: string): number {
    const dir = path.join(this.layout.home, 'logs');
    mkdirSync(dir, { recursive: true });
    return openSync(path.join(dir, `node${i}-${name}.log`), 'a');
  }

  async startApp(i: number, env: Record<string, string> = {}): Promise<void> {
    const n = this.layout.nodes[i]!;
    const fd = this.logFile(i, 'app');
    // PRASASTI_APP_NODE_ARGS adds Node.js flags to each application (e.g. --cpu-prof for profiling).
    const extra = (process.env.PRASASTI_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...extra, '--import', 'tsx', path.join(PROJECT_ROOT, 'cli', 'main.ts'), 'app', '--home', n.home, '--abci', `tcp://127.0.0.1:${n.ports.abci}`], {
      stdio: ['ignore', fd, fd],
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
    });
    closeSync(fd);
    this.apps[i] = child;
    await waitForPort(n.ports.abci, 30_000);
  }

  startComet(i: number): void {
    const n = this.layout.nodes[i]!;
    const fd = this.logFile(i, 'cometbft');
    const args = ['start', '--home', n.home];
    if (this.opts.cometLogLevel) args.push('--log_level', this.opts.cometLogLevel);
    const child = spawn(cometbftBinary(), args, { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    this.comets[i] = child;
  }

  /** Starts node i: its application first, then its CometBFT. */
  async startNode(i: number, env: Record<string, string> = {}): Promise<void> {
    await this.startApp(i, env);
    this.startComet(i);
  }

  async start(): Promise<void> {
    await Promise.all(this.layout.nodes.map((_, i) => this.startApp(i)));
    this.layout.nodes.forEach((_, i) => this.startComet(i));
  }

  /** Stops node i gracefully (CometBFT first, then its application). */
  async stopNode(i: number): Promise<void> {
    this.comets[i]?.kill('SIGTERM');
    await waitExit(this.comets[i], 10_000);
    this.apps[i]?.kill('SIGTERM');
    await waitExit(this.apps[i], 10_000);
  }

  /** Kills node i's application with SIGKILL (CometBFT then stops on the lost connection). */
  async killApp(i: number): Promise<void> {
    this.apps[i]?.kill('SIGKILL');
    await waitExit(this.apps[i], 5_000);
    await waitExit(this.comets[i], 15_000);
  }

  /** Waits until node i's processes have exited by themselves (e.g. after an injected crash). */
  async waitStopped(i: number, timeoutMs: number): Promise<{ appSignal: string | null; stoppedByItself: boolean }> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !(exited(this.apps[i]) && exited(this.comets[i]))) await new Promise((r) => setTimeout(r, 100));
    const stoppedByItself = exited(this.apps[i]) && exited(this.comets[i]);
    if (!stoppedByItself) await this.stopNode(i);
    return { appSignal: this.apps[i]?.signalCode ?? null, stoppedByItself };
  }

  /** Process ids of the running applications and CometBFT nodes (for CPU accounting). */
  pids(): { apps: number[]; comets: number[] } {
    const live = (ps: Array<ChildProcess | undefined>) => ps.filter((p): p is ChildProcess => !exited(p) && p?.pid !== undefined).map((p) => p.pid!);
    return { apps: live(this.apps), comets: live(this.comets) };
  }

  /** The path of node i's log file for `name` ('app' or 'cometbft'). */
  logPath(i: number, name: 'app' | 'cometbft'): string {
    return path.join(this.layout.home, 'logs', `node${i}-${name}.log`);
  }

  isRunning(i: number): boolean {
    return !exited(this.comets[i]) && !exited(this.apps[i]);
  }

  async stop(): Promise<void> {
    await Promise.all(this.layout.nodes.map((_, i) => this.stopNode(i)));
  }

  async status(i: number): Promise<NodeStatus> {
    const r = await rpc<{ sync_info: { latest_block_height: string; latest_app_hash: string; catching_up: boolean } }>(this.rpcUrl(i), 'status');
    return { height: Number(r.sync_info.latest_block_height), appHash: r.sync_info.latest_app_hash, catchingUp: r.sync_info.catching_up };
  }

  /** Waits until node i has committed `height` (or throws after `timeoutMs`). */
  async waitForHeight(i: number, height: number, timeoutMs = 60_000): Promise<NodeStatus> {
    const deadline = Date.now() + timeoutMs;
    let last: NodeStatus | undefined;
    for (;;) {
      try {
        last = await this.status(i);
        if (last.height >= height) return last;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`node ${i} did not reach height ${height} in ${timeoutMs} ms (at ${last?.height ?? 'unreachable'})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Calls a CometBFT JSON-RPC method over HTTP. */
export async function rpc<T>(base: string, method: string, params: Record<string, unknown> = {}, timeoutMs = 10_000): Promise<T> {
  const res = await postJson(base, { jsonrpc: '2.0', id: 1, method, params }, timeoutMs);
  const body = (await res.json()) as { result?: T; error?: { message: string; data?: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message} ${body.error.data ?? ''}`);
  return body.result as T;
}

/**
 * POSTs JSON to a CometBFT RPC endpoint. A kept-alive connection that the server closed while idle
 * fails before any answer; that one case is tried once more on a new connection (re-sending a
 * broadcast is safe: CometBFT's cache answers "tx already exists in cache").
 */
export async function postJson(url: string, body: unknown, timeoutMs: number): Promise<Response> {
  const send = () =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
  try {
    return await send();
  } catch (e) {
    const cause = String((e as { cause?: { message?: string; code?: string } }).cause?.message ?? (e as { cause?: { code?: string } }).cause?.code ?? '');
    if (/other side closed|ECONNRESET|socket hang up/.test(cause)) return send();
    throw e;
  }
}
