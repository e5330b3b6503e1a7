/** The scenarios on an in-process chain (the same code runs on the real network in scenarios.test.ts). */
import { test } from 'node:test';
import { TestChain, ChainPort } from './support/chain.js';
import { blacklistAndComplaint, constructionTenderToFho, directProcurementGoods, lateMilestoneAndAmendments } from './support/scenarios.js';

test('construction tender from plan to FHO: sealed bids, sanggah upheld, re-evaluation, verified termin, retention released', async () => {
  await constructionTenderToFho(new ChainPort(await TestChain.create()), 'u1');
});

test('Pengadaan Langsung for goods: recorded by the Pejabat Pengadaan, delivered, paid, no double payment', async () => {
  await directProcurementGoods(new ChainPort(await TestChain.create()), 'u1');
});

test('a late milestone carries its penalty in the payment order; an amendment to 11 % is refused', async () => {
  await lateMilestoneAndAmendments(new ChainPort(await TestChain.create()), 'u1');
});

test('a blacklisted supplier cannot bid; a public complaint is answered by APIP', async () => {
  await blacklistAndComplaint(new ChainPort(await TestChain.create()), 'u1');
});
