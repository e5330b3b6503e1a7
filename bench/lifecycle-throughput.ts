/**
 * bench/lifecycle-throughput: sustained throughput and commit latency of a 4-validator localnet on
 * this machine for a mixed procurement workload — sealed bids, clarification questions, progress
 * reports, payments, new RUP packages and public complaints — and, in the same run, the same
 * localnet running CometBFT's built-in kvstore with transactions of the same average size.
 *
 *   npm run bench:lifecycle            (PRASASTI_BENCH_SECONDS=20 by default)
 *
 * Under load a proposer may order different signers' transactions either way, so every stream
 * is one signer whose transactions stay valid whatever the others' do: the state they act on (a
 * tender open for bids, an active contract, an advance payment order) is set up first, through
 * the lifecycle driver on the same network, and is not measured.
 *
 * Writes bench/results/lifecycle-throughput.json.
 */
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Localnet } from '../cli/localnet.js';
import { PROJECT_ROOT } from '../cli/tools.js';
import { loadKeys, newMemberKey, type MemberKey } from '../cli/keyfile.js';
import { queryJson } from '../cli/client.js';
import { NetworkPort, Procurement, SignerPool, sha256Hex, signatoryOf, type ContractTerms } from '../cli/lifecycle.js';
import { sealBid } from '../cli/sealing.js';
import { buildTx, type Body } from '../ledger/tx/envelope.js';
import { sha } from './lib/load.js';
import { commitBursts, memberNonce, type Burst } from './lib/burst.js';
import { assertValid, benchKvstore, describe, machine, measure, newNet, prepared, type BenchConfig, type PreparedStream } from './lib/localnet-bench.js';

const SECONDS = Number(process.env.PRASASTI_BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.PRASASTI_BENCH_WARMUP ?? 5);
const TIMEOUT_COMMIT = process.env.PRASASTI_BENCH_TIMEOUT_COMMIT ?? '500ms';
const BATCH = 10; // CometBFT rpc.max_request_batch_size default
const MAX_OUTSTANDING = Number(process.env.PRASASTI_BENCH_OUTSTANDING ?? 3000);
/** Transactions prepared: enough for the three phases at up to MAX_RATE tx/s. */
const MAX_RATE = Number(process.env.PRASASTI_BENCH_MAX_RATE ?? 1000);
const LATENCY_LOADS = [0.8, 0.5] as const;
const BASE_PORT = 29600;
const KVSTORE_BASE_PORT = 29700;
const log = (m: string) => console.log(`[bench] ${m}`);
const CONFIG: BenchConfig = { seconds: SECONDS, warmup: WARMUP, batch: BATCH, maxOutstanding: MAX_OUTSTANDING, log };
const INDEXER = (process.env.PRASASTI_BENCH_INDEXER as 'kv' | 'null' | undefined) ?? 'kv';

/**
 * The shape of the world and of the load. Each load stream is one signer:
 *  - bidders: a supplier's signatory re-submitting sealed bids, in turn, to every open tender it registered for;
 *  - askers: a second signatory of a registered supplier asking clarification questions;
 *  - reporters: the winning contractor's signatory reporting progress on its contract's pending milestones;
 *  - treasurers: the city's treasury recording Rp1 payments against the contracts' advance payment orders;
 *  - planners: a PA creating and publishing new RUP packages;
 *  - citizens: keys of the public (no membership) filing complaints.
 */
const SHAPE = {
  contracts: Number(process.env.PRASASTI_BENCH_CONTRACTS ?? 8), // each with its own contractor (who reports on it)
  openTenders: 4,
  bidders: 12,
  askers: 4,
  treasurers: 4,
  planners: 4,
  citizens: 4,
};
/**
 * Set-up runs the ledger calendar fast (ledger/calendar.ts): 10 ledger days per second, so the bid
 * deadlines and objection windows of the contracts' tenders pass in seconds. The founding
 * institutions then set it back to 1 (real time) before the open tenders are announced and the
 * load runs.
 */
