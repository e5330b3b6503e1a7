/**
 * Property tests of the ledger's invariants over random valid and invalid action sequences
 * (fast-check, seeded: PRASASTI_PROPERTY_SEED replays a run, PRASASTI_PROPERTY_RUNS scales the
 * number of runs):
 *   1. money — on a contract made through the whole lifecycle from random terms: paid ≤ ordered ≤
 *      value with approved amendments; orders only for milestones every required verifier
 *      approved; amendments within 10 %; every order's components add up and are ≥ 0; a refused
 *      transaction leaves the AppHash unchanged;
 *   2. sealed bids — nothing of a bid is in ledger state before its opening; every opening step
 *      before the deadline is refused; fewer than `threshold` shares open nothing; tampered shares
 *      are refused;
 *   3. determinism — the same random blocks give the same AppHash on two chains at every height;
 * and the ledger's synchronous `combineShares` against shamir-secret-sharing's own `combine`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { combine, split } from 'shamir-secret-sharing';
import { codeName } from '../ledger/codes.js';
import { combineShares } from '../ledger/modules/tender/sealed-bid.js';
import { Procurement, sha256Hex, signatoryOf } from '../cli/lifecycle.js';
import { ChainPort, TestChain } from './support/chain.js';
import { TEST_PEOPLE, TEST_SUPPLIERS } from './support/genesis.js';
import { AUDITORS, MirrorPort, MoneyRun, PA, POKJA, buildActiveContract, contractSetupArb, findInState, moneyActionArb, sealAndRecover, secretsOf, type SealedBid } from './support/invariants.js';

const SEED = Number(process.env.PRASASTI_PROPERTY_SEED ?? 20260105);
const SCALE = Number(process.env.PRASASTI_PROPERTY_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

/**
 * Seeded settings. `timeLimitMs` bounds a property's running and shrinking (a failing chain
 * property shrinks for a long time); each test then checks that enough runs were done.
 */
function settings(numRuns: number, timeLimitMs: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: runs(numRuns), includeErrorInReport: true, interruptAfterTimeLimit: timeLimitMs * Math.max(1, SCALE) };
}

/** A property interrupted by its time limit must still have run most of its cases. */
function assertEnoughRuns(done: number, planned: number, what: string): void {
  assert.ok(done >= runs(planned) / 2, `${what}: only ${done} of ${runs(planned)} runs within the time limit`);
}

console.log(`invariants: fast-check seed ${SEED} (PRASASTI_PROPERTY_SEED), runs ×${SCALE} (PRASASTI_PROPERTY_RUNS)`);

// ---------------------------------------------------------------------------------------------
// combineShares = shamir-secret-sharing's combine
// ---------------------------------------------------------------------------------------------

/** n shares, threshold k, and a non-empty subset (in random order) of at least k share indices. */
const sharingArb = fc
  .integer({ min: 2, max: 10 })
  .chain((n) => fc.integer({ min: 2, max: n }).chain((k) => fc.record({ n: fc.constant(n), k: fc.constant(k), subset: fc.shuffledSubarray([...Array(n).keys()], { minLength: k }) })));

test('combineShares equals shamir-secret-sharing combine for random secrets, k-of-n splits and subsets of ≥ k shares', async () => {
  let runsDone = 0;
  const t0 = performance.now();
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 64 }), sharingArb, async (secret, { n, k, subset }) => {
      runsDone++;
      const shares = await split(secret, n, k);
      const chosen = subset.map((i) => shares[i]!);
      const ours = combineShares(chosen);
      const theirs = await combine(chosen);
      assert.deepEqual(ours, theirs, `k=${k} n=${n} subset=${subset.join(',')}`);
      assert.deepEqual(ours, secret);
    }),
    settings(500, 20_000),
  );
  // Arbitrary points (not on a low-degree polynomial): both interpolate the same way.
  const pointsArb = fc.integer({ min: 1, max: 40 }).chain((len) =>
    fc.uniqueArray(fc.integer({ min: 1, max: 255 }), { minLength: 2, maxLength: 12 }).chain((xs) => fc.tuple(...xs.map((x) => fc.uint8Array({ minLength: len, maxLength: len }).map((y) => Uint8Array.from([...y, x]))))),
  );
  await fc.assert(
    fc.asyncProperty(pointsArb, async (points) => {
      runsDone++;
      assert.deepEqual(combineShares(points), await combine(points));
    }),
    settings(300, 20_000),
  );
  console.log(`combineShares: ${runsDone} random cases equal to the library's combine (${Math.round(performance.now() - t0)} ms)`);
  assertEnoughRuns(runsDone, 800, 'combineShares');
});

