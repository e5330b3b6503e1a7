import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { PROJECT_ROOT, sharedDataDir } from '../../cli/tools.js';
import { ExactNumbers, importOcdsFile, plainDecimal, type ExternalProcess } from './import.js';
import { importSpseExport } from './import-spse.js';
import { compileReleases, MERGE_RULES_1_0, MERGE_RULES_1_1, mergeRulesFromSchema, releasePackage } from './releases.js';

const DATA = sharedDataDir();
const REAL = path.join(DATA, 'ocds-real');
const SCHEMA_DIR = path.join(DATA, 'ocds-schema-1.1.5');
const SPSE_DIR = path.join(DATA, 'spse-isb-kab-bandung-2025');
const schema = (name: string) => JSON.parse(readFileSync(path.join(SCHEMA_DIR, name), 'utf8')) as Record<string, unknown>;
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const STATUSES = ['planning', 'active', 'complete', 'cancelled', 'unsuccessful', 'unknown'];

/** Counts of skip reasons and notes, with the varying parts of a message taken out. */
function tally(items: Array<{ reason?: string; note?: string; ref: string }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) {
    const key = (i.reason ?? i.note ?? '').replace(/"[^"]*"/g, '"…"').replace(/\[[^\]]*\]/g, '[…]').replace(/\d{4}-\d\d-\d\dT[\d:+]+/g, '<time>').replace(/(supplier|kd_akt) \d+/g, '$1 N');
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/** The neutral fields keep their promises whatever the source. */
function checkShape(p: ExternalProcess): void {
  const where = `${p.source} ${p.ocid}`;
  assert.ok(p.ocid && p.title && typeof p.buyer.name === 'string', where);
  assert.ok(STATUSES.includes(p.status), `${where}: status ${p.status}`);
  assert.match(p.currency, /^[A-Z]{3}$/, where);
  const decimal = /^-?\d+(\.\d*[1-9])?$/;
  for (const a of [p.valueAmount, ...p.awards.map((x) => x.amount), ...p.contracts.map((x) => x.amount)]) if (a !== undefined) assert.match(a, decimal, where);
  for (const d of [p.tenderStart, p.tenderEnd, ...p.awards.map((x) => x.date), ...p.contracts.map((x) => x.signed)]) if (d !== undefined) assert.ok(Number.isFinite(Date.parse(d)), `${where}: date ${d}`);
  if (p.method) assert.ok(['open', 'selective', 'limited', 'direct'].includes(p.method), where);
  if (p.category) assert.ok(['goods', 'works', 'services'].includes(p.category), where);
  assert.ok(p.releases.length > 0, where);
  assert.deepEqual((p.compiledRelease as { tag: string[] }).tag, ['compiled'], where);
}

test('OCDS import: every file of the shared real data imports; what is skipped or left out is reported with its reason', () => {
  const cases: Array<{ file: string; source: string; processes: number; read: number; skipped: Record<string, number>; notes: Record<string, number> }> = [
    { file: 'armenia_sample-data/release-package-6.json', source: 'ocds:armenia', processes: 100, read: 100, skipped: {}, notes: {} },
    {
      file: 'indonesia-birms-kota-bandung/birms-open-awarded-releases.jsonl',
      source: 'ocds:indonesia-birms-kota-bandung',
      processes: 184,
      read: 184,
      skipped: {},
      // "-0001-11-30T…" is PHP's zero date: no date was recorded. Tax numbers of suppliers not named as companies stay out.
      notes: { 'awards[…].date: "…" is not an ISO 8601 date-time': 183, 'contracts[…].dateSigned: "…" is not an ISO 8601 date-time': 1, 'the id of "…" looks like a tax number and the name shows no company form: id left out': 30 },
    },
    { file: 'mexico-cdmx_ocdskit/release-package-1.json', source: 'ocds:mexico-cdmx', processes: 1, read: 2, skipped: {}, notes: {} },
    { file: 'mexico-cdmx_ocdskit/release-package-2.json', source: 'ocds:mexico-cdmx', processes: 1, read: 2, skipped: {}, notes: {} },
    { file: 'mexico-federal_ocdskit/record-package-1-2.json', source: 'ocds:mexico-federal', processes: 2, read: 2, skipped: {}, notes: {} },
    { file: 'paraguay_ocdskit/release-package_1.1-2.json', source: 'ocds:paraguay', processes: 1, read: 1, skipped: {}, notes: {} },
  ];
  const files = readdirSync(REAL).flatMap((d) => readdirSync(path.join(REAL, d)).map((f) => `${d}/${f}`)).filter((f) => !/compiled-release|versioned-release/.test(f));
  assert.deepEqual(files.sort(), cases.map((c) => c.file).sort(), 'every OCDS file of the shared data has its case');
  for (const c of cases) {
    const progress: number[] = [];
    const { processes, report } = importOcdsFile(path.join(REAL, c.file), (done, total) => progress.push(total - done));
    assert.deepEqual(
      [report.source, processes.length, report.read, report.imported + report.skipped.length, tally(report.skipped), tally(report.notes)],
      [c.source, c.processes, c.read, c.read, c.skipped, c.notes],
      `${c.file}: got [source, processes, read, imported+skipped, skipped, notes] want as listed`,
    );
    assert.equal(progress.at(-1), 0, `${c.file}: progress reaches the end`);
    processes.forEach(checkShape);
  }
});

test('OCDS import: the neutral fields of a process, from the compiled release', () => {
  const { processes } = importOcdsFile(path.join(REAL, 'mexico-cdmx_ocdskit/release-package-2.json'));
  const p = processes[0]!;
  assert.deepEqual(
    { ...p, releases: p.releases.length, compiledRelease: undefined },
    {
      source: 'ocds:mexico-cdmx',
      ocid: 'OCDS-87SD3T-AD-SF-DRM-065-2015',
      title: 'RENOVACIÓN DEL LICENCIAMIENTO SELECT BENTLEY',
      description: 'RENOVACIÓN DEL LICENCIAMIENTO SELECT BENTLEY',
      buyer: { id: 'GDF9712054NA', name: 'SECRETARÍA DE FINANZAS' },
      method: 'selective',
      status: 'complete',
      currency: 'MXN',
      valueAmount: '1471566.72',
      tenderStart: '2015-12-14T00:00:00-06:00',
      tenderEnd: '2015-12-17T00:00:00-06:00',
      suppliers: [{ id: 'BSM971107ME6', name: 'BENTLEY SYSTEMS DE MEXICO SA de' }],
      awards: [{ id: '1', supplierNames: ['BENTLEY SYSTEMS DE MEXICO SA de'], amount: '75464.96', currency: 'USD', date: '2015-12-30T00:00:00-06:00' }],
      contracts: [{ id: '1', awardId: '1', title: 'CS-004/2016', amount: '75464.96', currency: 'USD', signed: '2015-12-30T00:00:00-06:00', status: 'active' }],
      releases: 2,
      compiledRelease: undefined,
    },
  );
  // Paraguay publishes a contract release only: the buyer is the paying unit; no tender, so the status is unknown.
  const [py] = importOcdsFile(path.join(REAL, 'paraguay_ocdskit/release-package_1.1-2.json')).processes;
  assert.deepEqual([py!.buyer.name, py!.status, py!.suppliers, py!.contracts[0]!.amount], ['1000000-DIRECCION GENERAL DE ADMINISTRACION Y FINANZAS', 'unknown', [{ name: '11 DE SETIEMBRE SRL' }], '17875000']);
});

test('OCDS round trip: the Mexico City release packages (OCDS 1.0) compile exactly to the compiled releases ocdskit gives', () => {
  for (const i of [1, 2]) {
    const dir = path.join(REAL, 'mexico-cdmx_ocdskit');
    const want = json(path.join(dir, `compiled-release-${i}.json`));
    const { processes } = importOcdsFile(path.join(dir, `release-package-${i}.json`));
    assert.equal(processes.length, 1);
    assert.deepStrictEqual(processes[0]!.compiledRelease, want, `release-package-${i}: got our compiled release, want ocdskit's`);
    // The kept releases are enough to compile it again.
    assert.deepStrictEqual(compileReleases(processes[0]!.releases as Array<Record<string, unknown>>, MERGE_RULES_1_0), want);
  }
});

test('OCDS merging: our merge-rule table is the one the 1.1.5 release schema implies', () => {
  const derived = mergeRulesFromSchema(schema('release-schema.json'));
  assert.deepEqual(new Map([...derived].sort()), new Map([...MERGE_RULES_1_1].sort()));
  // The dereferenced schema gives the same rules.
  assert.deepEqual(new Map([...mergeRulesFromSchema(schema('dereferenced-release-schema.json'))].sort()), new Map([...MERGE_RULES_1_1].sort()));
});

test('OCDS merging: compileReleases equals `ocdskit compile` on every OCDS 1.1 process of the shared data', () => {
  const ocdskit = path.join(PROJECT_ROOT, '.tools', 'venv', 'bin', 'ocdskit');
  const files = ['armenia_sample-data/release-package-6.json', 'indonesia-birms-kota-bandung/birms-open-awarded-releases.jsonl', 'mexico-federal_ocdskit/record-package-1-2.json', 'paraguay_ocdskit/release-package_1.1-2.json'];
  let compared = 0;
  for (const file of files) {
    const { processes } = importOcdsFile(path.join(REAL, file));
    const input = JSON.stringify({ version: '1.1', releases: processes.flatMap((p) => p.releases) });
    const out = execFileSync(ocdskit, ['compile', '--schema', path.join(SCHEMA_DIR, 'release-schema.json')], { input, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['pipe', 'pipe', 'pipe'] });
    const theirs = new Map(out.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { ocid: string }).map((c) => [c.ocid, c]));
    for (const p of processes) {
      assert.deepStrictEqual(p.compiledRelease, theirs.get(p.ocid), `${file} ${p.ocid}: got our compiled release, want ocdskit's`);
      compared++;
    }
  }
  assert.equal(compared, 287);
});

