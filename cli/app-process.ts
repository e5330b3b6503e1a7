/** `prasasti app`: one node's ledger application, serving ABCI to its CometBFT. */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { LedgerApp } from '../ledger/app.js';
import { startAbciServer } from '../ledger/abci/server.js';
import { StateStore } from '../ledger/store/store.js';

export const APP_SEMVER = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string;

export async function runApp(home: string, abciAddress: string): Promise<void> {
  const genesis = JSON.parse(readFileSync(path.join(home, 'config', 'genesis.json'), 'utf8')) as { chain_id: string };
  const store = await StateStore.open(path.join(home, 'data', 'prasasti-state.sqlite'));
  const app = new LedgerApp(store, genesis.chain_id);
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
