/**
 * The tender workspace's reading of the ledger's rules (web/src/features/tender-work/model.ts)
 * against the ledger's own: the rule-set numbers it shows, the HEA it previews, the ranking it
 * shows for the award, and the committee and Pokja rules it checks before signing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULESETS } from '../ledger/rules/ruleset.js';
import { bestLine, hea } from '../ledger/modules/tender/messages.js';
import type { Tender } from '../ledger/modules/tender/state.js';
import { RULES, committeeProblems, dutiesFor, heaOf, pokjaProblems, ranking, smallestThreshold, DAY_MS, type WorkTender } from './src/features/tender-work/model.js';

const RULESET_ID = 'perpres16-2018+12-2021+46-2025/v1';
const rules = RULESETS.get(RULESET_ID)!;

test('the numbers the pages explain are the rule-set the ledger applies', () => {
  for (const k of ['pokjaMinMembers', 'openingMinInstitutions', 'openingGraceDays', 'sanggahDays', 'sanggahAnswerDays', 'bandingDays'] as const) {
    assert.equal(RULES[k], rules[k], `${k}: got ${RULES[k]}, want ${rules[k]}`);
  }
});

test('HEA preview: the same as the ledger for prices and TKDN around the thresholds', () => {
  const prices = [0n, 999_999_999n, 1_000_000_000n, 1_000_000_001n, 2_600_000_000n, 8_612_345_679n];
  const tkdns = [0, 2_499, 2_500, 4_000, 7_777, 10_000];
  for (const p of prices) for (const k of tkdns) assert.equal(heaOf(p, k), hea(rules, p, k), `price ${p}, tkdn ${k}`);
});

test('ranking: the first line is the ledger\'s best line (tender and seleksi, ties to the first bidder)', () => {
  const line = (bidder: string, hea: string, score: number | null = null, qualified = true) => ({ bidder, qualified, reason: qualified ? null : 'x', correctedPriceRupiah: hea, heaRupiah: hea, technicalScore: score });
  const cases: Array<{ name: string; method: string; bidders: string[]; lines: ReturnType<typeof line>[] }> = [
    { name: 'lowest HEA', method: 'tender', bidders: ['a', 'b', 'c'], lines: [line('a', '300'), line('b', '200'), line('c', '250')] },
    { name: 'tie to first submitted', method: 'tender', bidders: ['c', 'a', 'b'], lines: [line('a', '200'), line('b', '300'), line('c', '200')] },
    { name: 'disqualified cheapest', method: 'tender', bidders: ['a', 'b'], lines: [line('a', '100', null, false), line('b', '200')] },
    { name: 'seleksi: score first', method: 'seleksi', bidders: ['a', 'b', 'c'], lines: [line('a', '100', 70), line('b', '300', 90), line('c', '200', 90)] },
  ];
  for (const c of cases) {
    const t = { method: c.method, bidders: c.bidders, evaluation: { by: 'p', atMs: 0, round: 1, lines: c.lines } };
    const want = bestLine(t as unknown as Tender)?.bidder;
    const got = ranking(t as unknown as WorkTender)[0]?.bidder;
    assert.equal(got, want, `${c.name}: got ${got}, want ${want}`);
  }
});

test('committee and Pokja rules: as the README states them', () => {
  const seats = (...orgs: string[]) => orgs.map((orgId) => ({ orgId }));
  const cases: Array<[string, Array<{ orgId: string }>, number, string[]]> = [
    ['three Pokja, Inspektorat, BPKP, k = 4 (the README example)', seats('city', 'city', 'city', 'insp', 'bpkp'), 4, []],
    ['the same with k = 3: the city alone could open', seats('city', 'city', 'city', 'insp', 'bpkp'), 3, ['kNotAboveOrg']],
    ['one institution', seats('city', 'city'), 2, ['institutions', 'kNotAboveOrg']],
    ['k above n', seats('city', 'insp'), 3, ['kAboveN']],
    ['one seat', seats('city'), 2, ['seats', 'institutions', 'kAboveN']],
    ['three institutions, k = 2', seats('city', 'insp', 'bpkp'), 2, []],
  ];
  for (const [name, s, k, want] of cases) assert.deepEqual(committeeProblems(s, k), want, name);
  assert.equal(smallestThreshold(seats('city', 'city', 'city', 'insp', 'bpkp')), 4);
  assert.equal(smallestThreshold(seats('city', 'city')), null);
  assert.deepEqual(pokjaProblems(['a', 'b', 'c']), []);
  assert.deepEqual(pokjaProblems(['a', 'b']), ['tooFew', 'even']);
  assert.deepEqual(pokjaProblems(['a', 'a', 'b']), ['distinct']);
});

test('duties: each person is offered what they may sign, and told why not yet', () => {
  const deadline = 10 * DAY_MS;
  const base: WorkTender = {
    id: 't', title: 't', packageId: 'p', orgId: 'city', method: 'tender', category: 'goods', status: 'announced', rulesetId: RULESET_ID, hpsRupiah: '100', ppk: 'ppk',
    pokja: ['p1', 'p2', 'p3'], committee: [{ memberId: 'p1', orgId: 'city', openingKey: 'k', revealed: false }, { memberId: 'aud', orgId: 'insp', openingKey: 'k', revealed: false }], threshold: 2,
    bidDeadlineMs: deadline, announcedMs: 0, bidders: ['s1'], revealedBy: [], evaluation: null, evaluationRound: 1, awardApprovals: [], award: null, sanggahEndsMs: null, sppbj: null, failure: null, previousTenderId: null, openQuestions: 0, openObjections: 0,
  };
  const me = (memberId: string, roles: string[], orgId = 'city') => ({ memberId, roles, orgId });
  const aud = dutiesFor(base, me('aud', ['auditor'], 'insp'), deadline - DAY_MS, []);
  assert.deepEqual(aud.map((d) => [d.action, d.ready, d.why, d.fromMs]), [['reveal_opening_key', false, 'beforeDeadline', deadline]]);
  assert.deepEqual(dutiesFor(base, me('aud', ['auditor'], 'insp'), deadline, []).map((d) => [d.action, d.ready]), [['reveal_opening_key', true]]);
  assert.deepEqual(dutiesFor(base, me('x', ['pokja']), deadline + DAY_MS, []), [], 'a Pokja member of another tender has nothing to do here');
  const opening = { ...base, status: 'opening', revealedBy: ['p1', 'aud'] };
  const grace = deadline + RULES.openingGraceDays * DAY_MS;
  assert.deepEqual(dutiesFor(opening, me('p2', ['pokja']), deadline + DAY_MS, []).map((d) => [d.action, d.ready, d.why, d.fromMs]), [['close_opening', false, 'graceRunning', grace]]);
  assert.deepEqual(dutiesFor(opening, me('p2', ['pokja']), grace, []).map((d) => [d.action, d.ready]), [['close_opening', true]]);
  const awarded = { ...base, status: 'awarded', award: { winner: 's1', priceRupiah: '90', decidedBy: 'pokja', atMs: 0 }, sanggahEndsMs: 20 * DAY_MS };
  assert.deepEqual(dutiesFor(awarded, me('ppk', ['ppk']), 19 * DAY_MS, []).map((d) => [d.action, d.why]), [['issue_sppbj', 'sanggahRunning']]);
  assert.deepEqual(dutiesFor(awarded, me('ppk', ['ppk']), 21 * DAY_MS, [], [{ no: 1, kind: 'sanggah', status: 'rejected', appealOf: null, bandingEndsMs: 23 * DAY_MS }]).map((d) => [d.action, d.why]), [['issue_sppbj', 'appealWindow']]);
  assert.deepEqual(dutiesFor(awarded, me('ppk', ['ppk']), 24 * DAY_MS, [], [{ no: 1, kind: 'sanggah', status: 'rejected', appealOf: null, bandingEndsMs: 23 * DAY_MS }]).map((d) => [d.action, d.ready]), [['issue_sppbj', true]]);
  const banding = [{ no: 2, kind: 'banding', status: 'open', appealOf: 1, bandingEndsMs: null }];
  assert.deepEqual(dutiesFor(awarded, me('pa', ['pa']), 21 * DAY_MS, [], banding).map((d) => [d.action, d.params?.no]), [['answer_objection', 2]], 'a sanggah banding is for the PA');
  assert.deepEqual(dutiesFor(awarded, me('p1', ['pokja']), 21 * DAY_MS, [], banding), [], 'not for the Pokja');
});

test('opening keys read the same from the gateway (hex) and from the ledger (base64)', async () => {
  const { openingKeyBytes } = await import('./src/lib/ledger/sealing.js');
  const key = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
  assert.deepEqual(openingKeyBytes(Buffer.from(key).toString('hex')), key);
  assert.deepEqual(openingKeyBytes(Buffer.from(key).toString('base64')), key);
});
