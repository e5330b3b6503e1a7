/** `prasasti app`: one node's ledger application, serving ABCI to its CometBFT. */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { LedgerApp } from '../ledger/app.js';
import { startAbciServer } from '../ledger/abci/server.js';
import { StateStore } from '../ledger/store/store.js';

export const APP_SEMVER = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string;

/**
 * Crash injection for tests: PRASASTI_CRASH_AT="<point>@<height>" makes the process SIGKILL itself
 * at that point of that block. Points: finalize-begin, finalize-end (AppHash computed, not yet
 * answered), commit-begin, commit-mid (inside the SQLite transaction), commit-end (durable, not
 * yet answered).
 */
function crashInjector(): (point: string, height: number) => void {
  const spec = process.env.PRASASTI_CRASH_AT;
  if (!spec) return () => {};
  const [where, h] = spec.split('@');
  return (point, height) => {
    if (point === where && height === Number(h)) {
      process.stderr.write(`prasasti app: crash injected at ${point}@${height}\n`);
      process.kill(process.pid, 'SIGKILL');
    }
  };
}

function withCrashPoints(app: LedgerApp, crash: (point: string, height: number) => void): void {
  const finalize = app.finalizeBlock.bind(app);
  const commit = app.commit.bind(app);
  let height = 0;
  app.finalizeBlock = async (block) => {
    height = block.height;
    crash('finalize-begin', height);
    const r = await finalize(block);
    crash('finalize-end', height);
    return r;
  };
  app.commit = () => {
    crash('commit-begin', height);
    const r = commit();
    crash('commit-end', height);
    return r;
  };
}

export async function runApp(home: string, abciAddress: string): Promise<void> {
  const genesis = JSON.parse(readFileSync(path.join(home, 'config', 'genesis.json'), 'utf8')) as { chain_id: string };
  const crash = crashInjector();
  const store = await StateStore.open(path.join(home, 'data', 'prasasti-state.sqlite'), { insideCommit: (h) => crash('commit-mid', h) });
  const app = new LedgerApp(store, genesis.chain_id);
  if (process.env.PRASASTI_CRASH_AT) withCrashPoints(app, crash);
  const log = (m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`);
  const server = await startAbciServer({ address: abciAddress, app, version: APP_SEMVER, log });
  const info = store.info();
  log(`prasasti app: listening on ${abciAddress}, chain ${genesis.chain_id}, committed height ${info.height}`);
  const stop = () => {
    server.close();
    store.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