test('OCDS merging: the rules at their edges, as ocdsmerge applies them', () => {
  const r = (id: string, date: string, rest: Record<string, unknown>) => ({ ocid: 'ocds-x-1', id, date, tag: ['tender'], ...rest });
  const got = compileReleases([
    r('b', '2020-02-01T00:00:00Z', { tender: { id: 't', title: null, items: [{ id: '1', quantity: 2 }, { id: 2, description: 'kedua' }], submissionMethod: ['written'], enquiryPeriod: { startDate: null } }, awards: [{ description: 'tanpa id' }] }),
    r('a', '2020-01-01T00:00:00Z', { tender: { id: 't', title: 'Judul', items: [{ id: 1, description: 'satu', quantity: 1 }], submissionMethod: ['electronicSubmission', 'written'] }, awards: [{ description: 'tanpa id' }] }),
  ]);
  assert.deepStrictEqual(got, {
    tag: ['compiled'],
    id: 'ocds-x-1-2020-02-01T00:00:00Z',
    date: '2020-02-01T00:00:00Z',
    ocid: 'ocds-x-1',
    // Items merge on id compared as text (1 and "1"), keeping the first id written; a null removes the title;
    // a list of strings is replaced whole; items without id are never merged; an object of nulls stays, empty.
    tender: { id: 't', items: [{ id: 1, description: 'satu', quantity: 2 }, { id: 2, description: 'kedua' }], submissionMethod: ['written'], enquiryPeriod: {} },
    awards: [{ description: 'tanpa id' }, { description: 'tanpa id' }],
  });
  assert.throws(() => compileReleases([r('a', '2020-01-01T00:00:00Z', { tender: { items: { id: 1 } } }), r('b', '2020-02-01T00:00:00Z', { tender: { items: [{ id: 1 }] } })]), /earlier release had an object/);
});

