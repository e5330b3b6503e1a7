/**
 * `prasasti init`: a network for N institutions on one machine — one CometBFT home per validator
 * with distinct ports, one shared genesis whose app_state names the founding institutions, their
 * admins and which institution runs each validator, and a key file per admin.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'smol-toml';
import { cometbftBinary } from './tools.js';
import { newMemberKey, saveKey, type MemberKey } from './keyfile.js';
import type { AppStateInput } from '../ledger/genesis.js';

export interface Institution {
  id: string;
  name: string;
  kind: 'buyer' | 'supplier' | 'auditor' | 'regulator';
  auditorKind: 'apip' | 'bpkp' | 'bpk' | 'kpk' | null;
  adminName: string;
}

/** The four institutions that run validators in the demo world (shared/design/DEMO-WORLD.md). */
export const DEMO_INSTITUTIONS: Institution[] = [
  { id: 'lkpp', name: 'Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah', kind: 'regulator', auditorKind: null, adminName: 'Admin Sistem LKPP' },
  { id: 'pemkot-bandung', name: 'Pemerintah Kota Bandung', kind: 'buyer', auditorKind: null, adminName: 'Admin UKPBJ Kota Bandung' },
  { id: 'bpkp-jabar', name: 'BPKP Perwakilan Provinsi Jawa Barat', kind: 'auditor', auditorKind: 'bpkp', adminName: 'Admin BPKP Jawa Barat' },
  { id: 'inspektorat-bandung', name: 'Inspektorat Kota Bandung', kind: 'auditor', auditorKind: 'apip', adminName: 'Admin Inspektorat Kota Bandung' },
];

export interface NodePorts {
  p2p: number;
  rpc: number;
  abci: number;
}

export interface NetworkLayout {
  home: string;
  chainId: string;
  nodes: Array<{ index: number; institution: Institution; home: string; ports: NodePorts; nodeId: string }>;
  keysDir: string;
}

export interface InitOptions {
  home: string;
  chainId: string;
  institutions: Institution[];
  basePort: number;
  /** CometBFT's pause after a commit; shorter gives lower latency on a local network. */
  timeoutCommit: string;
  force?: boolean;
  /** CometBFT's tx indexer: 'kv' (default) keeps tx_search working; 'null' skips indexing. */
  txIndexer?: 'kv' | 'null';
  /** Ledger calendar speed (decision 0005): 1 in production; a demo or test network may run faster. */
  timeScale?: number;
  /** The ledger date at genesis (ms); default the genesis time. A demo backdates it so that its seeded year ends near today. */
  calendarStartMs?: number;
  /** Extra genesis members (beyond the institution admins), with their keys written beside. */
  extraMembers?: Array<{ id: string; orgId: string; name: string; roles: string[] }>;
}

export function portsFor(basePort: number, index: number): NodePorts {
  return { p2p: basePort + index * 10, rpc: basePort + index * 10 + 1, abci: basePort + index * 10 + 2 };
}

export function layoutFile(home: string): string {
  return path.join(home, 'network.json');
}

export function readLayout(home: string): NetworkLayout {
  const f = layoutFile(home);
  if (!existsSync(f)) throw new Error(`no network at ${home}: run 'prasasti init' first`);
  return JSON.parse(readFileSync(f, 'utf8')) as NetworkLayout;
}

function cometbft(args: string[]): string {
  return execFileSync(cometbftBinary(), args, { encoding: 'utf8' }).trim();
}

