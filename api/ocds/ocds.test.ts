import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { ChainPort, TestChain } from '../../test/support/chain.js';
import { constructionTenderToFho } from '../../test/support/scenarios.js';
import { Procurement } from '../../cli/lifecycle.js';
import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT, sharedDataDir } from '../../cli/tools.js';
import { compileReleases, processReleases, recordPackage, releasePackage, type ProcessRecords, type Publication } from './releases.js';

const SCHEMA_DIR = path.join(sharedDataDir(), 'ocds-schema-1.1.5');
const schema = (name: string) => JSON.parse(readFileSync(path.join(SCHEMA_DIR, name), 'utf8')) as Record<string, unknown>;
const PUB: Publication = { ocidPrefix: 'ocds-prst01', publisher: { name: 'Prasasti — Pemerintah Kota Bandung' }, baseUri: 'https://prasasti.example.go.id/ocds' };

function validator(pkg = 'release-package-schema.json') {
  // Both are CommonJS packages whose class is also their `default` export.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
  ajvFormats.default(ajv);
  ajv.addSchema(schema('release-schema.json'));
  if (pkg === 'record-package-schema.json') ajv.addSchema(schema('versioned-release-validation-schema.json'));
  return ajv.compile(schema(pkg));
}

/** Everything the ledger holds about one package's process, as its queries return it. */
async function records(port: ChainPort, packageId: string, tenderId: string | null, contractId: string | null): Promise<ProcessRecords> {
  const orgs = await port.query<Array<{ id: string; name: string }>>('/identity/orgs');
  return {
    pkg: await port.query(`/plan/package/${packageId}`),
    tender: tenderId ? await port.query(`/tender/tender/${tenderId}`) : null,
    bids: tenderId ? await port.query(`/tender/bids/${tenderId}`) : [],
    contract: contractId ? await port.query(`/contract/contract/${contractId}`) : null,
    orders: contractId ? await port.query(`/execution/orders/${contractId}`) : [],
    payments: contractId ? await port.query(`/execution/payments/${contractId}`) : [],
    orgNames: new Map(orgs.map((o) => [o.id, o.name])),
  };
}

test('OCDS: a process from plan to FHO gives release packages valid against OCDS 1.1.5, bids only after opening', async () => {
  const validate = validator();
  const port = new ChainPort(await TestChain.create());
  // While bids are sealed the tender release names the tenderers and nothing of their prices.
  const p = new Procurement(port);
  await p.plan('bdg-pa-dpu', { packageId: 'alkes-o1', title: 'Pengadaan Alat Kesehatan Puskesmas', workUnit: 'Dinas Kesehatan', category: 'goods', method: 'tender', budgetLine: '1.02.02.2.02.0009', paguRupiah: '3750000000' });
  await p.openTender({ tenderId: 't-alkes-o1', packageId: 'alkes-o1', ppk: 'bdg-ppk', hpsRupiah: '3600000000', pokja: ['bdg-pokja-1', 'bdg-pokja-2', 'bdg-pokja-3'], committee: ['bdg-pokja-1', 'bdg-pokja-2', 'bdg-pokja-3', 'insp-auditor', 'bpkp-auditor'], threshold: 4, bidDays: 20 });
  await p.bid('t-alkes-o1', 'pt-sarana-medika', { priceRupiah: '3390000000' });
  const sealed = releasePackage(processReleases(await records(port, 'alkes-o1', 't-alkes-o1', null), PUB), PUB, port.chain.timeMs, 'alkes-o1');
  assert.ok(validate(sealed), JSON.stringify(validate.errors?.slice(0, 5)));
  assert.ok(!JSON.stringify(sealed).includes('3390000000'), 'no sealed price in the publication');
  assert.equal((sealed.releases as Array<Record<string, unknown>>).some((r) => 'bids' in r), false);

  await constructionTenderToFho(port, 'o1');
  const releases = processReleases(await records(port, 'rehab-sdn-o1', 'tender-sdn-o1', 'kontrak-sdn-o1'), PUB);
  const pkg = releasePackage(releases, PUB, port.chain.timeMs, 'rehab-sdn-o1');
  assert.ok(validate(pkg), JSON.stringify(validate.errors?.slice(0, 5)));
  assert.deepEqual(releases.map((r) => (r.tag as string[])[0]), ['planning', 'tender', 'award', 'contract', 'implementation']);
  const tender = releases[1] as { tender: { procurementMethod: string; value: { amount: number } }; bids: { details: Array<{ tenderers: Array<{ id: string }>; value: { amount: number } }> } };
  assert.deepEqual([tender.tender.procurementMethod, tender.tender.value.amount], ['open', 2_400_000_000]);
  assert.deepEqual(tender.bids.details.map((d) => [d.tenderers[0]!.id, d.value.amount]), [['cv-bangun-sekolah', 2_280_000_000], ['pt-jalan-mulus', 2_510_000_000], ['pt-karya-beton', 2_190_000_000]]);
  assert.deepEqual(pkg.extensions, ['https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json']);
  const record = recordPackage(releases, PUB, port.chain.timeMs, 'rehab-sdn-o1');
  const validateRecord = validator('record-package-schema.json');
  assert.ok(validateRecord(record), JSON.stringify(validateRecord.errors?.slice(0, 5)));
  // The compiled release holds the current state of every stage: the newest value of each field.
  const compiled = compileReleases(releases) as { tag: string[]; tender: { status: string; value: { amount: number } }; awards: Array<{ suppliers: Array<{ id: string }> }>; contracts: Array<{ status: string; implementation: { transactions: unknown[] } }>; planning: { budget: { amount: { amount: number } } } };
  assert.deepEqual(
    [compiled.tag, compiled.tender.status, compiled.tender.value.amount, compiled.awards[0]!.suppliers[0]!.id, compiled.contracts[0]!.status, compiled.contracts[0]!.implementation.transactions.length, compiled.planning.budget.amount.amount],
    [['compiled'], 'complete', 2_400_000_000, 'pt-karya-beton', 'terminated', 5, 2_450_000_000],
  );
  // ocdskit (the OCDS peer tool, installed by scripts/setup.sh) compiles our release package to the same compiled release.
  const ocdskit = path.join(PROJECT_ROOT, '.tools', 'venv', 'bin', 'ocdskit');
  const theirs = JSON.parse(execFileSync(ocdskit, ['compile', '--schema', path.join(SCHEMA_DIR, 'release-schema.json')], { input: JSON.stringify(pkg), encoding: 'utf8' })) as unknown;
  assert.deepEqual(theirs, compileReleases(releases));
  const impl = releases[4] as { contracts: Array<{ status: string; implementation: { transactions: Array<{ value: { amount: number } }> } }> };
  const paid = impl.contracts[0]!.implementation.transactions.reduce((s, x) => s + x.value.amount, 0);
  assert.deepEqual([impl.contracts[0]!.status, paid], ['terminated', 2_190_000_000], 'closed after FHO; every SP2D is a transaction');
});