const SETUP_SCALE = 864_000;
const CONTRACT_BID_DAYS = 150; // 15 s at SETUP_SCALE: time for two suppliers to register and bid
const OPEN_TENDER_BID_DAYS = 60;

type Kind = 'bid' | 'ask' | 'progress' | 'payment' | 'plan' | 'complaint';

interface Team {
  ppk: string;
  pokja: string[];
  committee: string[];
}

const team = (t: number): Team => {
  const pokja = [1, 2, 3].map((k) => `bdg-pokja-${t}-${k}`);
  return { ppk: `bdg-ppk-${t}`, pokja, committee: [...pokja, `insp-auditor-${t}`, `bpkp-auditor-${t}`] };
};
const contractor = (i: number) => `kontraktor-${i}`;
const bidder = (b: number) => `penyedia-${b}`;
const asker = (b: number) => `penyedia-${b}-penanya`;
const planner = (p: number) => `bdg-pa-${p}`;
const treasurer = (r: number) => `bdg-bendahara-${r}`;
const contractId = (i: number) => `kontrak-uji-${i}`;
const contractTender = (i: number) => `tender-kontrak-${i}`;
const openTender = (j: number) => `tender-terbuka-${j}`;

interface World {
  chainId: string;
  keys: Map<string, MemberKey>;
  /** Opening keys and threshold of each open tender (what a supplier's browser seals to). */
  openTenders: Array<{ id: string; openingKeys: Uint8Array[]; threshold: number }>;
  contracts: Array<{ id: string; supplier: string; advanceOrderNo: number; milestones: string[] }>;
  packages: string[];
  setupS: number;
  membersAdded: number;
  suppliers: number;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** People, suppliers, contracts and open tenders, through signed transactions on the bench network. */
async function setUp(net: Localnet, chainId: string): Promise<World> {
  const t0 = performance.now();
  const url = net.rpcUrl(0);
  const keys = loadKeys(net.layout.keysDir);
  const key = (id: string) => {
    let k = keys.get(id);
    if (!k) keys.set(id, (k = newMemberKey(id)));
    return k;
  };
  const admin = (org: string) => ({ member: `${org}-admin`, key: keys.get(`${org}-admin`)! });
  const addMember = (id: string, name: string, roles: string[]): [string, Body] => ['identity.add_member', { memberId: id, name, roles, pubKey: key(id).publicKey }];
  const teams = range(SHAPE.contracts + SHAPE.openTenders).map(team);

  // 1. The city's officials (a PPK and a Pokja of three per tender, PAs, treasurers) and an
  //    auditor of each auditing institution per tender; suppliers join by a 2/3 quorum of the
  //    founding institutions.
  const suppliers = [
    ...range(SHAPE.contracts).map((i) => ({ id: contractor(i), name: `PT Kontraktor Uji ${i}`, size: 'non_small' })),
    ...range(SHAPE.bidders).map((b) => ({ id: bidder(b), name: `CV Penyedia Uji ${b}`, size: b % 2 ? 'small' : 'non_small' })),
  ];
  let membersAdded = 0;
  const city: Array<[string, Body]> = [
    ...teams.flatMap((tm, t) => [addMember(tm.ppk, `PPK Uji ${t}`, ['ppk']), ...tm.pokja.map((m, k) => addMember(m, `Pokja Uji ${t}-${k + 1}`, ['pokja']))]),
    ...range(SHAPE.planners).map((p) => addMember(planner(p), `PA Uji ${p}`, ['pa'])),
    ...range(SHAPE.treasurers).map((r) => addMember(treasurer(r), `Bendahara Uji ${r}`, ['treasury'])),
  ];
  const insp = teams.map((_, t) => addMember(`insp-auditor-${t}`, `Auditor Inspektorat ${t}`, ['auditor']));
  const bpkp = teams.map((_, t) => addMember(`bpkp-auditor-${t}`, `Auditor BPKP ${t}`, ['auditor']));
  const proposals = suppliers.map((s): [string, Body] => [
    'identity.propose',
    { proposalId: `join-${s.id}`, action: { kind: 'add_org', org: { id: s.id, name: s.name, kind: 'supplier', auditorKind: null, businessSize: s.size }, admin: { memberId: `${s.id}-admin`, name: `Admin ${s.name}`, pubKey: key(`${s.id}-admin`).publicKey } } },
  ]);
  await commitBursts(url, chainId, [{ ...admin('pemkot-bandung'), items: city }, { ...admin('inspektorat-bandung'), items: insp }, { ...admin('bpkp-jabar'), items: bpkp }, { ...admin('lkpp'), items: proposals }], 'members and supplier proposals');
  membersAdded += city.length + insp.length + bpkp.length;
  const approvals = suppliers.map((s): [string, Body] => ['identity.approve', { proposalId: `join-${s.id}` }]);
  await commitBursts(url, chainId, [{ ...admin('pemkot-bandung'), items: approvals }, { ...admin('bpkp-jabar'), items: approvals }], 'supplier approvals');
  const signatories: Burst[] = suppliers.map((s, n) => ({
    member: `${s.id}-admin`,
    key: key(`${s.id}-admin`),
    items: [addMember(signatoryOf(s.id), `Direktur ${s.name}`, ['supplier_signatory']), ...(n >= SHAPE.contracts && n - SHAPE.contracts < SHAPE.askers ? [addMember(asker(n - SHAPE.contracts), `Staf Tender ${s.name}`, ['supplier_signatory'])] : [])],
  }));
  await commitBursts(url, chainId, signatories, 'supplier signatories');
  membersAdded += suppliers.length + signatories.reduce((s, b) => s + b.items.length, 0);
  log(`set-up: ${membersAdded} members, ${suppliers.length} suppliers (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  // 2. Contracts, each through the whole lifecycle: RUP, tender, two sealed bids, opening by four
  //    of five officers from three institutions, evaluation, award, SPPBJ after the sanggah
  //    window, contract signed by both sides (with its advance order).
  const pool = new SignerPool(chainId, keys);
  const port = new NetworkPort(pool, url);
  const p = new Procurement(port);
  const packages: string[] = [];
  await Promise.all(
    range(SHAPE.contracts).map(async (i) => {
      const tm = teams[i]!;
      const packageId = `paket-kontrak-${i}`;
      const tenderId = contractTender(i);
      const pa = planner(i % SHAPE.planners);
      await p.plan(pa, { packageId, title: `Pembangunan Gedung Layanan Publik Paket ${i}`, workUnit: 'Dinas Pekerjaan Umum', category: 'works', method: 'tender', budgetLine: '1.03.10.2.01.0024', paguRupiah: '2450000000' });
      packages.push(packageId);
      await p.openTender({ tenderId, packageId, ppk: tm.ppk, hpsRupiah: '2400000000', pokja: tm.pokja, committee: tm.committee, threshold: 4, bidDays: CONTRACT_BID_DAYS });
      const rival = contractor((i + 1) % SHAPE.contracts);
      await Promise.all([p.bid(tenderId, contractor(i), { priceRupiah: '2190000000', tkdnBp: 3500 }), ...(rival !== contractor(i) ? [p.bid(tenderId, rival, { priceRupiah: '2280000000' })] : [])]);
      await p.openBids(tenderId);
      await p.evaluate(tenderId, tm.pokja[0]!);
      await p.award(tenderId, contractor(i), pa);
      await p.sppbj(tenderId, tm.ppk);
      const terms: ContractTerms = {
        contractId: contractId(i),
        tenderId,
        ppk: tm.ppk,
        type: 'lumsum',
        valueRupiah: '2190000000',
        vatRateBp: 1100,
        advanceBp: 2000,
        durationDays: 1000,
        maintenanceDays: 180,
        permanentWorks: true,
        milestones: [
          { id: 'termin-1', title: 'Pekerjaan struktur', shareBp: 3000, dueDay: 300, verifiers: [{ kind: 'ppk' }] },
          { id: 'termin-2', title: 'Pekerjaan arsitektur', shareBp: 4000, dueDay: 600, verifiers: [{ kind: 'ppk' }] },
          { id: 'termin-3', title: 'Pekerjaan selesai', shareBp: 3000, dueDay: 900, verifiers: [{ kind: 'ppk' }, { kind: 'apip' }] },
        ],
      };
      await p.contract(terms, contractor(i));
    }),
  );
  const contracts = await Promise.all(
    range(SHAPE.contracts).map(async (i) => {
      const c = await queryJson<{ status: string; milestones: Array<{ id: string; status: string }> }>(url, `/contract/contract/${contractId(i)}`);
      const orders = await queryJson<Array<{ no: number; kind: string }>>(url, `/execution/orders/${contractId(i)}`);
      const advance = orders.find((o) => o.kind === 'advance');
      if (c.status !== 'active' || !advance) throw new Error(`set-up: contract ${contractId(i)} is ${c.status}, advance order ${advance ? 'issued' : 'missing'}`);
      return { id: contractId(i), supplier: contractor(i), advanceOrderNo: advance.no, milestones: c.milestones.filter((m) => m.status === 'pending').map((m) => m.id) };
    }),
  );
  log(`set-up: ${contracts.length} contracts active (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  // 3. Real time again, then the open tenders: announced with a far deadline, every bidder registered (with a first bid).
  const scale: [string, Body] = ['identity.propose', { proposalId: 'kalender-waktu-nyata', action: { kind: 'set_time_scale', scale: 1 } }];
  await commitBursts(url, chainId, [{ ...admin('lkpp'), items: [scale] }], 'time scale proposal');
  await commitBursts(url, chainId, [{ ...admin('pemkot-bandung'), items: [['identity.approve', { proposalId: 'kalender-waktu-nyata' }]] }, { ...admin('bpkp-jabar'), items: [['identity.approve', { proposalId: 'kalender-waktu-nyata' }]] }], 'time scale approvals');
  const calendar = await queryJson<{ scale: number }>(url, '/calendar');
  if (calendar.scale !== 1) throw new Error(`set-up: the calendar runs at ${calendar.scale}, not 1`);
  await Promise.all(
    range(SHAPE.openTenders).map(async (j) => {
      const tm = teams[SHAPE.contracts + j]!;
      const packageId = `paket-terbuka-${j}`;
      await p.plan(planner(j % SHAPE.planners), { packageId, title: `Pengadaan Alat Kesehatan Puskesmas Paket ${j}`, workUnit: 'Dinas Kesehatan', category: 'goods', method: 'tender', budgetLine: '1.02.02.2.02.0009', paguRupiah: '3750000000' });
      packages.push(packageId);
      await p.openTender({ tenderId: openTender(j), packageId, ppk: tm.ppk, hpsRupiah: '3600000000', pokja: tm.pokja, committee: tm.committee, threshold: 4, bidDays: OPEN_TENDER_BID_DAYS });
    }),
  );
  // Each supplier registers and bids in every open tender (in turn; suppliers in parallel).
  await Promise.all(range(SHAPE.bidders).map(async (b) => {
    for (const j of range(SHAPE.openTenders)) await p.bid(openTender(j), bidder(b), { priceRupiah: String(3_400_000_000 + b * 1_000_000) });
  }));
  const openTenders = await Promise.all(
    range(SHAPE.openTenders).map(async (j) => {
      const t = await queryJson<{ status: string; bidders: string[]; committee: Array<{ openingKey: string }>; threshold: number }>(url, `/tender/tender/${openTender(j)}`);
      if (t.status !== 'announced' || t.bidders.length !== SHAPE.bidders) throw new Error(`set-up: tender ${openTender(j)} is ${t.status} with ${t.bidders.length} bidders`);
      return { id: openTender(j), openingKeys: t.committee.map((s) => new Uint8Array(Buffer.from(s.openingKey, 'base64'))), threshold: t.threshold };
    }),
  );
  const setupS = Math.round((performance.now() - t0) / 100) / 10;
  log(`set-up: ${openTenders.length} open tenders with ${SHAPE.bidders} registered suppliers each; done in ${setupS} s`);
  return { chainId, keys, openTenders, contracts, packages: packages.sort(), setupS, membersAdded, suppliers: suppliers.length };
}

interface StreamSpec {
  kind: Kind;
  /** Member id, or a citizen's name (a key of the public). */
  signer: string;
  key: MemberKey;
  /** The signer's next nonce − 1. */
  nonce: number;
  /** Its k-th transaction (k = 0, 1, …). */
  make: (k: number) => Promise<[string, Body]>;
}

/** The load: one stream per signer, each depending only on the set-up and on its own earlier transactions. */
async function streamSpecs(w: World, url: string): Promise<StreamSpec[]> {
  const specs: Array<Omit<StreamSpec, 'nonce'> & { member: boolean }> = [];
  const k = (id: string) => w.keys.get(id)!;
  const T = w.openTenders.length;
  for (let b = 0; b < SHAPE.bidders; b++) {
    const org = bidder(b);
    specs.push({
      kind: 'bid',
      signer: signatoryOf(org),
      key: k(signatoryOf(org)),
      member: true,
      make: async (n) => {
        const t = w.openTenders[(n + b) % T]!;
        const body = await sealBid({
          chain: w.chainId,
          tenderId: t.id,
          bidder: org,
          terms: { priceRupiah: String(3_300_000_000 + ((n * 7919 + b * 104_729) % 290_000_000)), tkdnBp: (n * 37 + b * 11) % 6000, validityDays: 90, technicalHash: sha256Hex(`dokumen teknis ${org} ${t.id} revisi ${n}`) },
          openingKeys: t.openingKeys,
          threshold: t.threshold,
        });
        return ['tender.submit_bid', body];
      },
    });
  }
  for (let a = 0; a < SHAPE.askers; a++) {
    specs.push({
      kind: 'ask',
      signer: asker(a),
      key: k(asker(a)),
      member: true,
      make: async (n) => [
        'tender.ask',
        { tenderId: w.openTenders[(n + a) % T]!.id, question: `Mohon penjelasan spesifikasi teknis butir ${(n % 40) + 1} pada dokumen pemilihan: apakah produk dengan fungsi setara dan sertifikat yang berbeda dapat ditawarkan? (pertanyaan ${a}-${n})` },
      ],
    });
  }
  for (const c of w.contracts) {
    const signer = signatoryOf(c.supplier);
    specs.push({
      kind: 'progress',
      signer,
      key: k(signer),
      member: true,
      // Milestones in turn; on each, progress only goes up (and never reaches 100 %: complete stays false).
      make: async (n) => {
        const milestoneId = c.milestones[n % c.milestones.length]!;
        const progressBp = Math.min(9_999, n + 1);
        return ['execution.report_progress', { contractId: c.id, milestoneId, progressBp, complete: false, note: `Laporan kemajuan harian ${milestoneId}: ${(progressBp / 100).toFixed(2)} persen, sesuai jadwal pelaksanaan`, documentHashes: [sha256Hex(`laporan harian ${c.id} ${n}`)] }];
      },
    });
  }
  for (let r = 0; r < SHAPE.treasurers; r++) {
    const tag = treasurer(r).toUpperCase();
    specs.push({
      kind: 'payment',
      signer: treasurer(r),
      key: k(treasurer(r)),
      member: true,
      // Rp1 against an advance order (hundreds of millions): never more than ordered; SP2D numbers unique per treasurer.
      make: async (n) => {
        const c = w.contracts[(n + r) % w.contracts.length]!;
        return ['execution.record_payment', { contractId: c.id, orderNo: c.advanceOrderNo, sp2dNumber: `${String(n).padStart(6, '0')}/SP2D/${tag}/2026`, amountRupiah: '1' }];
      },
    });
  }
  for (let q = 0; q < SHAPE.planners; q++) {
    specs.push({
      kind: 'plan',
      signer: planner(q),
      key: k(planner(q)),
      member: true,
      // A package created, then published, in turn.
      make: async (n) => {
        const j = Math.floor(n / 2);
        const packageId = `rup-${q}-${j}`;
        if (n % 2 === 1) return ['plan.publish_package', { packageId }];
        const works = j % 2 === 0;
        return [
          'plan.create_package',
          {
            packageId,
            title: works ? `Pemeliharaan Berkala Jalan Lingkungan Paket ${j}` : `Belanja Alat Tulis Kantor Paket ${j}`,
            workUnit: works ? 'Dinas Pekerjaan Umum' : 'Sekretariat Daerah',
            fiscalYear: 2026,
            category: works ? 'works' : 'goods',
            method: works ? 'tender' : 'pengadaan_langsung',
            budgetLine: works ? '1.03.10.2.01.0024' : '1.03.01.2.06.0001',
            paguRupiah: works ? '2450000000' : '150000000',
            justification: null,
          },
        ];
      },
    });
  }
  const subjects: Array<{ kind: string; id: string }> = [...w.contracts.map((c) => ({ kind: 'contract', id: c.id })), ...w.openTenders.map((t) => ({ kind: 'tender', id: t.id })), ...w.packages.map((id) => ({ kind: 'package', id }))];
  for (let q = 0; q < SHAPE.citizens; q++) {
    specs.push({
      kind: 'complaint',
      signer: `warga-${q}`,
      key: newMemberKey(`warga-${q}`), // a key of the public: in no genesis, no membership
      member: false,
      make: async (n) => {
        const s = subjects[(n + q) % subjects.length]!;
        return ['complaint.file', { complaintId: `aduan-${q}-${n}`, subject: s, text: `Warga melaporkan dugaan ketidaksesuaian pada ${s.kind} ${s.id}; mohon diperiksa oleh APIP`, evidenceHashes: [sha256Hex(`foto lapangan warga ${q} ${n}`)] }];
      },
    });
  }
  return Promise.all(specs.map(async ({ member, ...s }) => ({ ...s, nonce: member ? await memberNonce(url, s.signer) : 0 })));
}

interface TxMeta {
  type: string;
  bytes: number;
}

/** Signs every stream's transactions before the clock starts: the load generator is not the system under test. */
async function prepare(specs: StreamSpec[], chainId: string, perStream: number, rpcUrl: (i: number) => string, meta: Map<string, TxMeta>): Promise<PreparedStream[]> {
  const out: PreparedStream[] = [];
  for (const [i, s] of specs.entries()) {
    const txs: Uint8Array[] = [];
    for (let n = 0; n < perStream; n++) {
      const [type, body] = await s.make(n);
      const tx = buildTx(s.key, chainId, s.nonce + n + 1, type, body);
      meta.set(sha(tx), { type, bytes: tx.length });
      txs.push(tx);
    }
    out.push(prepared(rpcUrl(i % 4), txs));
  }
  return out;
}

async function benchOurs() {
  const layout = newNet(BASE_PORT, { chainId: 'prasasti-bench-lifecycle', timeoutCommit: TIMEOUT_COMMIT, txIndexer: INDEXER, timeScale: SETUP_SCALE });
  const net = new Localnet(layout.home, { cometLogLevel: 'error' });
  try {
    await net.start();
    await Promise.all(layout.nodes.map((_, i) => net.waitForHeight(i, 2, 60_000)));
    const world = await setUp(net, layout.chainId);
    const specs = await streamSpecs(world, net.rpcUrl(0));
    const perStream = Math.ceil(((3 * (WARMUP + SECONDS) + 10) * MAX_RATE) / specs.length);
    const meta = new Map<string, TxMeta>();
    const p0 = performance.now();
    const streams = await prepare(specs, layout.chainId, perStream, (i) => net.rpcUrl(i), meta);
    const prepareS = Math.round((performance.now() - p0) / 100) / 10;
    log(`ours: ${streams.length} streams, ${perStream * streams.length} transactions signed in advance (${prepareS} s); measuring ${SECONDS}s after ${WARMUP}s warm-up`);
    const committed = new Map<string, { count: number; bytes: number }>();
    const r = await measure(CONFIG, streams, net.rpcUrl(0), () => ({ ...net.pids(), bench: [process.pid] }), (max) => LATENCY_LOADS.map((f) => f * max), 'ours', {
      drainBetweenPhases: true,
      onCommitted: (hash) => {
        const m = meta.get(hash);
        const key = m?.type ?? 'other (set-up leftovers)';
        const e = committed.get(key) ?? { count: 0, bytes: 0 };
        e.count++;
        e.bytes += m?.bytes ?? 0;
        committed.set(key, e);
      },
    });
    if (streams.some((st) => st.exhausted())) throw new Error('ours: the prepared load ran out; raise PRASASTI_BENCH_MAX_RATE');
    // How big the records that the load rewrites have grown (each payment is its own record; the order keeps a count).
    const orders = await Promise.all(world.contracts.map((c) => queryJson<{ payments: number }>(net.rpcUrl(0), `/execution/order/${c.id}/${c.advanceOrderNo}`)));
    const state = {
      payments_per_advance_order_max: Math.max(...orders.map((o) => o.payments)),
      largest_advance_order_json_bytes: Math.max(...orders.map((o) => JSON.stringify(o).length)),
    };
    let n = 0;
    let bytes = 0;
    for (const [type, e] of committed) {
      if (type.startsWith('other')) continue;
      n += e.count;
      bytes += e.bytes;
    }
    const signersByKind = new Map<Kind, number>();
    for (const s of specs) signersByKind.set(s.kind, (signersByKind.get(s.kind) ?? 0) + 1);
    const kindOfType: Record<string, Kind> = { 'tender.submit_bid': 'bid', 'tender.ask': 'ask', 'execution.report_progress': 'progress', 'execution.record_payment': 'payment', 'plan.create_package': 'plan', 'plan.publish_package': 'plan', 'complaint.file': 'complaint' };
    const total = [...committed.values()].reduce((s, e) => s + e.count, 0);
    const mix = Object.fromEntries(
      [...committed.entries()]
        .sort((a, b) => b[1].count - a[1].count)
        .map(([type, e]) => [type, { committed: e.count, share: Math.round((e.count / total) * 1000) / 1000, avg_bytes: e.count && !type.startsWith('other') ? Math.round(e.bytes / e.count) : null, stream_signers: kindOfType[type] ? signersByKind.get(kindOfType[type]!) : 0 }]),
    );
    let preparedBytes = 0;
    for (const m of meta.values()) preparedBytes += m.bytes;
    return {
      ...r,
      avgTxBytes: n > 0 ? Math.round(bytes / n) : Math.round(preparedBytes / meta.size),
      mix,
      streams: streams.length,
      signers: Object.fromEntries(signersByKind),
      preparedTxs: meta.size,
      prepareS,
      world: { setup_s: world.setupS, members_added: world.membersAdded, suppliers: world.suppliers, contracts: world.contracts.length, open_tenders: world.openTenders.length, registered_suppliers_per_open_tender: SHAPE.bidders, packages_before_load: world.packages.length },
      state,
    };
  } finally {
    await net.stop();
    rmSync(layout.home, { recursive: true, force: true });
  }
}

async function main() {
  const ours = await benchOurs();
  const kvStreamsPerNode = Math.ceil(ours.streams / 4);
  const kvPerStream = Math.ceil(((3 * (WARMUP + SECONDS) + 10) * MAX_RATE) / (4 * kvStreamsPerNode)) * 3;
  const kv = await benchKvstore(CONFIG, KVSTORE_BASE_PORT, { chainId: 'prasasti-bench-kvstore', timeoutCommit: TIMEOUT_COMMIT, txIndexer: INDEXER }, ours.avgTxBytes, ours.latency.map((l) => l.offeredTxPerS), kvStreamsPerNode, kvPerStream, { drainBetweenPhases: true });
  log(`ours: ${describe(ours)}`);
  log(`kvstore: ${describe(kv)}`);
  log(`ours, mix committed in the throughput window: ${JSON.stringify(ours.mix)}`);
  // Every measured transaction must be accepted: a refused one means a stream depended on another or on a wrong set-up.
  assertValid('ours', ours, () => 0);
  assertValid('kvstore', kv, () => 0);
  const result = {
    validators: 4,
    ours_tx_per_s: ours.throughput.txPerS,
    kvstore_tx_per_s: kv.throughput.txPerS,
    ratio: Math.round((ours.throughput.txPerS / kv.throughput.txPerS) * 1000) / 1000,
    p50_commit_ms: ours.latency[0]!.p50CommitMs,
    p95_commit_ms: ours.latency[0]!.p95CommitMs,
    latency_offered_tx_per_s: ours.latency[0]!.offeredTxPerS,
    kvstore_p50_commit_ms: kv.latency[0]!.p50CommitMs,
    kvstore_p95_commit_ms: kv.latency[0]!.p95CommitMs,
    at_50pct_load: {
      offered_tx_per_s: ours.latency[1]!.offeredTxPerS,
      p50_commit_ms: ours.latency[1]!.p50CommitMs,
      p95_commit_ms: ours.latency[1]!.p95CommitMs,
      kvstore_p50_commit_ms: kv.latency[1]!.p50CommitMs,
      kvstore_p95_commit_ms: kv.latency[1]!.p95CommitMs,
    },
    method:
      'throughput: closed loop, at most max_outstanding txs submitted and not yet committed, tx/s = txs in blocks of the window / header-time span; latency: open loop at 80% (headline) and 50% of our throughput, kvstore at the same rates, each run after the mempool has drained of the backlog of the phase before, submission to the block being seen committed by a 25 ms poll; the run is refused if any transaction is refused (CheckTx or in its block) or a stream runs dry',
    workload:
      `mixed lifecycle load from ${ours.streams} signers, one stream each, each independent of the others' transactions: sealed bids (~1 KB, sealed to the 5 opening officers, 4-of-5) re-submitted by ${SHAPE.bidders} registered suppliers to ${SHAPE.openTenders} tenders open with a far deadline; clarification questions by ${SHAPE.askers} registered suppliers; progress reports (non-decreasing, not complete) by the contractors of ${SHAPE.contracts} active contracts; Rp1 payments with unique SP2D numbers by ${SHAPE.treasurers} treasurers against the contracts' advance orders; new RUP packages created and published by ${SHAPE.planners} PAs; complaints by ${SHAPE.citizens} keys of the public. ` +
      'Set up first through the lifecycle driver (cli/lifecycle.ts) on the same network, calendar at 864000x then set back to 1 by governance; not measured. Signed in advance, batched broadcast_tx_sync (10 per request), streams spread over the 4 nodes; kvstore gets key=value txs of the average committed size the same way from as many streams',
    mix: ours.mix,
    signers: ours.signers,
    avg_tx_bytes: ours.avgTxBytes,
    setup: ours.world,
    state_after: ours.state,
    prepared_txs: ours.preparedTxs,
    prepare_s: ours.prepareS,
    measure_s: SECONDS,
    warmup_s: WARMUP,
    timeout_commit: TIMEOUT_COMMIT,
    max_outstanding: MAX_OUTSTANDING,
    ours_detail: { throughput: ours.throughput, latency: ours.latency },
    kvstore_detail: kv,
    machine: machine(),
    measured_at: new Date().toISOString(),
  };
  mkdirSync(path.join(PROJECT_ROOT, 'bench', 'results'), { recursive: true });
  const out = path.join(PROJECT_ROOT, 'bench', 'results', 'lifecycle-throughput.json');
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify({ validators: 4, ours_tx_per_s: result.ours_tx_per_s, kvstore_tx_per_s: result.kvstore_tx_per_s, ratio: result.ratio, p50_commit_ms: result.p50_commit_ms, p95_commit_ms: result.p95_commit_ms }));
  log(`wrote ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
