import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { childBindingsRedaction, logRedaction, loggerOptions, maskDeep, maskText, maskUrl } from './mask.js';
import { createMetrics, httpMetricsHook, metricsText, observeHttpRequest, observeIndexedBlock, UNMATCHED_ROUTE } from './metrics.js';

const NIK = '3273010101900001';
const NIP = '198501012010011001';
const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

test('maskText masks NIK, NPWP, NIP, phone numbers and e-mail, keeping the last 4 digits and the punctuation', () => {
  const cases: Array<[string, string]> = [
    [NIK, '************0001'],
    [`NIK ${NIK}`, 'NIK ************0001'],
    ['nik: 3273-0101-0190-0001', 'nik: ****-****-****-0001'],
    ['KTP 3273 0101 0190 0001.', 'KTP **** **** **** 0001.'],
    ['32.73.01.010190.0001', '**.**.**.******.0001'],
    ['NIK3273010101900001', 'NIK************0001'],
    ['NPWP 01.234.567.8-901.000', 'NPWP **.***.***.*-**1.000'],
    ['npwp 012345678901000', 'npwp ***********1000'],
    ['NPWP baru 3273010101900001', 'NPWP baru ************0001'],
    [`NIP ${NIP}`, 'NIP **************1001'],
    ['NIP 19850101 201001 1 001', 'NIP ******** ****** 1 001'],
    ['hubungi 081234567890', 'hubungi ********7890'],
    ['HP 0812-3456-7890', 'HP ****-****-7890'],
    ['telepon +62 812 3456 7890 (kantor)', 'telepon +** *** **** 7890 (kantor)'],
    ['6281234567890', '*********7890'],
    ['kantor (022) 4231234', 'kantor (***) ***1234'],
    ['surel budi.santoso@bandung.go.id', 'surel b***********@bandung.go.id'],
    ['rekening 1.234.567.890', 'rekening *.***.**7.890'],
    ['rekening BRI 1234567890', 'rekening BRI ******7890'],
    ['Rp 3273012345678901', 'Rp ************8901'],
    ['GET /persons/3273010101900001/documents', 'GET /persons/************0001/documents'],
    // Two numbers side by side stay two numbers: each keeps its own last 4 digits.
    [`${NIK} 081234567890`, '************0001 ********7890'],
    [`{"nik":"${NIK}","nip":${NIP}}`, '{"nik":"************0001","nip":**************1001}'],
  ];
  for (const [input, want] of cases) assert.equal(maskText(input), want, `maskText(${JSON.stringify(input)})`);
});

test('maskText leaves rupiah amounts, dates, hashes, ids and other numbers alone', () => {
  const untouched = [
    'Rp 1.250.000.000',
    'Rp1.250.000.000',
    'Nilai Rp8.170.000.000,00',
    'Rp 1250000000',
    'Rp 6.200.000.000.000 (pagu)',
    'IDR 1250000000000',
    '1.250.000.000.000.000',
    '2025-01-31',
    '2025-01-31T08:00:00.000Z',
    '2025-01-31T08:00:00+07:00',
    'Periode 2026-11-29 s.d. 2026-12-04',
    'Tanggal 29-11-2026 dan 2026-12-04 2027-01-05',
    SHA256,
    SHA256.toUpperCase(),
    `0x${SHA256}`,
    'ctr-2025-0001',
    'tnd-2025-000000000000001',
    'pkg_2025_3273010101900001',
    'height 1234567 txs 42',
    'block 1234567890123',
    'ip 192.168.100.200 v1.2.3',
    'Termin 3 sebesar 30 %',
    'fotokopi KTP 2 lembar',
    'Rp 1.250.000.000 untuk 14 hari',
  ];
  for (const s of untouched) assert.equal(maskText(s), s, `maskText(${JSON.stringify(s)})`);
  assert.equal(maskText(`Rp 1.250.000.000 dan NIK ${NIK}`), 'Rp 1.250.000.000 dan NIK ************0001');
});