test('OCDS import: malformed input is skipped with its reason, never thrown; amounts keep every digit', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'prasasti-import-'));
  const big = '123456789012345678901234.5678';
  const lines = [
    `{"ocid":"ocds-x-1","id":"1","date":"2020-01-01T00:00:00Z","tag":["tender"],"parties":[],"tender":{"id":"t","title":"Besar","value":{"amount":${big},"currency":"IDR"}}}`,
    `{"ocid":"ocds-x-1","id":"2","date":"2020-02-01T00:00:00Z","tag":["award"],"parties":[],"awards":[{"id":"a","value":{"amount":"5e3","currency":"IDR"},"date":"-0001-11-30T00:00:00+00:00"}]}`,
    '{"id":"3","date":"2020-01-01T00:00:00Z","tender":{"title":"tanpa ocid"}}',
    '{"ocid":"ocds-x-2","id":"4","tender":{"title":"tanpa tanggal"}}',
    '[1, 2',
    '"sebuah string"',
    '{"ocid":"ocds-x-3","id":"5","date":"2020-01-01T00:00:00Z","parties":[],"tender":{"items":{"id":1}}}',
    '{"ocid":"ocds-x-3","id":"6","date":"2020-02-01T00:00:00Z","parties":[],"tender":{"items":[{"id":1}]}}',
    '',
  ];
  writeFileSync(path.join(dir, 'mixed.jsonl'), lines.join('\n'));
  const { processes, report } = importOcdsFile(path.join(dir, 'mixed.jsonl'));
  assert.deepEqual(processes.map((p) => [p.ocid, p.title, p.valueAmount, p.awards[0]?.amount, p.awards[0]?.date]), [['ocds-x-1', 'Besar', big, '5000', undefined]]);
  assert.deepEqual(
    report.skipped.map((s) => [s.ref.split(' ')[0] + ' ' + s.ref.split(' ')[1], s.reason.replace(/\(.*\)$/, '(…)').replace(/: an earlier.*/, '')]),
    [
      ['line 3', 'release without ocid'],
      ['line 4', 'release without a date (…)'],
      ['line 5', 'not JSON (…)'],
      ['line 6', 'neither a release, a release package nor a record package'],
      ['line 7', 'its process cannot be compiled'],
      ['line 8', 'its process cannot be compiled'],
    ],
  );
  assert.deepEqual([report.read, report.imported], [8, 2]);
  assert.deepEqual(report.notes.map((n) => n.note), ['no buyer, procuring entity or payer is named', 'awards[a].date: "-0001-11-30T00:00:00+00:00" is not an ISO 8601 date-time']);

  // A record package whose records link their releases: the compiled release stands for them.
  writeFileSync(path.join(dir, 'records.json'), JSON.stringify({ version: '1.1', records: [{ ocid: 'ocds-x-9', releases: [{ url: 'https://example.org/r.json', date: '2020-01-01T00:00:00Z', tag: ['tender'] }], compiledRelease: { ocid: 'ocds-x-9', id: 'c', date: '2020-01-01T00:00:00Z', tag: ['compiled'], tender: { title: 'Terhubung' } } }, { ocid: 'ocds-x-10' }] }));
  const records = importOcdsFile(path.join(dir, 'records.json'));
  assert.deepEqual([records.processes.map((p) => p.title), records.report.skipped.map((s) => s.reason)], [['Terhubung'], ['record without usable releases or compiled release (each needs an ocid and a date)']]);
  writeFileSync(path.join(dir, 'empty.json'), '{"hello": "world"}');
  assert.deepEqual(importOcdsFile(path.join(dir, 'empty.json')).report.skipped, [{ ref: 'file', reason: 'neither a release, a release package nor a record package' }]);
});

