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
  .action(async (o: { home: string; seed?: boolean }) => {
    const net = new Localnet(path.resolve(o.home));
    const pidFile = path.join(net.layout.home, 'localnet.pid');
    writeFileSync(pidFile, String(process.pid));
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      console.log('stopping the localnet …');
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
