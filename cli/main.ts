/** The `prasasti` command: init, localnet, keys, status, app, seed. */
import { Command } from 'commander';
import path from 'node:path';
import { existsSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { DEMO_INSTITUTIONS, initNetwork, readLayout } from './network.js';
import { Localnet, rpc } from './localnet.js';
import { runApp } from './app-process.js';
import { loadKeys, newMemberKey, saveKey, loadKey } from './keyfile.js';
import { seedDemoWorld } from './seed.js';
import { seedDemoProcesses } from './demo-processes.js';
import { NetworkPort, SignerPool } from './lifecycle.js';
import { DAY_MS } from '../ledger/calendar.js';
import { PROJECT_ROOT } from './tools.js';
import { startGateway, type Gateway } from '../api/gateway.js';
import { openReadModels } from '../indexer/db.js';
import { storeExternal } from '../indexer/external.js';
import { importOcdsFile } from '../api/ocds/import.js';
import { importSpseExport } from '../api/ocds/import-spse.js';

// Output piped into `head` and the like: stop quietly when the reader goes away.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const DEFAULT_HOME = process.env.PRASASTI_HOME ?? path.join(PROJECT_ROOT, '.localnet');
const program = new Command();
program.name('prasasti').description('Prasasti — a permissioned ledger for Indonesian public procurement');

program
  .command('init')
  .description('create a local network: genesis, validator and node keys, configs with distinct ports')
  .option('--home <dir>', 'network folder', DEFAULT_HOME)
  .option('--nodes <n>', 'number of institutions / validators (1–4 from the demo world)', '4')
  .option('--chain-id <id>', 'chain id', 'prasasti-localnet')
  .option('--base-port <port>', 'first port; node i uses base+10i (p2p), +1 (rpc), +2 (abci)', '26600')
  .option('--timeout-commit <d>', "CometBFT's pause after each commit", '500ms')
  .option('--time-scale <n>', 'ledger calendar speed: 1 = real time (production); 86400 = one second is one ledger day (demo)', '1')
  .option('--backdate-days <n>', 'start the ledger calendar this many days before genesis (demo)', '0')
  .option('--force', 'replace an existing network folder')
  .action((o: { home: string; nodes: string; chainId: string; basePort: string; timeoutCommit: string; timeScale: string; backdateDays: string; force?: boolean }) => {
    const n = Number(o.nodes);
    if (!Number.isInteger(n) || n < 1 || n > DEMO_INSTITUTIONS.length) throw new Error(`--nodes must be 1–${DEMO_INSTITUTIONS.length}`);
    const layout = initNetwork({ home: path.resolve(o.home), chainId: o.chainId, institutions: DEMO_INSTITUTIONS.slice(0, n), basePort: Number(o.basePort), timeoutCommit: o.timeoutCommit, timeScale: Number(o.timeScale), calendarStartMs: Number(o.backdateDays) > 0 ? Date.now() - Number(o.backdateDays) * DAY_MS : undefined, force: o.force ?? false });
    for (const node of layout.nodes) console.log(`node${node.index}  ${node.institution.id.padEnd(22)} rpc 127.0.0.1:${node.ports.rpc}  p2p ${node.ports.p2p}  abci ${node.ports.abci}`);
    console.log(`network ${layout.chainId} written to ${layout.home}; admin keys in ${layout.keysDir}`);
  });

const localnet = program.command('localnet').description('run the local network');
localnet
  .command('start')
  .description('start every node (application + CometBFT) and keep running; Ctrl-C stops them')
  .option('--home <dir>', 'network folder', DEFAULT_HOME)
  .option('--seed', 'add the demo people, suppliers and RUP packages through real transactions once the network commits')
  .option('--no-gateways', 'do not start the API gateways (one per node, ports 8080 + node index)')
  .option('--gateway-port <port>', 'port of node 0’s gateway; node i uses this + i', '8080')
  .option('--read-models <url>', 'PostgreSQL URL for the gateways’ read models (one database per node: the URL’s database name gets _node<i>); default SQLite in each gateway folder')
  .option('--no-demo', 'gateways without demo mode (by default a local network’s gateways offer its demo people’s keys to the web app’s demo switcher)')
  .action(async (o: { home: string; seed?: boolean; gateways: boolean; gatewayPort: string; readModels?: string; demo: boolean }) => {
    const net = new Localnet(path.resolve(o.home));
    const gateways: Gateway[] = [];
    const startGatewayFor = async (i: number) => {
      const gw = await startGateway({
        rpcUrl: net.rpcUrl(i),
        dataDir: path.join(net.layout.home, `gateway${i}`),
        ...(o.readModels ? { readModelsUrl: perNodeDatabase(o.readModels, i) } : {}),
        port: Number(o.gatewayPort) + i,
        logLevel: 'warn',
        allowHttpWebhooks: true,
        publisherName: net.layout.nodes[i]!.institution.name,
        // Demo mode: the web app's demo switcher logs in as any seeded person (docs/decisions/0008).
        demoKeysDir: o.demo ? net.layout.keysDir : null,
      });
      gateways.push(gw);
      console.log(`gateway node${i}: ${gw.url} (API docs ${gw.url}/docs)`);
    };
    const pidFile = path.join(net.layout.home, 'localnet.pid');
    writeFileSync(pidFile, String(process.pid));
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      console.log('stopping the localnet …');
      await Promise.all(gateways.map((g) => g.close().catch(() => undefined)));
      await net.stop();
      rmSync(pidFile, { force: true });
      process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
    try {
      await net.start();
      await Promise.all(net.layout.nodes.map((_, i) => net.waitForHeight(i, 1, 60_000)));
      for (const n of net.layout.nodes) console.log(`node${n.index} ${n.institution.id}: up, rpc ${net.rpcUrl(n.index)}`);
      // Node 0's gateway starts at once (the demo can be watched while it is seeded); the others
      // after the seed, so that four replicas do not re-execute the seed while it is being written.
      if (o.gateways) await startGatewayFor(0);
      if (o.seed) {
        console.log('seeding the demo world (people, suppliers, RUP packages) …');
        const added = await seedDemoWorld(net.layout, net.rpcUrl(0), (m) => console.log(m));
        console.log(`seeded ${added.members} members and ${added.packages} packages`);
        const keysDir = net.layout.keysDir;
        if (!existsSync(path.join(keysDir, 'warga-cibiru.json'))) saveKey(keysDir, newMemberKey('warga-cibiru')); // a citizen's own key, on no member list
        console.log('living through the demo processes (one ledger day per second) …');
        const port = new NetworkPort(new SignerPool(net.layout.chainId, loadKeys(keysDir)), net.rpcUrl(0));
        const seeded = await seedDemoProcesses(port, net.layout.nodes.map((n) => `${n.institution.id}-admin`), (m) => console.log(m));
        console.log(seeded ? 'demo processes seeded' : 'demo processes already on the ledger');
      }
      if (o.gateways) for (let i = 1; i < net.layout.nodes.length; i++) await startGatewayFor(i);
    } catch (e) {
      console.error(`prasasti: ${(e as Error).message}`);
      await stop();
    }
    console.log(`localnet ${net.layout.chainId} running with ${net.layout.nodes.length} validators; logs in ${path.join(net.layout.home, 'logs')}; Ctrl-C to stop`);
    setInterval(() => {
      net.layout.nodes.forEach((n, i) => {
        if (!stopping && !net.isRunning(i)) console.error(`node${i} ${n.institution.id} has stopped; see its logs`);
      });
    }, 5000).unref();
    await new Promise(() => {});
  });
/** postgres://host/db → postgres://host/db_node<i> */
function perNodeDatabase(url: string, i: number): string {
  const u = new URL(url);
  u.pathname = `${u.pathname.replace(/\/$/, '') || '/prasasti'}_node${i}`;
  return u.toString();
}

localnet
  .command('stop')
  .description('stop a localnet started in another terminal')
  .option('--home <dir>', 'network folder', DEFAULT_HOME)
  .action((o: { home: string }) => {
    const pidFile = path.join(path.resolve(o.home), 'localnet.pid');
    if (!existsSync(pidFile)) {
      console.log('no localnet is running');
      return;
    }
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
    console.log('stop signal sent');
  });

program
  .command('app')
  .description("run one node's ledger application (ABCI server) — used by localnet and by operators")
  .requiredOption('--home <dir>', "the node's CometBFT home")
  .option('--abci <address>', 'ABCI listen address', 'tcp://127.0.0.1:26658')
  .action(async (o: { home: string; abci: string }) => {
    await runApp(path.resolve(o.home), o.abci);
  });

program
  .command('status')
  .description('height, AppHash and health of each node')
  .option('--home <dir>', 'network folder', DEFAULT_HOME)
  .action(async (o: { home: string }) => {
    const layout = readLayout(path.resolve(o.home));
    for (const n of layout.nodes) {
      try {
        const s = await rpc<{ sync_info: { latest_block_height: string; latest_app_hash: string; catching_up: boolean }; node_info: { moniker: string } }>(`http://127.0.0.1:${n.ports.rpc}`, 'status', {}, 3000);
        const peers = await rpc<{ n_peers: string }>(`http://127.0.0.1:${n.ports.rpc}`, 'net_info', {}, 3000);
        console.log(`node${n.index} ${n.institution.id.padEnd(22)} height ${s.sync_info.latest_block_height.padStart(7)}  app_hash ${s.sync_info.latest_app_hash.slice(0, 16)}…  peers ${peers.n_peers}${s.sync_info.catching_up ? '  catching up' : ''}`);
      } catch {
        console.log(`node${n.index} ${n.institution.id.padEnd(22)} DOWN (rpc 127.0.0.1:${n.ports.rpc} does not answer)`);
      }
    }
  });

program
  .command('seed')
  .description('add the demo people, suppliers and RUP packages to a running localnet through real transactions')
  .option('--home <dir>', 'network folder', DEFAULT_HOME)
  .action(async (o: { home: string }) => {
    const layout = readLayout(path.resolve(o.home));
    const added = await seedDemoWorld(layout, `http://127.0.0.1:${layout.nodes[0]!.ports.rpc}`, (m) => console.log(m));
    console.log(`seeded ${added.members} members and ${added.packages} packages`);
  });

program
  .command('gateway')
  .description("run the API gateway of one node (indexer, read models, HTTP API) until Ctrl-C")
  .option('--home <dir>', 'network folder', DEFAULT_HOME)
  .option('--node <i>', 'node index', '0')
  .option('--port <port>', 'HTTP port', '8080')
  .option('--host <host>', 'listen address', '127.0.0.1')
  .option('--read-models <url>', 'postgres://… for PostgreSQL read models; default SQLite in the gateway folder')
  .option('--rebuild', 'delete the read models and index again from height 1 first')
  .option('--demo-keys <dir>', 'demo mode: offer the key files in <dir> to the web app’s demo switcher (demo networks only; off by default)')
  .action(async (o: { home: string; node: string; port: string; host: string; readModels?: string; rebuild?: boolean; demoKeys?: string }) => {
    const layout = readLayout(path.resolve(o.home));
    const i = Number(o.node);
    const node = layout.nodes[i];
    if (!node) throw new Error(`no node ${o.node} in ${layout.home}`);
    const gw = await startGateway({ rpcUrl: `http://127.0.0.1:${node.ports.rpc}`, dataDir: path.join(layout.home, `gateway${i}`), ...(o.readModels ? { readModelsUrl: o.readModels } : {}), port: Number(o.port), host: o.host, publisherName: node.institution.name, demoKeysDir: o.demoKeys ? path.resolve(o.demoKeys) : null });
    if (o.rebuild) console.log(`rebuilt to height ${await gw.indexer.rebuild()}`);
    console.log(`gateway node${i}: ${gw.url} (API docs ${gw.url}/docs)`);
    const stop = async () => {
      await gw.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
  });

program
  .command('import')
  .description('import OCDS packages (release/record packages, line-delimited releases) or the SPSE export into a gateway\'s read models as external processes')
  .argument('<kind>', 'ocds or spse')
  .argument('<paths...>', 'OCDS files, or the SPSE export folder')
  .option('--home <dir>', 'network folder', DEFAULT_HOME)
  .option('--node <i>', 'whose gateway read models (SQLite in <home>/gateway<i>)', '0')
  .option('--read-models <url>', 'a postgres:// URL or SQLite path instead')
  .action(async (kind: string, paths: string[], o: { home: string; node: string; readModels?: string }) => {
    if (kind !== 'ocds' && kind !== 'spse') throw new Error('kind must be ocds or spse');
    const url = o.readModels ?? path.join(path.resolve(o.home), `gateway${o.node}`, 'read-models.sqlite');
    const rm = await openReadModels({ url });
    try {
      for (const p of paths) {
        const bar = progressBar(`read ${path.basename(p)}`);
        const { processes, report } = kind === 'ocds' ? importOcdsFile(p, bar) : importSpseExport(p);
        bar(processes.length, processes.length, true);
        const store = progressBar(`store ${report.source}`);
        await storeExternal(rm.db, processes, store);
        store(processes.length, processes.length, true);
        console.log(`${report.source}: read ${report.read}, imported ${report.imported}, skipped ${report.skipped.length}`);
        const reasons = new Map<string, number>();
        for (const sk of report.skipped) reasons.set(sk.reason, (reasons.get(sk.reason) ?? 0) + 1);
        for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  skipped ${n}× — ${reason}`);
      }
    } finally {
      await rm.close();
    }
  });

/** A one-line progress bar on stderr. */
function progressBar(label: string): (done: number, total: number, end?: boolean) => void {
  let last = -1;
  return (done, total, end) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (pct === last && !end) return;
    last = pct;
    const filled = Math.round(pct / 5);
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(20 - filled)}] ${done}/${total}${end ? '\n' : ''}`);
  };
}

const keys = program.command('keys').description('member keys (Ed25519); private seeds never leave this folder');
keys
  .command('new <memberId>')
  .option('--dir <dir>', 'key folder', path.join(DEFAULT_HOME, 'keys'))
  .action((memberId: string, o: { dir: string }) => {
    const file = saveKey(o.dir, newMemberKey(memberId));
    console.log(`${file}\npublic key ${Buffer.from(loadKey(file).publicKey).toString('base64')}`);
  });
keys
  .command('list')
  .option('--dir <dir>', 'key folder', path.join(DEFAULT_HOME, 'keys'))
  .action((o: { dir: string }) => {
    for (const k of loadKeys(o.dir).values()) console.log(`${k.memberId.padEnd(32)} ${Buffer.from(k.publicKey).toString('base64')}`);
  });
keys
  .command('show <memberId>')
  .option('--dir <dir>', 'key folder', path.join(DEFAULT_HOME, 'keys'))
  .action((memberId: string, o: { dir: string }) => {
    const k = loadKey(path.join(o.dir, `${memberId}.json`));
    console.log(Buffer.from(k.publicKey).toString('base64'));
  });

program.parseAsync().catch((e: Error) => {
  console.error(`prasasti: ${e.message}`);
  process.exit(1);
});