export function initNetwork(opts: InitOptions): NetworkLayout {
  if (existsSync(opts.home)) {
    if (!opts.force) throw new Error(`${opts.home} exists; use --force to replace it`);
    rmSync(opts.home, { recursive: true, force: true });
  }
  mkdirSync(opts.home, { recursive: true });
  const keysDir = path.join(opts.home, 'keys');
  const nodes: NetworkLayout['nodes'] = [];
  const validators: Array<{ address: string; pub_key: { type: string; value: string }; power: string; name: string }> = [];
  const admins: MemberKey[] = [];

  opts.institutions.forEach((inst, index) => {
    const home = path.join(opts.home, `node${index}`);
    cometbft(['init', '--home', home]);
    const pv = JSON.parse(readFileSync(path.join(home, 'config', 'priv_validator_key.json'), 'utf8')) as { address: string; pub_key: { type: string; value: string } };
    validators.push({ address: pv.address, pub_key: pv.pub_key, power: '10', name: inst.id });
    nodes.push({ index, institution: inst, home, ports: portsFor(opts.basePort, index), nodeId: cometbft(['show-node-id', '--home', home]) });
    const admin = newMemberKey(`${inst.id}-admin`);
    saveKey(keysDir, admin);
    admins.push(admin);
  });

  const extra = (opts.extraMembers ?? []).map((m) => ({ ...m, key: newMemberKey(m.id) }));
  for (const m of extra) saveKey(keysDir, m.key);

  const appState: AppStateInput = {
    orgs: opts.institutions.map((i) => ({ id: i.id, name: i.name, kind: i.kind, auditorKind: i.auditorKind, founding: true })),
    members: [
      ...opts.institutions.map((i, n) => ({ id: admins[n]!.memberId, orgId: i.id, name: i.adminName, roles: ['org_admin' as const], pubKey: Buffer.from(admins[n]!.publicKey).toString('base64') })),
      ...extra.map((m) => ({ id: m.id, orgId: m.orgId, name: m.name, roles: m.roles as AppStateInput['members'][number]['roles'], pubKey: Buffer.from(m.key.publicKey).toString('base64') })),
    ],
    validators: opts.institutions.map((i, n) => ({ orgId: i.id, pubKey: validators[n]!.pub_key.value })),
    calendar: { scale: opts.timeScale ?? 1, startMs: opts.calendarStartMs ?? null },
  };

  const genesis = JSON.parse(readFileSync(path.join(nodes[0]!.home, 'config', 'genesis.json'), 'utf8')) as Record<string, unknown>;
  genesis.chain_id = opts.chainId;
  genesis.initial_height = '1';
  genesis.validators = validators;
  genesis.app_state = appState;
  const consensus = genesis.consensus_params as { block: { max_bytes: string } };
  consensus.block.max_bytes = String(4 * 1024 * 1024);

  for (const n of nodes) {
    writeFileSync(path.join(n.home, 'config', 'genesis.json'), JSON.stringify(genesis, null, 2) + '\n');
    const cfgPath = path.join(n.home, 'config', 'config.toml');
    const cfg = parse(readFileSync(cfgPath, 'utf8')) as Record<string, Record<string, unknown> & object>;
    const top = cfg as unknown as Record<string, unknown>;
    top.moniker = n.institution.id;
    top.proxy_app = `tcp://127.0.0.1:${n.ports.abci}`;
    top.log_level = 'info';
    cfg.rpc!.laddr = `tcp://127.0.0.1:${n.ports.rpc}`;
    cfg.rpc!.cors_allowed_origins = ['*'];
    cfg.rpc!.max_subscription_clients = 200;
    cfg.rpc!.max_subscriptions_per_client = 50;
    cfg.rpc!.timeout_broadcast_tx_commit = '30s';
    cfg.p2p!.laddr = `tcp://127.0.0.1:${n.ports.p2p}`;
    cfg.p2p!.persistent_peers = nodes.filter((o) => o !== n).map((o) => `${o.nodeId}@127.0.0.1:${o.ports.p2p}`).join(',');
    cfg.p2p!.addr_book_strict = false;
    cfg.p2p!.allow_duplicate_ip = true;
    cfg.p2p!.pex = false;
    cfg.mempool!.size = 20000;
    cfg.mempool!.max_tx_bytes = 262144;
    cfg.consensus!.timeout_commit = opts.timeoutCommit;
    cfg.instrumentation!.prometheus = false;
    cfg.tx_index!.indexer = opts.txIndexer ?? 'kv';
    writeFileSync(cfgPath, stringify(cfg) + '\n');
  }

  const layout: NetworkLayout = { home: opts.home, chainId: opts.chainId, nodes, keysDir };
  writeFileSync(layoutFile(opts.home), JSON.stringify(layout, null, 2) + '\n');
  return layout;
}
