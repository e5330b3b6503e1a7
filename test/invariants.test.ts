/**
 * Property tests of the ledger's invariants over random valid and invalid action sequences
 * (fast-check, seeded: PRASASTI_PROPERTY_SEED replays a run, PRASASTI_PROPERTY_RUNS scales the
 * number of runs):
 *   1. money — on a contract made through the whole lifecycle from random terms: paid ≤ ordered ≤
 *      value with approved amendments; orders only for milestones every required verifier
 *      approved; amendments within 10 %; every order's components add up and are ≥ 0; a refused
 *      transaction leaves the AppHash unchanged;
 *   2. sealed bids — nothing of a bid (nor an officer's unrevealed opening secret) is in ledger
 *      state before its opening; every opening step before the deadline is refused (an opening
 *      key already in CheckTx, so that it never reaches a block); fewer than `threshold` revealed
 *      opening keys open nothing and give no bid key; `threshold` open every honest bid to its
 *      latest terms; wrong secrets are refused and change nothing; shares a bidder spoiled make
 *      its own bid unopenable (as the protocol states, checked against a model of the opening)
 *      and never stop the others or fail a block;
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
import { DAY_MS } from '../ledger/calendar.js';
import { combineShares } from '../ledger/modules/tender/sealed-bid.js';
import { CURRENT_RULESET } from '../ledger/rules/ruleset.js';
import { Procurement, sha256Hex, signatoryOf } from '../cli/lifecycle.js';
import { openShare, openingKeyPair, type BidTerms } from '../cli/sealing.js';
import { ChainPort, TestChain } from './support/chain.js';
import { CHAIN, TEST_PEOPLE, TEST_SUPPLIERS, testKey } from './support/genesis.js';
import {
  AUDITORS,
  MirrorPort,
  MoneyRun,
  OTHER_TENDER,
  OpeningModel,
  PA,
  POKJA,
  TAMPER_KINDS,
  buildActiveContract,
  contractSetupArb,
  findInState,
  flipBit,
  interpolatesTo,
  moneyActionArb,
  officerKeys,
  sealAndRecover,
  secretsOf,
  type SealedBid,
  type SeatTamper,
} from './support/invariants.js';

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
/** All that `/tender/bids` shows of a sealed bid. */
const SEALED_VIEW = ['bidder', 'commitment', 'invalidSeats', 'status', 'submittedMs', 'tenderId', 'validShares', 'version'];
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const isPokja = (m: string) => (POKJA as readonly string[]).includes(m);