test('maskDeep masks strings and personal keys in a copy; amounts, hashes and non-personal values stay', () => {
  const when = new Date('2025-01-31T00:00:00Z');
  const input = {
    id: 'ctr-2025-0001',
    valueRupiah: 1_250_000_000n,
    paguRupiah: '6281234567890',
    nilaiKontrak: '3273010101900001',
    hash: SHA256,
    signedAt: when,
    supplier: { name: 'PT Karya', ownerNik: '3273-0101-0190-0001', npwp: 12345678, contactEmail: 'budi@karya.co.id', noHp: '0812 3456 7890', note: `NIK ${NIK}` },
    officials: [{ nip: NIP, phoneNumber: 81234567890 }, { nip: null }],
    emailVerified: true,
    teknik: 'spesifikasi 12345678',
  };
  const got = maskDeep(input);
  assert.deepEqual(got, {
    id: 'ctr-2025-0001',
    valueRupiah: 1_250_000_000n,
    paguRupiah: '6281234567890',
    nilaiKontrak: '3273010101900001',
    hash: SHA256,
    signedAt: when,
    supplier: { name: 'PT Karya', ownerNik: '****-****-****-0001', npwp: '****5678', contactEmail: 'b***@karya.co.id', noHp: '**** **** 7890', note: 'NIK ************0001' },
    officials: [{ nip: '**************1001', phoneNumber: '*******7890' }, { nip: null }],
    emailVerified: true,
    teknik: 'spesifikasi 12345678',
  });
  assert.equal(input.supplier.ownerNik, '3273-0101-0190-0001', 'the input is not changed');
  assert.equal(maskDeep(NIK), '************0001');
  assert.deepEqual(maskDeep([NIK, 7, null]), ['************0001', 7, null]);

  const circular: Record<string, unknown> = { nik: NIK };
  circular.self = circular;
  assert.deepEqual(maskDeep(circular), { nik: '************0001', self: '[Circular]' });

  const err = maskDeep(Object.assign(new Error(`no member with NIK ${NIK}`), { code: 'NOT_FOUND' })) as unknown as Record<string, unknown>;
  assert.equal(err.type, 'Error');
  assert.equal(err.message, 'no member with NIK ************0001');
  assert.equal(err.code, 'NOT_FOUND');
  assert.ok(!String(err.stack).includes(NIK), 'got the NIK in the stack');

  class Person {
    constructor(readonly nik: string) {}
  }
  assert.deepEqual(maskDeep({ p: new Person(NIK) }), { p: { nik: '************0001' } }, 'class instances are read as JSON would');
});

test('maskUrl masks the path and decoded query parameters, by name and by content', () => {
  const cases: Array<[string, string]> = [
    [`/persons/${NIK}`, '/persons/************0001'],
    [`/members?nik=${NIK}&page=2`, '/members?nik=************0001&page=2'],
    ['/members?email=budi%40contoh.id&phone=%2B6281234567890', '/members?email=b***%40contoh.id&phone=%2B*********7890'],
    ['/search?q=hubungi+081234567890', '/search?q=hubungi+********7890'],
    ['/search?noHp=0812', '/search?noHp=****'],
    ['/search?email=budi%40localhost', '/search?email=****%40*****host'],
    ['/tenders?hps=1.250.000.000&id=tnd-2025-0001', '/tenders?hps=1.250.000.000&id=tnd-2025-0001'],
  ];
  for (const [input, want] of cases) assert.equal(maskUrl(input), want, `maskUrl(${JSON.stringify(input)})`);
});

test('logRedaction drops credentials at any depth and leaves Fastify request and reply to the serializers', () => {
  const fakeRequest = new (class FakeRequest {
    url = `/persons/${NIK}`;
  })();
  const got = logRedaction({ headers: { authorization: 'Bearer t', Cookie: 's=1', accept: 'application/json' }, nested: { deeper: { 'set-cookie': 'x' } }, req: fakeRequest, email: 'budi@contoh.id' });
  assert.deepEqual(Object.keys(got), ['headers', 'nested', 'req', 'email']);
  assert.deepEqual(got.headers, { accept: 'application/json' });
  assert.deepEqual(got.nested, { deeper: {} });
  assert.equal(got.req, fakeRequest);
  assert.equal(got.email, 'b***@contoh.id');
  assert.deepEqual(maskDeep({ authorization: 'Bearer t' }), { authorization: 'Bearer t' }, 'maskDeep (API output) keeps every key');

  const child = { [Symbol('pino.chindings')]: `,"pid":1,"reqId":"req-1","applicant":"${NIK}"` };
  childBindingsRedaction(child);
  assert.equal(Object.getOwnPropertySymbols(child).map((s) => (child as Record<symbol, string>)[s])[0], ',"pid":1,"reqId":"req-1","applicant":"************0001"');
});

test('masking takes linear time on long and hostile input', () => {
  const inputs = ['1'.repeat(200_000) + 'x', 'nik' + '1'.repeat(200_000) + 'x', '1 '.repeat(100_000) + 'x', '3273 '.repeat(100_000), 'a'.repeat(200_000) + '@', 'a@' + 'b.'.repeat(100_000), '1.'.repeat(100_000) + 'x'];
  for (const input of inputs) {
    const started = performance.now();
    maskText(input);
    const ms = performance.now() - started;
    // Linear takes milliseconds; the quadratic patterns this guards against take tens of seconds.
    assert.ok(ms < 2000, `maskText(${JSON.stringify(input.slice(0, 12))}…) took ${Math.round(ms)} ms`);
  }
});