test('OCDS import: exact decimal strings', () => {
  const cases: Array<[string, string]> = [['0', '0'], ['-0.0', '0'], ['1.50', '1.5'], ['1.5e3', '1500'], ['12e-4', '0.0012'], ['2999590000.0', '2999590000'], ['1e21', '1000000000000000000000'], ['007', '7']];
  for (const [input, want] of cases) assert.equal(plainDecimal(input), want, `plainDecimal(${input})`);
  const numbers = ExactNumbers.scan('{"a": 9007199254740993, "s": "9007199254740995", "b": 0.1}');
  assert.deepEqual([numbers.decimal(Number('9007199254740993')), numbers.decimal(0.1), numbers.decimal('12.0'), numbers.decimal('dua'), numbers.decimal(null)], ['9007199254740993', '0.1', '12', undefined, undefined]);
  // Two texts that round to one double: neither can be trusted, the double's own digits are given.
  assert.equal(ExactNumbers.scan('[9007199254740993, 9007199254740992.5]').decimal(9007199254740992), '9007199254740992');
});

test('SPSE import: every announced tender of the Kabupaten Bandung export becomes a process; rows not used are skipped with their reason', () => {
  const { processes, report } = importSpseExport(SPSE_DIR);
  const statuses: Record<string, number> = {};
  for (const p of processes) statuses[p.status] = (statuses[p.status] ?? 0) + 1;
  assert.deepEqual(
    [report.source, processes.length, report.read, report.imported, statuses, tally(report.skipped), tally(report.notes)],
    [
      'spse:kab-bandung-2025',
      92,
      5988,
      1838,
      { complete: 68, unsuccessful: 12, cancelled: 3, active: 9 },
      {
        'registered participant who submitted no bid': 4047,
        'empty participant row (no supplier)': 2,
        'stage without a name (kd_akt N)': 92,
        'no winner in the award value row (tender still running)': 9,
      },
      { 'supplier N: not shown to be a business, name withheld': 5, "status date <time> is before the tender's last event; dated <time>": 1 },
    ],
  );
  assert.equal(report.imported + report.skipped.length, report.read);
  processes.forEach(checkShape);
  const counts = [processes.filter((p) => p.awards.length).length, processes.flatMap((p) => p.contracts).length, processes.flatMap((p) => p.releases).filter((r) => 'bids' in r).length];
  // An award for each finished tender and for the failed one whose winner had been named; bids in 68 + 1 of them.
  assert.deepEqual(counts, [69, 52, 69], 'got [processes with an award, contracts, releases with bids]');
});