const seatTamperArb: fc.Arbitrary<SeatTamper> = fc.record({
  seat: fc.nat(),
  kind: fc.constantFrom(...TAMPER_KINDS),
  from: fc.nat(),
  byte: fc.nat({ max: 31 }),
  bit: fc.nat({ max: 7 }),
  noise: fc.uint8Array({ minLength: 33, maxLength: 33 }),
});
const bidArb = fc.record({
  kind: fc.constant('bid' as const),
  // Any supplier; often one of two, so that many bid again.
  bidder: fc.oneof({ arbitrary: fc.nat({ max: SUPPLIERS.length - 1 }), weight: 1 }, { arbitrary: fc.nat({ max: 1 }), weight: 1 }),
  // Ten digits, never a prefix of the round HPS or pagu in state.
  price: fc.bigInt({ min: 1_000_000_001n, max: 9_999_999_999n }),
  tkdnBp: fc.integer({ min: 0, max: 10_000 }),
  validityDays: fc.integer({ min: 1, max: 365 }),
  // Honest, or spoiled at one seat or at 2–3 (the first bid's bidder always bids honestly).
  tampers: fc.oneof(
    { arbitrary: fc.constant<SeatTamper[]>([]), weight: 4 },
    { arbitrary: fc.array(seatTamperArb, { minLength: 1, maxLength: 1 }), weight: 3 },
    { arbitrary: fc.array(seatTamperArb, { minLength: 2, maxLength: 3 }), weight: 1 },
  ),
});
type BidStep = typeof bidArb extends fc.Arbitrary<infer T> ? T : never;
/** A `tender.reveal_opening_key` someone tries: with a seat's own secret, a wrong one, or from outside the committee. */
const keyAttemptArb = fc.record({
  officer: fc.nat(),
  key: fc.constantFrom('right' as const, 'otherSeat' as const, 'otherTender' as const, 'random' as const, 'flipBit' as const, 'outsider' as const),
  from: fc.nat(),
  // Bytes 1–30 of the secret: never the bits X25519 clamps away.
  byte: fc.nat({ max: 29 }),
  bit: fc.nat({ max: 7 }),
  noise: fc.uint8Array({ minLength: 32, maxLength: 32 }),
});
type KeyAttempt = typeof keyAttemptArb extends fc.Arbitrary<infer T> ? T : never;
const preDeadlineStepArb = fc.oneof(
  { arbitrary: bidArb, weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('wait' as const), permille: fc.integer({ min: 0, max: 1_000 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('peek' as const), attempt: keyAttemptArb }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('close' as const), by: fc.nat() }), weight: 1 },
);
const sealedScenarioArb = fc.record({
  committee: fc.shuffledSubarray(COMMITTEE_POOL, { minLength: 2 }).filter((c) => new Set(c.map((m) => ORG_OF.get(m))).size >= 2),
  // Often the smallest threshold allowed, so that some seats are left to reveal after it.
  thresholdPick: fc.oneof(fc.constant(0), fc.nat()),
  bidDays: fc.integer({ min: 2, max: 60 }),
  // The officers also hold registered opening keys for another tender (whose secrets are tried here).
  otherTender: fc.boolean(),
  firstBid: bidArb,
  steps: fc.array(preDeadlineStepArb, { maxLength: 10 }),
  edgeOfficer: fc.nat(),
  // Wrong keys, second reveals and outsiders, each tried before the `at`-th reveal (or after the last).
  attempts: fc.array(fc.record({ at: fc.nat({ max: COMMITTEE_POOL.length }), attempt: keyAttemptArb }), { minLength: 1, maxLength: 5 }),
  revealOrder: fc.array(fc.nat(), { minLength: COMMITTEE_POOL.length, maxLength: COMMITTEE_POOL.length }),
  partialPick: fc.nat(),
  // With fewer than `threshold` keys revealed, the Pokja tries to close the opening (within or after the grace period).
  partialClose: fc.constantFrom('no' as const, 'inGrace' as const, 'afterGrace' as const),
  extraReveals: fc.oneof(fc.constant(0), fc.nat()),
  // Bids still sealed once `threshold` keys are in: the other officers reveal, or the Pokja closes after the grace period.
  finish: fc.oneof({ arbitrary: fc.constant('close' as const), weight: 2 }, { arbitrary: fc.constant('reveal' as const), weight: 1 }),
  closer: fc.nat(),
});

