/**
 * Runs the indexer from the command line:
 *
 *   node --import tsx indexer/index-main.ts --rpc <url> --db <sqlite path | postgres://…> --data <dir>
 *        [--to <height>] [--rebuild] [--follow] [--ocid-prefix <prefix>]
 *
 * Catches up to `--to` (default: the node's latest height), or with `--follow` keeps following new
 * blocks until SIGINT/SIGTERM. `--rebuild` first deletes the ledger's read models and the replica.
 * Prints `height N` after each indexed block and `indexed to N` at the end; exits 2 when the
 * replica diverges from what the validators committed.
 */
import { parseArgs } from 'node:util';
import { openReadModels } from './db.js';
import { Indexer } from './indexer.js';
import { DivergenceError } from './replica.js';

const USAGE = 'usage: index-main.ts --rpc <url> --db <sqlite path | postgres://…> --data <dir> [--to <height>] [--rebuild] [--follow] [--ocid-prefix <prefix>]';

const { values: args } = parseArgs({
  options: {
    rpc: { type: 'string' },
    db: { type: 'string' },
    data: { type: 'string' },
    to: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
    follow: { type: 'boolean', default: false },
    'ocid-prefix': { type: 'string', default: 'ocds-prasasti' },
  },
});
if (!args.rpc || !args.db || !args.data) {
  console.error(USAGE);
  process.exit(64);
}
const target = args.to === undefined ? undefined : Number(args.to);
if (target !== undefined && !(Number.isInteger(target) && target > 0)) {
  console.error(`--to must be a positive height, got ${args.to}`);
  process.exit(64);
}

const readModels = await openReadModels({ url: args.db });
const indexer = await Indexer.open({
  rpcUrl: args.rpc,
  dataDir: args.data,
  readModels,
  ocidPrefix: args['ocid-prefix'],
  onBlock: (height) => console.log(`height ${height}`),
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => indexer.stop());
let exitCode = 0;
try {
  const reached = args.rebuild ? await indexer.rebuild(target) : await indexer.catchUp(target);
  console.log(`indexed to ${reached}`);
  if (args.follow) await indexer.follow();
} catch (e) {
  console.error(e instanceof DivergenceError ? `divergence: ${e.message}` : e);
  exitCode = e instanceof DivergenceError ? 2 : 1;
} finally {
  indexer.close();
  await readModels.close();
}
process.exit(exitCode);