test('SPSE import: one tender from announcement to contract', () => {
  const { processes } = importSpseExport(SPSE_DIR);
  const p = processes.find((x) => x.ocid === 'spse-10011868000')!;
  assert.deepEqual(
    { ...p, releases: p.releases.map((r) => (r as { id: string }).id), compiledRelease: undefined },
    {
      source: 'spse:kab-bandung-2025',
      ocid: 'spse-10011868000',
      title: 'Penyusunan Materi Teknik RDTR dan KLHS WP Paseh-Cikancung',
      buyer: { id: '1.03.2.15.1.04.03.0000', name: 'DINAS PEKERJAAN UMUM DAN TATA RUANG' },
      method: 'selective',
      methodDetails: 'Seleksi',
      category: 'services',
      status: 'complete',
      currency: 'IDR',
      valueAmount: '999995334.78',
      tenderStart: '2025-02-11T10:00:00+07:00',
      tenderEnd: '2025-03-17T07:00:00+07:00',
      suppliers: [{ id: 'spse-penyedia-23954014', name: 'PT. ALMA REKA GRAHA' }],
      awards: [{ id: 'spse-10011868000-award', supplierNames: ['PT. ALMA REKA GRAHA'], amount: '921692940', currency: 'IDR', date: '2025-04-09T18:00:00+07:00' }],
      contracts: [{ id: '000.3.2/189/SP/Matek.Psh-Ckc/TR/2025', awardId: 'spse-10011868000-award', title: 'Penyusunan Materi Teknik RDTR dan KLHS WP Paseh-Cikancung', amount: '921692940', currency: 'IDR', signed: '2025-04-25T00:00:00+07:00', status: 'active' }],
      releases: ['spse-10011868000-pengumuman', 'spse-10011868000-penawaran', 'spse-10011868000-pemenang', 'spse-10011868000-sppbj-3', 'spse-10011868000-kontrak-4'],
      compiledRelease: undefined,
    },
  );
});

test('SPSE import: the releases are OCDS 1.1 releases, valid against the 1.1.5 schema', () => {
  const { processes } = importSpseExport(SPSE_DIR);
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
  ajvFormats.default(ajv);
  ajv.addSchema(schema('release-schema.json'));
  const validate = ajv.compile(schema('release-package-schema.json'));
  const pub = { ocidPrefix: 'spse', publisher: { name: 'Prasasti (import of LPSE Kabupaten Bandung)' }, baseUri: 'https://prasasti.example.go.id/ocds' };
  const pkg = releasePackage(processes.flatMap((p) => p.releases) as Array<Record<string, unknown>>, pub, Date.parse('2025-10-03T00:00:00Z'), 'spse-kab-bandung-2025');
  assert.ok(validate(pkg), JSON.stringify(validate.errors?.slice(0, 5)));
  // 92 announcements, 69 bid openings, 68 winners, 47 SPPBJ, 52 contracts, 15 failed or cancelled.
  assert.equal((pkg.releases as unknown[]).length, 343);
});