test('sealed bids: nothing derivable before opening, no opening before the deadline, fewer than k keys open nothing, k open every honest bid; wrong keys refused; spoiled shares make only their own bid unopenable', async () => {
  let runsDone = 0;
  const totals = { bids: 0, spoiled: 0, scans: 0, closed: 0, refusedBy: new Map<string, number>(), fates: new Map<string, number>(), wrongKeys: new Map<string, number>(), tamperKinds: new Map<string, number>() };
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const t0 = performance.now();
  await fc.assert(
    fc.asyncProperty(sealedScenarioArb, async (sc) => {
      runsDone++;
      const chain = await TestChain.create();
      try {
        const port = new ChainPort(chain);
        const p = new Procurement(port);
        const committee = sc.committee;
        const n = committee.length;
        const perOrg = new Map<string, number>();
        for (const m of committee) perOrg.set(ORG_OF.get(m)!, (perOrg.get(ORG_OF.get(m)!) ?? 0) + 1);
        const largest = Math.max(...perOrg.values());
        const threshold = largest + 1 + (sc.thresholdPick % (n - largest));
        const packageId = 'paket-segel';
        const tenderId = 'tender-segel';
        const keys = officerKeys(committee, tenderId);
        const otherKeys = officerKeys(committee, OTHER_TENDER);
        const honestBidder = SUPPLIERS[sc.firstBid.bidder]!;
        const all: SealedBid[] = [];
        const latest = new Map<string, SealedBid>();
        const labels = new Map<SealedBid, string>();
        const registered = new Set<string>();
        // The opening as the protocol states it; its bids are set at the deadline.
        let model = new OpeningModel([], n, threshold);
        const describe = () =>
          [...latest.values()]
            .map((b) => `${labels.get(b)} ${b.tampers.length ? `spoiled ${b.tampers.map((t) => `${t.kind}@${t.seat}${['copySeat', 'otherSeatKey', 'otherSeatHash'].includes(t.kind) ? `<${t.from}` : ''}`).join(' ')}` : 'honest'}`)
            .join('; ');
        const where = () => `(committee ${committee.join(',')}, threshold ${threshold}, revealed seats [${model.revealed.join(',')}], height ${chain.height}; bids: ${describe()})`;

        type TxBody = Parameters<ChainPort['send']>[2];
        /** Every block is finalized: a spoiled bid or a wrong key is a refusal or an unopenable bid, never a thrown FinalizeBlock. */
        const send = async (member: string, type: string, body: TxBody) => {
          try {
            return await port.send(member, type, body);
          } catch (e) {
            return assert.fail(`FinalizeBlock threw on ${type} by ${member}: ${e instanceof Error ? e.stack : String(e)} ${where()}`);
          }
        };
        const accept = async (member: string, type: string, body: TxBody) => {
          const before = chain.appHash();
          const out = await send(member, type, body);
          assert.equal(out.code, 0, `${type} by ${member}: ${codeName(out.code)} ${out.log} ${where()}`);
          assert.notEqual(chain.appHash(), before, `accepted ${type} did not move the AppHash ${where()}`);
        };
        /** What CheckTx (the mempool) answers to the transaction, against committed state and the last block's time. */
        const mempool = (member: string, type: string, body: TxBody) => {
          const bytes = port.signers.tx(member, type, body);
          port.signers.unuse(member);
          const code = chain.app.checkTx(bytes).code;
          return code === 0 ? 'OK' : (codeName(code) ?? String(code));
        };
        /** Sends a transaction that must be refused with `code`, leaving the AppHash where it was. */
        const refuse = async (code: string, member: string, type: string, body: TxBody) => {
          const before = chain.appHash();
          const out = await send(member, type, body);
          assert.equal(codeName(out.code), code, `${type} by ${member}: ${out.log} ${where()}`);
          assert.equal(chain.appHash(), before, `refused ${type} moved the AppHash ${where()}`);
          bump(totals.refusedBy, code);
        };

        /**
         * Nothing of a bid not opened (any version) in any key or value of committed state — the
         * shares the ledger holds by now excepted — nor the opening secret of an officer who has
         * not revealed it, nor any officer's secret for the other tender.
         */
        const assertSealed = () => {
          totals.scans++;
          const inState = model.sharesInState();
          const opened = new Set(model.bids.filter((m) => m.status === 'opened').map((m) => m.bid));
          // (An earlier version may have had the price a bid opened to.)
          const openedPrices = new Set([...opened].map((b) => b.terms.priceRupiah));
          const needles = [
            ...all.filter((b) => !opened.has(b)).flatMap((b) => secretsOf(b, labels.get(b)!, inState).filter((x) => !(x.what.startsWith('price') && openedPrices.has(new TextDecoder().decode(x.bytes))))),
            ...committee.flatMap((m, i) => (model.revealed.includes(i) ? [] : [{ what: `opening secret of ${m}`, bytes: keys[i]!.secretKey }])),
            ...committee.map((m, i) => ({ what: `opening secret of ${m} for ${OTHER_TENDER}`, bytes: otherKeys[i]!.secretKey })),
          ];
          assert.deepEqual(findInState(chain, needles), [], `bid content or an unrevealed key in ledger state ${where()}`);
        };
        /** Nor in what anyone can query about the tender and its bids. */
        const assertPublicViewSealed = async () => {
          const views = JSON.stringify([await port.query(`/tender/bids/${tenderId}`), await port.query(`/tender/tender/${tenderId}`), ...(await Promise.all([...latest.keys()].map((b) => port.query(`/tender/bid/${tenderId}/${b}`))))]);
          const inState = model.sharesInState();
          const opened = new Set(model.bids.filter((m) => m.status === 'opened').map((m) => m.bid));
          for (const b of all) {
            if (opened.has(b)) continue;
            const openedPrice = [...opened].some((o) => o.terms.priceRupiah === b.terms.priceRupiah);
            assert.ok((openedPrice || !views.includes(b.terms.priceRupiah)) && !views.includes(b64(b.key)), `a query shows the bid of ${labels.get(b)} ${where()}`);
            for (const s of [...b.seats.map((x) => x.plain), ...b.honestShares]) assert.ok(inState.has(hex(s)) || !views.includes(b64(s)), `a query shows a share of ${labels.get(b)} ${where()}`);
          }
          committee.forEach((m, i) => assert.ok(model.revealed.includes(i) || !views.includes(b64(keys[i]!.secretKey)), `a query shows the opening secret of ${m} ${where()}`));
        };
        /** The ledger's bids and tender against the model: status, valid and invalid seats of every bid, opened terms, revealed keys. */
        const checkOpening = async (after: string) => {
          const views = await port.query<Array<Record<string, unknown> & { bidder: string; status: string; invalidSeats: number[] }>>(`/tender/bids/${tenderId}`);
          assert.deepEqual(
            views.map((v) => [v.bidder, v.status, v.status === 'sealed' ? v.validShares : (v.revealed as unknown[]).filter(Boolean).length, v.invalidSeats]),
            model.bids.map((m) => [m.bid.bidder, m.status, m.valid.length, m.invalid]),
            `${after}: bids as the protocol states ${where()}`,
          );
          for (const v of views) if (v.status === 'sealed') assert.deepEqual(Object.keys(v).sort(), SEALED_VIEW, `a sealed bid shows only the public fields ${where()}`);
          for (const m of model.bids) {
            if (m.status !== 'opened') continue;
            const c = views.find((v) => v.bidder === m.bid.bidder)!.content;
            assert.deepEqual(c, { ...m.bid.terms }, `${m.bid.bidder} opens to its latest terms ${where()}`);
          }
          const t = await port.query<{ status: string; revealedBy: string[]; committee: Array<{ memberId: string; openingSecret: string | null }> }>(`/tender/tender/${tenderId}`);
          assert.equal(t.status, model.tenderStatus(), `${after}: tender status ${where()}`);
          assert.deepEqual(t.revealedBy, model.revealed.map((i) => committee[i]), `${after}: revealedBy ${where()}`);
          assert.deepEqual(
            t.committee.map((s) => s.openingSecret),
            committee.map((_, i) => (model.revealed.includes(i) ? b64(keys[i]!.secretKey) : null)),
            `${after}: exactly the revealed secrets are on the ledger ${where()}`,
          );
        };
        /**
         * With fewer than `threshold` keys revealed: the revealed secrets on the ledger open the
         * seats' sealed shares of every bid; neither interpolating all of them (with the valid
         * shares the ledger holds) nor only those on the bid's polynomial gives a bid key.
         */
        const assertKeysUnderivable = async () => {
          const t = await port.query<{ committee: Array<{ openingKey: string; openingSecret: string | null }> }>(`/tender/tender/${tenderId}`);
          for (const m of model.bids) {
            const full = await port.query<{ sealedShares: string[]; revealed: Array<string | null> }>(`/tender/bid/${tenderId}/${m.bid.bidder}`);
            const byX = new Map<number, Uint8Array>();
            const add = (s: Uint8Array) => {
              if (!byX.has(s[s.length - 1]!)) byX.set(s[s.length - 1]!, s);
            };
            t.committee.forEach((seat, i) => {
              if (!seat.openingSecret) return;
              try {
                add(openShare(unb64(full.sealedShares[i]!), { publicKey: unb64(seat.openingKey), secretKey: unb64(seat.openingSecret) }));
              } catch {
                // sealed to another key
              }
            });
            for (const r of full.revealed) if (r) add(unb64(r));
            const points = [...byX.values()];
            const honestHex = new Set(m.bid.honestShares.map(hex));
            const onCurve = points.filter((s) => honestHex.has(hex(s)));
            assert.ok(onCurve.length < threshold, `${onCurve.length} shares of ${m.bid.bidder} on its polynomial are derivable from ${model.revealed.length} revealed keys ${where()}`);
            if (!m.bid.tampers.length) assert.equal(onCurve.length, model.revealed.length, `the ledger's secrets open every revealed seat's share of ${m.bid.bidder} ${where()}`);
            for (const set of [points, onCurve]) if (set.length >= 2) assert.equal(await interpolatesTo(set, m.bid.key), false, `the bid key of ${m.bid.bidder} from ${set.length} shares ${where()}`);
          }
        };

        /** Resolves a key attempt: who sends which secret, and the refusal expected. `undefined`: nothing to try. */
        const keyAttempt = (a: KeyAttempt, early: boolean): { member: string; secretKey: Uint8Array; code: string } | undefined => {
          if (a.key === 'outsider') {
            const outsiders = [...COMMITTEE_POOL.filter((m) => !committee.includes(m)), signatoryOf(SUPPLIERS[a.from % SUPPLIERS.length]!)];
            const member = outsiders[a.officer % outsiders.length]!;
            return { member, secretKey: openingKeyPair(testKey(member).seed, CHAIN, tenderId).secretKey, code: 'UNAUTHORIZED' };
          }
          let seat = a.officer % n;
          if (a.key === 'right' && !early) {
            // After the deadline, an officer's own key a second time.
            if (model.revealed.length === 0) return undefined;
            seat = model.revealed[a.officer % model.revealed.length]!;
          }
          const secretKey =
            a.key === 'right'
              ? keys[seat]!.secretKey
              : a.key === 'otherSeat'
                ? keys[(seat + 1 + (a.from % (n - 1))) % n]!.secretKey
                : a.key === 'otherTender'
                  ? otherKeys[seat]!.secretKey
                  : a.key === 'random'
                    ? a.noise
                    : flipBit(keys[seat]!.secretKey, 1 + a.byte, a.bit);
          const code = early ? 'TOO_EARLY' : model.tenderStatus() === 'evaluation' ? 'INVALID_STATE' : model.revealed.includes(seat) ? 'ALREADY_EXISTS' : 'OPENING_KEY_MISMATCH';
          return { member: committee[seat]!, secretKey, code };
        };
        const tryKey = async (a: KeyAttempt, early: boolean) => {
          const t = keyAttempt(a, early);
          if (!t) return;
          const body = { tenderId, secretKey: t.secretKey };
          // A secret sent before the deadline never reaches a block; nor does a seat's wrong secret.
          const checked = mempool(t.member, 'tender.reveal_opening_key', body);
          if (early) assert.ok(checked === 'TOO_EARLY' || (t.code === 'UNAUTHORIZED' && checked !== 'OK'), `CheckTx takes an opening key before the deadline (${checked}) ${where()}`);
          else if (t.code !== 'UNAUTHORIZED' && a.key !== 'right') assert.equal(checked, 'OPENING_KEY_MISMATCH', `CheckTx on a wrong secret of ${t.member} ${where()}`);
          // Whatever a proposer puts in a block, FinalizeBlock refuses it.
          await refuse(t.code, t.member, 'tender.reveal_opening_key', body);
          if (t.code === 'OPENING_KEY_MISMATCH') bump(totals.wrongKeys, a.key);
        };
        const attempted = new Set<object>();
        const attemptsUpTo = async (no: number) => {
          for (const x of sc.attempts) {
            if (x.at > no || attempted.has(x)) continue;
            attempted.add(x);
            await tryKey(x.attempt, false);
          }
        };

        const closers = [...POKJA, ...committee.filter((m) => !isPokja(m)), signatoryOf(honestBidder)];
        let graceEnds = Infinity;
        /** `close_opening` by `member`: accepted only from the Pokja, while opening, with ≥ threshold keys in and the grace period over. */
        const tryClose = async (member: string) => {
          const blockMs = (await port.now()) + 5_000; // each transaction is its own block, 5 s on
          const code = !isPokja(member) ? 'UNAUTHORIZED' : model.tenderStatus() !== 'opening' ? 'INVALID_STATE' : model.revealed.length < threshold || blockMs < graceEnds ? 'TOO_EARLY' : undefined;
          if (code) return refuse(code, member, 'tender.close_opening', { tenderId });
          await accept(member, 'tender.close_opening', { tenderId });
          model.close();
          totals.closed++;
          await checkOpening('after close_opening');
        };
        const reveal = async (seat: number) => {
          await attemptsUpTo(model.revealed.length);
          const body = { tenderId, secretKey: keys[seat]!.secretKey };
          assert.equal(mempool(committee[seat]!, 'tender.reveal_opening_key', body), 'OK', `CheckTx takes ${committee[seat]}'s key after the deadline ${where()}`);
          await accept(committee[seat]!, 'tender.reveal_opening_key', body);
          await model.reveal(seat);
          await checkOpening(`after seat ${seat} (${committee[seat]}) revealed`);
          // Positive control for the state search: a revealed secret is found in state.
          assert.notDeepEqual(findInState(chain, [{ what: 'revealed secret', bytes: keys[seat]!.secretKey }]), [], 'the state search finds a revealed secret');
        };

        const submit = async (s: BidStep) => {
          const bidder = SUPPLIERS[s.bidder]!;
          const tampers = bidder === honestBidder ? [] : s.tampers;
          // Spoiling with an earlier version's share needs an earlier version: the bidder bids once before.
          if (tampers.some((t) => t.kind === 'oldVersion') && !all.some((b) => b.bidder === bidder)) {
            await submit({ ...s, price: 1_000_000_001n + ((s.price - 1_000_000_001n + 4_321_987n) % 8_999_999_999n), tampers: [] });
          }
          if (!registered.has(bidder)) {
            await accept(signatoryOf(bidder), 'tender.register', { tenderId });
            registered.add(bidder);
          }
          const older = all.filter((b) => b.bidder === bidder);
          const sealed = await sealAndRecover({
            tenderId,
            bidder,
            terms: { priceRupiah: s.price.toString(), tkdnBp: s.tkdnBp, validityDays: s.validityDays, technicalHash: sha256Hex(`teknis ${bidder} ${all.length}`) },
            committee,
            threshold,
            tampers,
            others: [...latest.values()].filter((b) => b.bidder !== bidder),
            older,
          });
          await accept(signatoryOf(bidder), 'tender.submit_bid', sealed.body);
          labels.set(sealed, `${bidder} v${older.length + 1}`);
          all.push(sealed);
          latest.set(bidder, sealed);
          totals.bids++;
          if (sealed.tampers.length) totals.spoiled++;
          for (const t of sealed.tampers) bump(totals.tamperKinds, t.kind);
        };

        await p.plan(PA, { packageId, title: 'Pengadaan Alat Laboratorium Sekolah', workUnit: 'Dinas Pendidikan', category: 'goods', method: 'tender', budgetLine: '1.01.02.2.01.0077', paguRupiah: HPS.toString() });
        const { deadlineMs } = await p.openTender({ tenderId, packageId, ppk: 'bdg-ppk', hpsRupiah: HPS.toString(), pokja: [...POKJA], committee, threshold, bidDays: sc.bidDays });
        graceEnds = deadlineMs + CURRENT_RULESET.openingGraceDays * DAY_MS;
        if (sc.otherTender) {
          // An officer never uses an opening key twice: their key for this tender is refused for another.
          await p.plan(PA, { packageId: 'paket-lain', title: 'Pengadaan Meja Laboratorium', workUnit: 'Dinas Pendidikan', category: 'goods', method: 'tender', budgetLine: '1.01.02.2.01.0078', paguRupiah: HPS.toString() });
          await accept('bdg-ppk', 'tender.create', { tenderId: OTHER_TENDER, packageId: 'paket-lain', hpsRupiah: HPS.toString(), hpsBreakdownHash: sha256Hex('rincian lain'), pokja: [...POKJA], committee, threshold, previousTenderId: null });
          const seat = sc.closer % n;
          await refuse('KEY_IN_USE', committee[seat]!, 'tender.register_opening_key', { tenderId: OTHER_TENDER, publicKey: keys[seat]!.publicKey });
          for (const [i, m] of committee.entries()) await accept(m, 'tender.register_opening_key', { tenderId: OTHER_TENDER, publicKey: otherKeys[i]!.publicKey });
        }

        // Before the deadline: bids (some spoiled), resubmissions, time passing, and attempts to open.
        await submit(sc.firstBid);
        assertSealed();
        const margin = 5_000 * (sc.steps.length * 4 + 20);
        for (const step of sc.steps) {
          if (step.kind === 'bid') await submit(step);
          else if (step.kind === 'wait') {
            const now = await port.now();
            const target = now + Math.floor(((deadlineMs - margin - now) * step.permille) / 1_000);
            if (target > now) await port.waitFor(target);
          } else if (step.kind === 'peek') await tryKey(step.attempt, true);
          else await tryClose(closers[step.by % closers.length]!);
          assert.ok((await port.now()) < deadlineMs);
          assertSealed();
        }
        await assertPublicViewSealed();
        // The last block before the deadline: an officer's own secret is still refused.
        await port.waitFor(deadlineMs - 5_001);
        const edgeSeat = sc.edgeOfficer % n;
        assert.equal(mempool(committee[edgeSeat]!, 'tender.reveal_opening_key', { tenderId, secretKey: keys[edgeSeat]!.secretKey }), 'TOO_EARLY', `CheckTx in the last block before the deadline ${where()}`);
        await refuse('TOO_EARLY', committee[edgeSeat]!, 'tender.reveal_opening_key', { tenderId, secretKey: keys[edgeSeat]!.secretKey });
        assert.equal(chain.timeMs, deadlineMs - 1, 'the refused reveal was in the last block before the deadline');
        assertSealed();

        // After the deadline: no more bids.
        await port.waitFor(deadlineMs);
        const late = [...latest.values()][0]!;
        await refuse('TOO_LATE', signatoryOf(late.bidder), 'tender.submit_bid', late.body);
        const bidders = [...latest.keys()].sort();
        model = new OpeningModel(bidders.map((b) => latest.get(b)!), n, threshold);
        await checkOpening('at the deadline');

        // Fewer than `threshold` officers reveal: every honest bid stays sealed and no bid key is derivable.
        const order = [...committee.keys()].sort((a, b) => sc.revealOrder[a]! - sc.revealOrder[b]! || a - b);
        const partial = sc.partialPick % threshold;
        for (const seat of order.slice(0, partial)) {
          await reveal(seat);
          for (const m of model.bids) if (!m.bid.tampers.length) assert.equal(m.status, 'sealed', `${model.revealed.length} of ${threshold} keys open ${m.bid.bidder} ${where()}`);
          assertSealed();
          await assertKeysUnderivable();
        }
        await assertPublicViewSealed();
        if (sc.partialClose !== 'no') {
          if (sc.partialClose === 'afterGrace') await port.waitFor(graceEnds);
          await tryClose(POKJA[sc.closer % POKJA.length]!);
        }

        // The rest of the threshold opens every honest bid, to exactly its latest terms.
        for (const seat of order.slice(partial, threshold)) await reveal(seat);
        const opened = await port.query<Array<{ bidder: string; status: string; content: BidTerms | null }>>(`/tender/bids/${tenderId}`);
        for (const b of latest.values()) {
          if (b.tampers.length) continue;
          const v = opened.find((x) => x.bidder === b.bidder);
          assert.deepEqual([v?.status, v?.content], ['opened', { ...b.terms }], `threshold ${threshold} opens the honest bid of ${b.bidder} ${where()}`);
        }

        // Bids still sealed: more officers reveal; then the rest do, or the Pokja closes after the grace period.
        const more = threshold + (sc.extraReveals % (n - threshold + 1));
        for (const seat of order.slice(threshold, more)) if (model.tenderStatus() === 'opening') await reveal(seat);
        if (model.tenderStatus() === 'opening' && sc.finish === 'close') {
          const closer = closers[sc.closer % closers.length]!;
          if (!isPokja(closer)) await tryClose(closer);
          const pokja = POKJA[sc.closer % POKJA.length]!;
          if ((await port.now()) + 5_000 < graceEnds) await tryClose(pokja);
          // The last block of the grace period: still too early; the next one closes.
          await port.waitFor(graceEnds - 5_001);
          await tryClose(pokja);
          if (model.tenderStatus() === 'opening') await tryClose(pokja);
          assert.equal(model.tenderStatus(), 'evaluation', `the Pokja closed the opening ${where()}`);
        }
        for (const seat of order.slice(more)) if (model.tenderStatus() === 'opening') await reveal(seat);
        await attemptsUpTo(Infinity);
        // The opening is over: no key is taken any more.
        const absent = committee.findIndex((_, i) => !model.revealed.includes(i));
        if (absent >= 0) await refuse('INVALID_STATE', committee[absent]!, 'tender.reveal_opening_key', { tenderId, secretKey: keys[absent]!.secretKey });

        assert.equal(model.tenderStatus(), 'evaluation', `every bid is opened or unopenable ${where()}`);
        await checkOpening('at the end of the opening');
        for (const m of model.bids) {
          const kind = `${m.bid.tampers.length ? 'spoiled' : 'honest'} ${m.fate}`;
          assert.ok(m.bid.tampers.length || m.fate === 'opened', `honest bid of ${m.bid.bidder} ${m.fate} ${where()}`);
          bump(totals.fates, kind);
        }
        assertSealed();
        await assertPublicViewSealed();
        // Positive control for the state search: once opened, each price is in state (as the bid's content).
        for (const m of model.bids) if (m.status === 'opened') assert.notDeepEqual(findInState(chain, [{ what: 'price', bytes: new TextEncoder().encode(m.bid.terms.priceRupiah) }]), [], 'the state search finds an opened price');
      } finally {
        chain.app.store.close();
      }
    }),
    settings(200, 30_000),
  );
  const refused = [...totals.refusedBy.entries()].sort((a, b) => b[1] - a[1]);
  const fates = [...totals.fates.entries()].sort().map(([k, v]) => `${v} ${k}`);
  console.log(
    `sealed bids: ${runsDone} random tenders, ${totals.bids} bids sealed (${totals.spoiled} spoiled), ${totals.scans} full scans of committed state found nothing, opening steps refused: ${refused.map(([k, v]) => `${k} ${v}`).join(', ')} (wrong secrets: ${[...totals.wrongKeys].map(([k, v]) => `${v} ${k}`).join(', ')}); spoiled seats: ${[...totals.tamperKinds].map(([k, v]) => `${v} ${k}`).join(', ')}; latest bids: ${fates.join(', ')}; ${totals.closed} openings closed by the Pokja (${Math.round(performance.now() - t0)} ms)`,
  );
  assertEnoughRuns(runsDone, 200, 'sealed bids');
  // Every path was taken (with fewer runs than planned, some may not be).
  if (SCALE >= 1) {
    for (const code of ['TOO_EARLY', 'OPENING_KEY_MISMATCH', 'ALREADY_EXISTS', 'UNAUTHORIZED', 'INVALID_STATE', 'KEY_IN_USE', 'TOO_LATE']) assert.ok(totals.refusedBy.has(code), `some opening step is refused with ${code}`);
    for (const key of ['otherSeat', 'otherTender', 'random', 'flipBit']) assert.ok(totals.wrongKeys.has(key), `some ${key} secret is refused OPENING_KEY_MISMATCH`);
    for (const kind of TAMPER_KINDS) assert.ok(totals.tamperKinds.has(kind), `some bid is spoiled by ${kind}`);
    for (const fate of ['honest opened', 'spoiled opened', 'spoiled tooFewShares', 'spoiled wrongKey', 'spoiled closed']) assert.ok(totals.fates.has(fate), `some latest bid ends ${fate}`);
  }
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