// ---------------------------------------------------------------------------------------------
// 1. Money
// ---------------------------------------------------------------------------------------------

test('money invariants hold after every transaction of random valid and invalid actions on a contract', async () => {
  let runsDone = 0;
  const totals = { txs: 0, accepted: 0, refusedBy: new Map<string, number>(), ordersIssued: new Map<string, number>(), amendmentsApproved: 0, payments: 0 };
  const t0 = performance.now();
  await fc.assert(
    fc.asyncProperty(contractSetupArb, fc.array(moneyActionArb, { minLength: 1, maxLength: 60, size: 'max' }), async (setup, actions) => {
      runsDone++;
      const chain = await TestChain.create();
      try {
        const port = new ChainPort(chain);
        const fixture = await buildActiveContract(port, setup);
        const run = new MoneyRun({ port, appHash: () => chain.appHash() }, fixture);
        await run.start();
        for (const [i, action] of actions.entries()) {
          try {
            await run.apply(action);
          } catch (e) {
            throw new Error(`at action ${i + 1} of ${actions.length}, ${JSON.stringify(action)}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
          }
        }
        totals.txs += run.counts.txs;
        totals.accepted += run.counts.accepted;
        for (const [k, v] of run.counts.refusedBy) totals.refusedBy.set(k, (totals.refusedBy.get(k) ?? 0) + v);
        for (const [k, v] of run.counts.ordersIssued) totals.ordersIssued.set(k, (totals.ordersIssued.get(k) ?? 0) + v);
        totals.amendmentsApproved += run.counts.amendmentsApproved;
        totals.payments += run.counts.payments;
      } finally {
        chain.app.store.close();
      }
    }),
    settings(250, 45_000),
  );
  const refused = [...totals.refusedBy.entries()].sort((a, b) => b[1] - a[1]);
  const issued = [...totals.ordersIssued.entries()].map(([k, v]) => `${v} ${k}`).join(', ');
  console.log(
    `money: ${runsDone} random contracts, ${totals.txs} transactions (${totals.accepted} accepted; refused: ${refused.map(([k, v]) => `${k} ${v}`).join(', ')}); orders issued: ${issued}; ${totals.amendmentsApproved} amendments approved; ${totals.payments} payments (${Math.round(performance.now() - t0)} ms)`,
  );
  assertEnoughRuns(runsDone, 250, 'money');
  assert.ok(totals.accepted > totals.txs / 4, 'the random actions must exercise real state changes');
  for (const code of ['OVERPAYMENT', 'AMENDMENT_CAP', 'NOT_A_VERIFIER', 'INVALID_BODY']) assert.ok(totals.refusedBy.has(code), `some action is refused with ${code}`);
  for (const kind of ['advance', 'milestone', 'retention']) assert.ok(totals.ordersIssued.has(kind), `some run issues a ${kind} order`);
  assert.ok(totals.amendmentsApproved > 0 && totals.payments > 0, 'some runs approve amendments and record payments');
});

// ---------------------------------------------------------------------------------------------
// 2. Sealed bids
// ---------------------------------------------------------------------------------------------

const SUPPLIERS = TEST_SUPPLIERS.map((s) => s.id);
const ORG_OF = new Map(TEST_PEOPLE.map((p) => [p.id, p.orgId]));
const COMMITTEE_POOL = [...POKJA, ...AUDITORS];
const HPS = 10_000_000_000n;

const bidArb = fc.record({
  kind: fc.constant('bid' as const),
  bidder: fc.nat({ max: SUPPLIERS.length - 1 }),
  // Ten digits, never a prefix of the round HPS or pagu in state.
  price: fc.bigInt({ min: 1_000_000_001n, max: 9_999_999_999n }),
  tkdnBp: fc.integer({ min: 0, max: 10_000 }),
  validityDays: fc.integer({ min: 1, max: 365 }),
});
type BidStep = typeof bidArb extends fc.Arbitrary<infer T> ? T : never;
const preDeadlineStepArb = fc.oneof(
  { arbitrary: bidArb, weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('wait' as const), permille: fc.integer({ min: 0, max: 1_000 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('peek' as const), officer: fc.nat(), tamper: fc.boolean() }), weight: 2 },
);
const tamperArb = fc.record({
  officer: fc.nat(),
  bidder: fc.nat(),
  kind: fc.constantFrom('flipBit' as const, 'otherSeat' as const, 'otherBidder' as const, 'oldVersion' as const, 'mixed' as const),
  byte: fc.nat({ max: 32 }),
  bit: fc.nat({ max: 7 }),
});
const sealedScenarioArb = fc.record({
  committee: fc.shuffledSubarray(COMMITTEE_POOL, { minLength: 2 }).filter((c) => new Set(c.map((m) => ORG_OF.get(m))).size >= 2),
  thresholdPick: fc.nat(),
  bidDays: fc.integer({ min: 2, max: 60 }),
  firstBid: bidArb,
  steps: fc.array(preDeadlineStepArb, { maxLength: 10 }),
  edgeOfficer: fc.nat(),
  tampers: fc.array(tamperArb, { minLength: 1, maxLength: 4 }),
  revealOrder: fc.array(fc.nat(), { minLength: COMMITTEE_POOL.length, maxLength: COMMITTEE_POOL.length }),
  partialPick: fc.nat(),
});

const flipBit = (share: Uint8Array, byte: number, bit: number) => {
  const out = Uint8Array.from(share);
  out[byte % out.length]! ^= 1 << bit;
  return out;
};

test('sealed bids: nothing derivable before opening, no opening before the deadline, fewer than k shares open nothing, tampered shares refused', async () => {
  let runsDone = 0;
  let bidsSealed = 0;
  let refusals = 0;
  let stateScans = 0;
  const t0 = performance.now();
  await fc.assert(
    fc.asyncProperty(sealedScenarioArb, async (sc) => {
      runsDone++;
      const chain = await TestChain.create();
      try {
        const port = new ChainPort(chain);
        const p = new Procurement(port);
        const committee = sc.committee;
        const perOrg = new Map<string, number>();
        for (const m of committee) perOrg.set(ORG_OF.get(m)!, (perOrg.get(ORG_OF.get(m)!) ?? 0) + 1);
        const largest = Math.max(...perOrg.values());
        const threshold = largest + 1 + (sc.thresholdPick % (committee.length - largest));
        const packageId = 'paket-segel';
        const tenderId = 'tender-segel';
        await p.plan(PA, { packageId, title: 'Pengadaan Alat Laboratorium Sekolah', workUnit: 'Dinas Pendidikan', category: 'goods', method: 'tender', budgetLine: '1.01.02.2.01.0077', paguRupiah: HPS.toString() });
        const { deadlineMs } = await p.openTender({ tenderId, packageId, ppk: 'bdg-ppk', hpsRupiah: HPS.toString(), pokja: [...POKJA], committee, threshold, bidDays: sc.bidDays });
        const where = () => `(committee ${committee.join(',')}, threshold ${threshold}, height ${chain.height})`;

        const all: SealedBid[] = [];
        const latest = new Map<string, SealedBid>();
        const registered = new Set<string>();
        /** Sends a transaction that must be refused with `code`, leaving the AppHash where it was. */
        const refuse = async (code: string, member: string, type: string, body: Parameters<ChainPort['send']>[2]) => {
          const before = chain.appHash();
          const out = await port.send(member, type, body);
          assert.equal(codeName(out.code), code, `${type} by ${member}: ${out.log} ${where()}`);
          assert.equal(chain.appHash(), before, `refused ${type} moved the AppHash ${where()}`);
          refusals++;
        };
        /** Nothing of any bid (any version) in any key or value of committed state; shares posted by `revealedSeats` excepted. */
        const assertSealed = (revealedSeats: ReadonlySet<number>) => {
          stateScans++;
          const needles = all.flatMap((b) => secretsOf(b, latest.get(b.bidder) === b ? revealedSeats : new Set()));
          assert.deepEqual(findInState(chain, needles), [], `bid content derivable from ledger state ${where()}`);
        };
        /** Nor in what anyone can query about the tender and its bids. */
        const assertPublicViewSealed = async () => {
          const views = JSON.stringify([await port.query(`/tender/bids/${tenderId}`), await port.query(`/tender/tender/${tenderId}`), ...(await Promise.all([...latest.keys()].map((b) => port.query(`/tender/bid/${tenderId}/${b}`))))]);
          for (const b of all) assert.ok(!views.includes(b.terms.priceRupiah) && !views.includes(Buffer.from(b.key).toString('base64')), `a query shows the bid of ${b.bidder} ${where()}`);
        };
        const submit = async (s: BidStep) => {
          const bidder = SUPPLIERS[s.bidder]!;
          if (!registered.has(bidder)) {
            await p.must(signatoryOf(bidder), 'tender.register', { tenderId });
            registered.add(bidder);
          }
          const sealed = await sealAndRecover(tenderId, bidder, { priceRupiah: s.price.toString(), tkdnBp: s.tkdnBp, validityDays: s.validityDays, technicalHash: sha256Hex(`teknis ${bidder} ${all.length}`) }, committee, threshold);
          await p.must(signatoryOf(bidder), 'tender.submit_bid', sealed.body);
          all.push(sealed);
          latest.set(bidder, sealed);
          bidsSealed++;
        };
        const sharesOf = (seat: number, tamperFor?: string) => [...latest.values()].map((b) => ({ bidder: b.bidder, share: b.bidder === tamperFor ? flipBit(b.shares[seat]!, seat, 3) : b.shares[seat]! }));

        // Before the deadline: bids, resubmissions, time passing, and officers trying to open.
        await submit(sc.firstBid);
        assertSealed(new Set());
        const margin = 5_000 * (sc.steps.length * 4 + 20);
        for (const step of sc.steps) {
          if (step.kind === 'bid') await submit(step);
          else if (step.kind === 'wait') {
            const now = await port.now();
            const target = now + Math.floor(((deadlineMs - margin - now) * step.permille) / 1_000);
            if (target > now) await port.waitFor(target);
          } else {
            const seat = step.officer % committee.length;
            await refuse('TOO_EARLY', committee[seat]!, 'tender.reveal_shares', { tenderId, shares: sharesOf(seat, step.tamper ? [...latest.keys()][0] : undefined) });
          }
          assert.ok((await port.now()) < deadlineMs);
          assertSealed(new Set());
        }
        await assertPublicViewSealed();
        // The last block before the deadline: an officer's valid shares are still refused.
        await port.waitFor(deadlineMs - 5_001);
        const edgeSeat = sc.edgeOfficer % committee.length;
        await refuse('TOO_EARLY', committee[edgeSeat]!, 'tender.reveal_shares', { tenderId, shares: sharesOf(edgeSeat) });
        assert.equal(chain.timeMs, deadlineMs - 1, 'the refused reveal was in the last block before the deadline');
        assertSealed(new Set());

        // After the deadline: no more bids; tampered shares refused.
        await port.waitFor(deadlineMs);
        const late = [...latest.values()][0]!;
        await refuse('TOO_LATE', signatoryOf(late.bidder), 'tender.submit_bid', late.body);
        const bidders = [...latest.keys()].sort();
        for (const t of sc.tampers) {
          const seat = t.officer % committee.length;
          const bidder = bidders[t.bidder % bidders.length]!;
          const own = latest.get(bidder)!;
          const others = bidders.filter((b) => b !== bidder);
          const older = all.filter((b) => b.bidder === bidder && b !== own);
          let shares: Array<{ bidder: string; share: Uint8Array }>;
          if (t.kind === 'otherSeat') shares = [{ bidder, share: own.shares[(seat + 1) % committee.length]! }];
          else if (t.kind === 'otherBidder' && others.length) shares = [{ bidder, share: latest.get(others[t.byte % others.length]!)!.shares[seat]! }];
          else if (t.kind === 'oldVersion' && older.length) shares = [{ bidder, share: older[t.byte % older.length]!.shares[seat]! }];
          else if (t.kind === 'mixed') shares = [...others.map((b) => ({ bidder: b, share: latest.get(b)!.shares[seat]! })), { bidder, share: flipBit(own.shares[seat]!, t.byte, t.bit) }];
          else shares = [{ bidder, share: flipBit(own.shares[seat]!, t.byte, t.bit) }];
          await refuse('SHARE_INVALID', committee[seat]!, 'tender.reveal_shares', { tenderId, shares });
        }
        assertSealed(new Set());

        // Fewer than `threshold` officers reveal: every bid stays sealed and underivable.
        const order = [...committee.keys()].sort((a, b) => sc.revealOrder[a]! - sc.revealOrder[b]! || a - b);
        const partial = sc.partialPick % threshold;
        const revealed = new Set<number>();
        for (const seat of order.slice(0, partial)) {
          await p.must(committee[seat]!, 'tender.reveal_shares', { tenderId, shares: sharesOf(seat) });
          revealed.add(seat);
          const bids = await port.query<Array<{ bidder: string; status: string; revealedShares: number }>>(`/tender/bids/${tenderId}`);
          assert.deepEqual(
            bids.map((b) => [b.bidder, b.status, b.revealedShares]),
            bidders.map((b) => [b, 'sealed', revealed.size]),
            `${revealed.size} of ${threshold} shares open nothing ${where()}`,
          );
          assertSealed(revealed);
          // Interpolating the shares on the ledger (fewer than k) gives no bid key.
          for (const bid of latest.values()) if (revealed.size >= 2) assert.notDeepEqual(combineShares([...revealed].map((i) => bid.shares[i]!)), bid.key);
        }
        await assertPublicViewSealed();
        const tender = await port.query<{ status: string }>(`/tender/tender/${tenderId}`);
        assert.equal(tender.status, partial > 0 ? 'opening' : 'announced');

        // The rest of the threshold opens every bid, to exactly its latest terms.
        for (const seat of order.slice(partial, threshold)) await p.must(committee[seat]!, 'tender.reveal_shares', { tenderId, shares: sharesOf(seat) });
        const opened = await port.query<Array<{ bidder: string; status: string; content: { priceRupiah: string; tkdnBp: number; validityDays: number } | null }>>(`/tender/bids/${tenderId}`);
        assert.deepEqual(
          opened.map((b) => [b.bidder, b.status, b.content?.priceRupiah, b.content?.tkdnBp, b.content?.validityDays]),
          bidders.map((b) => {
            const t = latest.get(b)!.terms;
            return [b, 'opened', t.priceRupiah, t.tkdnBp, t.validityDays];
          }),
          `threshold ${threshold} opens every bid ${where()}`,
        );
        assert.equal((await port.query<{ status: string }>(`/tender/tender/${tenderId}`)).status, 'evaluation');
        // Positive control for the state search: once opened, each price is in state (as the bid's content).
        for (const b of latest.values()) assert.notDeepEqual(findInState(chain, [{ what: 'price', bytes: new TextEncoder().encode(b.terms.priceRupiah) }]), [], 'the state search finds an opened price');
      } finally {
        chain.app.store.close();
      }
    }),
    settings(120, 30_000),
  );
  console.log(`sealed bids: ${runsDone} random tenders, ${bidsSealed} bids sealed, ${stateScans} full scans of committed state found nothing, ${refusals} opening attempts refused (${Math.round(performance.now() - t0)} ms)`);
  assertEnoughRuns(runsDone, 120, 'sealed bids');
});

// ---------------------------------------------------------------------------------------------
// 3. Determinism
// ---------------------------------------------------------------------------------------------

test('determinism: the same random action sequence on two fresh chains (memory; disk, reopened midway) gives the same AppHash after every block', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'prasasti-inv-'));
  let runsDone = 0;
  let blocks = 0;
  let restarts = 0;
  const t0 = performance.now();
  try {
    await fc.assert(
      fc.asyncProperty(contractSetupArb, fc.array(moneyActionArb, { minLength: 1, maxLength: 30, size: 'max' }), fc.nat({ max: 30 }), async (setup, actions, restartAfter) => {
        runsDone++;
        const file = path.join(dir, `b-${runsDone}.sqlite`);
        const a = await TestChain.create();
        const port = new MirrorPort(a, await TestChain.create(file), { path: file, afterBlocks: 10 + restartAfter });
        try {
          assert.equal(port.b.appHash(), a.appHash(), 'same genesis');
          const fixture = await buildActiveContract(port, setup);
          const run = new MoneyRun({ port, appHash: () => a.appHash() }, fixture, false);
          for (const action of actions) await run.apply(action);
          blocks += port.blocks;
          if (port.restarted) restarts++;
        } finally {
          a.app.store.close();
          port.b.app.store.close();
        }
      }),
      settings(50, 30_000),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`determinism: ${runsDone} random sequences, ${blocks} blocks, same AppHash on both chains after every block, ${restarts} reopened from disk midway (${Math.round(performance.now() - t0)} ms)`);
  assertEnoughRuns(runsDone, 50, 'determinism');
});