test('SPSE import: no official, NIP, NIK, NPWP, representative or bank account of the export is in any process', () => {
  const { processes } = importSpseExport(SPSE_DIR);
  const published = JSON.stringify(processes).toLowerCase();
  const numbers = new Set<string>();
  const names = new Set<string>();
  const rows = readdirSync(SPSE_DIR).flatMap((f) => JSON.parse(readFileSync(path.join(SPSE_DIR, f), 'utf8')) as Array<Record<string, unknown>>);
  for (const r of rows) {
    for (const f of ['nip_ppk', 'nip_pokja', 'npwp_penyedia', 'npwp_penyedia_16', 'npwp_16_penyedia', 'no_rek_bank']) {
      // Placeholders ("0") are not numbers of anyone.
      for (const n of String(r[f] ?? '').split(';')) if (n.replace(/\D/g, '').length >= 6) numbers.add(n.trim());
    }
    // A bank account in the company's own name ("Alocita Mandiri, PT") is the company.
    const holder = String(r.nama_pemilik_rek_bank ?? '');
    const companyAccount = /\b(pt|cv)\b/i.test(holder) || holder.toLowerCase() === String(r.nama_penyedia ?? '').toLowerCase();
    for (const f of ['nama_ppk', 'nama_pokja', 'wakil_sah_penyedia', ...(companyAccount ? [] : ['nama_pemilik_rek_bank'])]) {
      for (const n of String(r[f] ?? '').split(';')) {
        const name = n.split(',')[0]!.replace(/^(ir|dr|drs|h)\.?\s+/i, '').trim().toLowerCase();
        if (name.length >= 4) names.add(name);
      }
    }
  }
  assert.ok(numbers.size > 500 && names.size > 50, `the export has personal data to look for (${numbers.size} numbers, ${names.size} names)`);
  for (const n of numbers) {
    assert.ok(!published.includes(n.toLowerCase()), `number ${n.slice(0, 4)}… is in a process`);
    // The same number without its punctuation.
    const digits = n.replace(/\D/g, '');
    if (digits.length >= 8) assert.ok(!published.includes(digits), `number ${digits.slice(0, 4)}… is in a process`);
  }
  for (const n of names) assert.ok(!published.includes(n), `a name (${n.length} letters) from the export's officials or representatives is in a process`);
  // Suppliers not shown to be businesses are named by SPSE's code only.
  const withheld = processes.flatMap((p) => p.suppliers).filter((s) => s.name.startsWith('Penyedia SPSE'));
  assert.deepEqual([...new Set(withheld.map((s) => s.id))], ['spse-penyedia-287763009']);
});

test('SPSE import: broken files and rows are skipped with their reason', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'spse-broken-'));
  const announcement = { kd_tender: 1, nama_paket: 'Rehab Puskesmas', tgl_pengumuman_tender: '2025-01-02 09:00:00', nama_satker: 'DINAS KESEHATAN', kd_satker_str: '1.02.0.00', status_tender: 'Berlangsung', mtd_pemilihan: 'Tender Kilat', jenis_pengadaan: 'Pekerjaan Konstruksi', hps: 100 };
  writeFileSync(path.join(dir, '47_1013_SPSE-TenderPengumuman.json'), JSON.stringify([announcement, { ...announcement, kd_tender: 2, nama_paket: null }, { nama_paket: 'tanpa kode' }]));
  writeFileSync(path.join(dir, '44_1073_SPSE-TenderEkontrak-2Kontrak.json'), JSON.stringify([{ kd_tender: 3, no_kontrak: 'K-3' }]));
  writeFileSync(path.join(dir, '42_1070_SPSE-PesertaTender.json'), '[{"kd_tender": 1,');
  const { processes, report } = importSpseExport(dir);
  assert.deepEqual(processes.map((p) => [p.ocid, p.status, p.method, p.category]), [['spse-1', 'active', undefined, 'works']]);
  assert.deepEqual(
    report.skipped.map((s) => [s.ref.replace(/ \(.*/, ''), s.reason.replace(/\(.*\)/, '(…)')]),
    [
      ['47_1013_SPSE-TenderPengumuman.json#3', 'row without a tender code (…)'],
      ['42_1070_SPSE-PesertaTender.json', 'not JSON (…)'],
      ['47_1013_SPSE-TenderPengumuman.json#2', 'tender without a name (…)'],
      ['44_1073_SPSE-TenderEkontrak-2Kontrak.json#1', 'no announcement row for this tender'],
    ],
  );
  assert.deepEqual(report.notes.map((n) => n.note), ['method "Tender Kilat" has no OCDS equivalent']);
});
