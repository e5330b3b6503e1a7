import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChainPort, TestChain } from '../../test/support/chain.js';
import { constructionTenderToFho } from '../../test/support/scenarios.js';
import { sharedDataDir } from '../../cli/tools.js';
import { runCove } from './cove.js';
import { importSpseExport } from './import-spse.js';
import { BIDS_EXTENSION, processReleases, recordPackage, releasePackage, type ProcessRecords, type Publication } from './releases.js';

const PUB: Publication = { ocidPrefix: 'ocds-prst01', publisher: { name: 'Prasasti — Pemerintah Kota Bandung' }, baseUri: 'https://prasasti.example.go.id/ocds' };
const BIDS_ZIP = 'https://github.com/open-contracting-extensions/ocds_bid_extension/archive/v1.1.5.zip';

/** Everything the ledger holds about one package's process, as its queries return it. */
async function records(port: ChainPort, packageId: string, tenderId: string, contractId: string): Promise<ProcessRecords> {
  const orgs = await port.query<Array<{ id: string; name: string }>>('/identity/orgs');
  return {
    pkg: await port.query(`/plan/package/${packageId}`),
    tender: await port.query(`/tender/tender/${tenderId}`),
    bids: await port.query(`/tender/bids/${tenderId}`),
    contract: await port.query(`/contract/contract/${contractId}`),
    orders: await port.query(`/execution/orders/${contractId}`),
    payments: await port.query(`/execution/payments/${contractId}`),
    orgNames: new Map(orgs.map((o) => [o.id, o.name])),
  };
}

const dir = mkdtempSync(path.join(tmpdir(), 'prasasti-cove-'));
const write = (name: string, value: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
};

/** What libcoveocds could not check offline: the bids extension, and nothing else. */
function onlyBidsUnchecked(raw: Awaited<ReturnType<typeof runCove>>['raw'], what: string) {
  assert.deepEqual(raw.extensions?.invalid_extensions, [[BIDS_EXTENSION, 'fetching failed']], `${what}: the bids extension is named as not applied`);
  assert.deepEqual(raw.offline.refused, [BIDS_ZIP], `${what}: the only request refused is the extension's download`);
  assert.ok(raw.additional_fields.some((f) => f.field === 'bids'), `${what}: bids are reported as a field the core schema does not define`);
}

test('libcoveocds (offline, OCDS 1.1.5): our release and record packages of a process from plan to FHO have no errors', async () => {
  const port = new ChainPort(await TestChain.create());
  await constructionTenderToFho(port, 'c1');
  const releases = processReleases(await records(port, 'rehab-sdn-c1', 'tender-sdn-c1', 'kontrak-sdn-c1'), PUB);
  const cases = [
    { what: 'release package', file: write('release-package.json', releasePackage(releases, PUB, port.chain.timeMs, 'rehab-sdn-c1')) },
    { what: 'record package', file: write('record-package.json', recordPackage(releases, PUB, port.chain.timeMs, 'rehab-sdn-c1')) },
  ];
  for (const c of cases) {
    const { errors, raw } = await runCove(c.file);
    assert.deepEqual(errors, [], `${c.what}: got libcoveocds errors, want none`);
    assert.equal(raw.version_used, '1.1');
    onlyBidsUnchecked(raw, c.what);
  }
});

test('libcoveocds (offline): it really validates — a broken package has the errors we broke into it', async () => {
  const port = new ChainPort(await TestChain.create());
  await constructionTenderToFho(port, 'c2');
  const releases = processReleases(await records(port, 'rehab-sdn-c2', 'tender-sdn-c2', 'kontrak-sdn-c2'), PUB) as Array<Record<string, unknown> & { tender?: Record<string, unknown> }>;
  // A copy through JSON: the releases share objects (the award release repeats the tender), the copy does not.
  const broken = JSON.parse(JSON.stringify(releases)) as typeof releases;
  delete broken[0]!.ocid;
  broken[1]!.date = 'kemarin';
  broken[1]!.tender!.status = 'selesai';
  (broken[1]!.tender!.value as Record<string, unknown>).amount = 'dua miliar';
  const { errors, raw } = await runCove(write('broken.json', releasePackage(broken, PUB, port.chain.timeMs, 'broken')));
  const got = errors.map((e) => { const x = e as { type: string; path?: string; field: string }; return `${x.type} ${x.path ?? x.field}`; }).sort();
  assert.deepEqual(got, ['closedCodelist releases/tender/status', 'date-time releases/1/date', 'number releases/1/tender/value/amount', 'required releases/0'], JSON.stringify(raw.validation_errors));
});

test('libcoveocds (offline): the releases imported from the SPSE export have no errors', async () => {
  const { processes } = importSpseExport(path.join(sharedDataDir(), 'spse-isb-kab-bandung-2025'));
  const pub: Publication = { ocidPrefix: 'spse', publisher: { name: 'Prasasti (import of LPSE Kabupaten Bandung)' }, baseUri: 'https://prasasti.example.go.id/ocds' };
  const pkg = releasePackage(processes.flatMap((p) => p.releases) as Array<Record<string, unknown>>, pub, Date.parse('2025-10-03T00:00:00Z'), 'spse-kab-bandung-2025');
  const { errors, raw } = await runCove(write('spse.json', pkg));
  assert.deepEqual(errors, [], 'got libcoveocds errors, want none');
  onlyBidsUnchecked(raw, 'SPSE');
});