test('loggerOptions: a Fastify server logs no personal data, no authorization and no cookie', async () => {
  const lines: string[] = [];
  const app = Fastify({ logger: { ...loggerOptions('debug'), stream: { write: (line: string) => void lines.push(line) } } });
  app.get('/persons/:nik', async (request) => {
    request.log.info({ headers: request.headers, query: request.query, body: { nik: NIK, note: `telp 0812-3456-7890` } }, 'lookup for NIK %s by %s', NIK, 'budi@contoh.id');
    request.log.child({ applicant: 'budi@contoh.id', nip: NIP }).warn('child logger');
    request.log.error(new Error(`no record for 081234567890`));
    request.log.error({ err: new Error(`refused NIP ${NIP}`) });
    request.log.debug(`NIK ${NIK} Rp 1.250.000.000 ${SHA256} ctr-2025-0001 2025-01-31`);
    throw new Error(`boom for NIK ${NIK}`);
  });
  const response = await app.inject({
    method: 'GET',
    url: `/persons/${NIK}?email=budi%40contoh.id&phone=081234567890&page=2`,
    headers: { authorization: 'Bearer secret-token', cookie: 'session=secret-cookie', 'x-api-key': 'secret-key' },
  });
  await app.close();
  assert.equal(response.statusCode, 500);

  const log = lines.join('');
  for (const secret of [NIK, NIP, '081234567890', '0812-3456-7890', 'budi@contoh.id', 'budi%40contoh.id', 'secret-token', 'secret-cookie', 'secret-key']) {
    assert.ok(!log.includes(secret), `got ${secret} in the log:\n${log}`);
  }
  assert.ok(!/authorization|cookie|x-api-key/i.test(log), 'got a credential header name in the log');
  const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const incoming = records.find((r) => r.msg === 'incoming request') as { req: { url: string; method: string } };
  assert.deepEqual(incoming.req, { ...incoming.req, method: 'GET', url: '/persons/************0001?email=b***%40contoh.id&phone=********7890&page=2' });
  assert.ok(records.some((r) => r.msg === 'lookup for NIK ************0001 by b***@contoh.id'));
  assert.ok(records.some((r) => r.msg === 'child logger' && r.applicant === 'b***@contoh.id' && r.nip === '**************1001' && typeof r.reqId === 'string'));
  assert.ok(records.some((r) => r.msg === 'no record for ********7890' && (r.err as { message: string }).message === 'no record for ********7890'));
  assert.ok(records.some((r) => r.msg === 'refused NIP **************1001'));
  assert.ok(records.some((r) => r.msg === `NIK ************0001 Rp 1.250.000.000 ${SHA256} ctr-2025-0001 2025-01-31`), 'amounts, hashes, ids and dates logged as they are');
  assert.ok(records.some((r) => r.msg === 'request completed' && (r.res as { statusCode: number }).statusCode === 500));
});

test('metrics: process metrics and the gateway series, labelled by route pattern', async () => {
  const m = createMetrics();
  const app = Fastify();
  app.addHook('onResponse', httpMetricsHook(m));
  app.get('/tenders/:id', async () => ({ ok: true }));
  await app.inject({ method: 'GET', url: '/tenders/tnd-2025-0001?nik=3273010101900001' });
  await app.inject({ method: 'GET', url: '/tenders/tnd-2025-0002' });
  await app.inject({ method: 'GET', url: `/no/such/${NIK}` });
  await app.close();
  observeHttpRequest(m, { method: 'BREW', route: '/coffee', statusCode: 418, seconds: 0.2 });
  observeIndexedBlock(m, { height: 120, txs: 7, chainHeight: 125 });
  observeIndexedBlock(m, { height: 121, txs: 3, chainHeight: 121 });
  m.relayTxs.inc({ result: 'committed' });
  m.relayTxs.inc({ result: 'rejected_check' }, 2);
  m.webhookDeliveries.inc({ result: 'delivered' });
  m.webhookDeliveries.inc({ result: 'retrying' });

  const text = await metricsText(m.registry);
  const want = [
    'http_requests_total{method="GET",route="/tenders/:id",status="200"} 2',
    `http_requests_total{method="GET",route="${UNMATCHED_ROUTE}",status="404"} 1`,
    'http_requests_total{method="OTHER",route="/coffee",status="418"} 1',
    'http_request_duration_seconds_count{method="GET",route="/tenders/:id"} 2',
    'http_request_duration_seconds_bucket{le="0.25",method="OTHER",route="/coffee"} 1',
    'indexer_height 121',
    'indexer_lag_blocks 0',
    'indexer_txs_total 10',
    'relay_txs_total{result="committed"} 1',
    'relay_txs_total{result="rejected_check"} 2',
    'webhook_deliveries_total{result="delivered"} 1',
    'webhook_deliveries_total{result="retrying"} 1',
    '# TYPE process_cpu_user_seconds_total counter',
    '# TYPE nodejs_eventloop_lag_seconds gauge',
  ];
  for (const line of want) assert.ok(text.split('\n').includes(line), `got no line ${line} in:\n${text}`);
  assert.ok(!text.includes('tnd-2025-0001') && !text.includes(NIK), 'got a raw URL in a label');
  assert.match(m.registry.contentType, /^text\/plain/);

  const other = createMetrics();
  assert.ok((await metricsText(other.registry)).includes('indexer_txs_total 0'), 'registries are independent');
});
