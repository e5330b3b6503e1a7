import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { DocumentError, DocumentStore, type DocumentErrorCode, type UploadMeta } from './store.js';
import { CSV, DOCX, JPEG, PDF, PNG, TEXT, TypeSniffer, XLSX, sniffTypes } from './sniff.js';

const MiB = 1024 * 1024;
const MASTER = Buffer.alloc(32, 7);
const META: UploadMeta = { filename: 'kontrak-jalan.pdf', visibility: 'public', ownerOrg: 'pemkot-bandung', uploadedBy: 'ppk-bandung' };

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prasasti-docs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function openStore(t: { after(fn: () => void): void }, dir = tempDir(t), limits?: Parameters<typeof DocumentStore.open>[2]) {
  const store = DocumentStore.open(dir, MASTER, limits);
  t.after(() => store.close());
  return { store, dir };
}

/** A Readable that hands out `bytes` in chunks of uneven sizes, counting how many it produced. */
function streamOf(bytes: Buffer, sizes = [65_537, 1, 4_093, 131_072]) {
  const produced = { chunks: 0 };
  async function* chunks() {
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const n = sizes[i % sizes.length]!;
      produced.chunks++;
      yield bytes.subarray(at, at + n);
      at += n;
    }
  }
  return { input: Readable.from(chunks()), produced };
}

async function readAll(open: () => Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of open()) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

async function refusal(promise: Promise<unknown>): Promise<DocumentErrorCode> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof DocumentError, `got ${String(err)}, want a DocumentError`);
    return err.code;
  }
  assert.fail('got success, want a refusal');
}

function refusalSync(fn: () => unknown): DocumentErrorCode {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DocumentError, `got ${String(err)}, want a DocumentError`);
    return err.code;
  }
  assert.fail('got success, want a refusal');
}

/** Opening fails either at once or as a stream error; either way, with this code. */
async function openFailure(store: DocumentStore, id: string): Promise<DocumentErrorCode> {
  return refusal((async () => readAll(() => store.open(id)))());
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pdf = (bodyBytes: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(bodyBytes)]);
const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2000)]);
const blobs = (dir: string) => readdirSync(path.join(dir, 'blobs'));
const rowCount = (dir: string) => {
  const db = new Database(path.join(dir, 'documents.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM documents').pluck().get() as number;
  } finally {
    db.close();
  }
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const byte of b) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A deflated ZIP, with data descriptors when `streamed` (as Java's ZipOutputStream writes them). */
function zip(entries: Record<string, string | Buffer>, streamed = false): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = Buffer.from(content);
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(streamed ? 0x0808 : 0x0800, 6);
    local.writeUInt16LE(8, 8);
    if (!streamed) {
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(packed.length, 18);
      local.writeUInt32LE(data.length, 22);
    }
    local.writeUInt16LE(nameBytes.length, 26);
    const descriptor = Buffer.alloc(streamed ? 16 : 0);
    if (streamed) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(packed.length, 8);
      descriptor.writeUInt32LE(data.length, 12);
    }
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(streamed ? 0x0808 : 0x0800, 8);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(packed.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(nameBytes.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, nameBytes);
    const record = Buffer.concat([local, nameBytes, packed, descriptor]);
    locals.push(record);
    offset += record.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const docx = (streamed = false) =>
  zip({ '[Content_Types].xml': CONTENT_TYPES, '_rels/.rels': '<Relationships/>', 'docProps/thumbnail.jpeg': randomBytes(200_000), 'word/document.xml': '<w:document/>' }, streamed);
const xlsx = (streamed = false) => zip({ '[Content_Types].xml': CONTENT_TYPES, '_rels/.rels': '<Relationships/>', 'xl/workbook.xml': '<workbook/>', 'xl/worksheets/sheet1.xml': '<worksheet/>' }, streamed);

test('sniff: the type comes from the bytes, in one piece or byte by byte', () => {
  const euro = Buffer.from('harga,€ 1.000\n', 'utf8');
  const cases: Array<{ name: string; bytes: Buffer; want: readonly string[] }> = [
    { name: 'pdf', bytes: pdf(100), want: [PDF] },
    { name: 'png', bytes: png(), want: [PNG] },
    { name: 'jpeg', bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(100)]), want: [JPEG] },
    { name: 'docx', bytes: docx(), want: [DOCX] },
    { name: 'docx with data descriptors', bytes: docx(true), want: [DOCX] },
    { name: 'xlsx', bytes: xlsx(), want: [XLSX] },
    { name: 'xlsx with data descriptors', bytes: xlsx(true), want: [XLSX] },
    { name: 'docm (macros)', bytes: zip({ '[Content_Types].xml': CONTENT_TYPES, 'word/document.xml': '<w/>', 'word/vbaProject.bin': 'x' }), want: [] },
    { name: 'plain zip', bytes: zip({ 'a.txt': 'a', 'word/b.txt': 'b' }), want: [] },
    { name: 'utf-8 text', bytes: Buffer.from('Pekerjaan jalan — ruas Cibiru ✓ 𝄞\n'.repeat(50), 'utf8'), want: [TEXT, CSV] },
    { name: 'csv with bom', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), euro]), want: [TEXT, CSV] },
    { name: 'short text', bytes: Buffer.from('ok'), want: [TEXT, CSV] },
    { name: 'text with NUL', bytes: Buffer.from('abc\0def'), want: [] },
    { name: 'latin-1 text', bytes: Buffer.from('caf\xe9 au lait', 'latin1'), want: [] },
    { name: 'text cut mid-character', bytes: euro.subarray(0, 8), want: [] },
    { name: 'overlong encoding', bytes: Buffer.from([0x61, 0xc0, 0xaf, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61]), want: [] },
    { name: 'encoded surrogate', bytes: Buffer.from([0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0xed, 0xa0, 0x80]), want: [] },
    { name: 'random bytes', bytes: Buffer.concat([Buffer.from([0x00, 0x01]), randomBytes(500)]), want: [] },
  ];
  for (const c of cases) {
    assert.deepEqual(sniffTypes(c.bytes), c.want, `${c.name}: got ${String(sniffTypes(c.bytes))}, want ${String(c.want)}`);
    const sniffer = new TypeSniffer();
    for (const byte of c.bytes) sniffer.write(Buffer.from([byte]));
    assert.deepEqual(sniffer.end(), c.want, `${c.name}, byte by byte: got ${String(sniffer.end())}, want ${String(c.want)}`);
  }
});

test('a multi-MiB document streams in and out: same bytes, SHA-256 of the plaintext', async (t) => {
  const { store, dir } = openStore(t);
  const content = pdf(12 * MiB);
  const { input } = streamOf(content);
  const doc = await store.put(input, { ...META, declaredType: 'application/pdf' });
  assert.equal(doc.sha256, sha256(content));
  assert.equal(doc.size, content.length);
  assert.equal(doc.mediaType, PDF);
  assert.deepEqual(store.get(doc.id), doc);
  assert.deepEqual(await readAll(() => store.open(doc.id)), content);
  assert.deepEqual(blobs(dir), [`${doc.id}.blob`]);

  // The store reopens from disk with the same master key.
  store.close();
  const again = DocumentStore.open(dir, MASTER);
  t.after(() => again.close());
  assert.deepEqual(again.get(doc.id), doc);
  assert.equal(sha256(await readAll(() => again.open(doc.id))), doc.sha256);
});

test('the type is the sniffed one when none is declared; text may be declared as CSV', async (t) => {
  const { store } = openStore(t);
  const csv = Buffer.from('paket,pagu\nJalan Cibiru,1500000000\n');
  const cases: Array<{ bytes: Buffer; declared?: string; want: string }> = [
    { bytes: png(), want: PNG },
    { bytes: png(), declared: 'application/octet-stream', want: PNG },
    { bytes: docx(), want: DOCX },
    { bytes: xlsx(true), declared: XLSX, want: XLSX },
    { bytes: csv, want: TEXT },
    { bytes: csv, declared: 'Text/CSV; charset=UTF-8', want: CSV },
  ];
  for (const c of cases) {
    const doc = await store.put(Readable.from([c.bytes]), { ...META, declaredType: c.declared });
    assert.equal(doc.mediaType, c.want, `declared ${c.declared}: got ${doc.mediaType}, want ${c.want}`);
    assert.deepEqual(await readAll(() => store.open(doc.id)), c.bytes);
  }
  assert.equal(await refusal(store.put(Readable.from([docx()]), { ...META, declaredType: XLSX })), 'TYPE_MISMATCH');
});

test('the ciphertext on disk does not contain the plaintext', async (t) => {
  const { store, dir } = openStore(t);
  const marker = 'NIK 3273012345678901 — Budi Santoso, Jl. Merdeka 1, Bandung';
  const content = Buffer.from(`${marker}\n`.repeat(20_000));
  const doc = await store.put(streamOf(content).input, { ...META, filename: 'ktp.txt' });
  const blob = readFileSync(path.join(dir, 'blobs', `${doc.id}.blob`));
  assert.equal(blob.length, content.length + 17 + 16, 'header, ciphertext and tag');
  assert.equal(blob.indexOf('Budi Santoso'), -1);
  assert.equal(blob.indexOf(content.subarray(0, 16)), -1);
  const database = readFileSync(path.join(dir, 'documents.sqlite'));
  assert.equal(database.indexOf('Budi Santoso'), -1);
});

test('a flipped byte anywhere in the blob makes open fail, never yields wrong bytes', async (t) => {
  const { store, dir } = openStore(t);
  const content = pdf(3 * MiB);
  const doc = await store.put(streamOf(content).input, META);
  const file = path.join(dir, 'blobs', `${doc.id}.blob`);
  const original = readFileSync(file);
  const places = { magic: 0, iv: 8, 'first ciphertext byte': 17, 'middle of the ciphertext': 17 + Math.floor(content.length / 2), 'last ciphertext byte': original.length - 17, tag: original.length - 1 };
  for (const [where, at] of Object.entries(places)) {
    const tampered = Buffer.from(original);
    tampered[at]! ^= 0x01;
    writeFileSync(file, tampered);
    assert.equal(await openFailure(store, doc.id), 'INTEGRITY', `flipped ${where}`);
  }
  writeFileSync(file, original.subarray(0, original.length - 1));
  assert.equal(await openFailure(store, doc.id), 'INTEGRITY', 'truncated');
  writeFileSync(file, original);
  assert.equal(sha256(await readAll(() => store.open(doc.id))), doc.sha256);
});

test('a wrong master key opens neither the store nor any document key', async (t) => {
  const { store, dir } = openStore(t);
  const doc = await store.put(Readable.from([pdf(1000)]), META);
  store.close();
  const wrong = Buffer.alloc(32, 8);
  assert.equal(refusalSync(() => DocumentStore.open(dir, wrong)), 'KEY_REJECTED');
  assert.throws(() => DocumentStore.open(dir, Buffer.alloc(16)), RangeError);

  // Without the store's key check, the wrapped key itself still refuses the wrong key.
  const db = new Database(path.join(dir, 'documents.sqlite'));
  db.prepare(`DELETE FROM store_meta WHERE name = 'master_key_check'`).run();
  db.close();
  const impostor = DocumentStore.open(dir, wrong);
  t.after(() => impostor.close());
  assert.equal(refusalSync(() => impostor.open(doc.id)), 'KEY_REJECTED');
});

test('erase destroys the key and the blob; the metadata stays to explain the anchor', async (t) => {
  const { store, dir } = openStore(t);
  const content = Buffer.from('Nama: Budi Santoso\nNIK: 3273012345678901\n');
  const doc = await store.put(Readable.from([content]), { ...META, filename: 'ktp-budi-santoso.txt', visibility: 'restricted' });
  const kept = await store.put(Readable.from([content]), META);
  const wrapped = (() => {
    const db = new Database(path.join(dir, 'documents.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT wrapped_key FROM documents WHERE id = ?').pluck().get(doc.id) as Buffer;
    } finally {
      db.close();
    }
  })();
  assert.equal(wrapped.length, 60);

  store.erase(doc.id, 'pa-bandung');
  assert.equal(refusalSync(() => store.open(doc.id)), 'ERASED');
  assert.equal(existsSync(path.join(dir, 'blobs', `${doc.id}.blob`)), false);
  const erased = store.get(doc.id)!;
  assert.equal(erased.sha256, doc.sha256);
  assert.equal(erased.erasedBy, 'pa-bandung');
  assert.ok(erased.erasedAt);
  assert.equal(erased.filename, '', 'a filename can be personal data');
  assert.deepEqual(
    new Map(store.bySha256(doc.sha256).map((d) => [d.id, d.erasedAt !== null])),
    new Map([
      [doc.id, true],
      [kept.id, false],
    ]),
  );
  // No copy of the wrapped key stays in the database file or its write-ahead log.
  for (const name of readdirSync(dir).filter((n) => n.startsWith('documents.sqlite'))) {
    assert.equal(readFileSync(path.join(dir, name)).indexOf(wrapped), -1, `wrapped key found in ${name}`);
  }
  assert.deepEqual(await readAll(() => store.open(kept.id)), content, 'the other copy is untouched');

  assert.equal(refusalSync(() => store.erase(doc.id, 'pa-bandung')), 'ERASED');
  assert.equal(refusalSync(() => store.erase('no-such-id', 'pa-bandung')), 'NOT_FOUND');
  assert.equal(refusalSync(() => store.open('no-such-id')), 'NOT_FOUND');
  assert.equal(store.get('no-such-id'), undefined);
});

test('too large is refused as soon as the limit is passed, leaving nothing behind', async (t) => {
  const { store, dir } = openStore(t, undefined, { maxBytes: 1 * MiB });
  const { input, produced } = streamOf(pdf(8 * MiB), [64 * 1024]);
  assert.equal(await refusal(store.put(input, META)), 'TOO_LARGE');
  assert.ok(produced.chunks < 20, `got ${produced.chunks} chunks read, want the upload stopped near 1 MiB`);
  assert.ok(input.destroyed);
  assert.deepEqual(blobs(dir), []);
  assert.equal(rowCount(dir), 0);
  // Exactly at the limit is accepted.
  const exact = await store.put(Readable.from([pdf(1 * MiB - 9)]), META);
  assert.equal(exact.size, 1 * MiB);
});

test('the declared type must match the bytes and be allowed; refusals leave nothing behind', async (t) => {
  const { store, dir } = openStore(t, undefined, { allowedTypes: [PDF, PNG, TEXT] });
  const invalidLate = Buffer.concat([Buffer.from('a'.repeat(MiB)), Buffer.from([0xff]), Buffer.from('b'.repeat(MiB))]);
  const cases: Array<{ name: string; bytes: Buffer; declared?: string; want: DocumentErrorCode }> = [
    { name: 'png declared as pdf', bytes: png(), declared: PDF, want: 'TYPE_MISMATCH' },
    { name: 'text declared as pdf', bytes: Buffer.from('not a pdf at all'), declared: PDF, want: 'TYPE_MISMATCH' },
    { name: 'pdf declared as text', bytes: pdf(100), declared: TEXT, want: 'TYPE_MISMATCH' },
    { name: 'declared xlsx, not allowed here', bytes: xlsx(), declared: XLSX, want: 'TYPE_NOT_ALLOWED' },
    { name: 'declared type not allowed', bytes: pdf(100), declared: 'application/x-msdownload', want: 'TYPE_NOT_ALLOWED' },
    { name: 'recognised but not allowed', bytes: docx(), want: 'TYPE_NOT_ALLOWED' },
    { name: 'unrecognised binary', bytes: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04]), want: 'TYPE_NOT_ALLOWED' },
    { name: 'invalid UTF-8 after a MiB of text', bytes: invalidLate, want: 'TYPE_NOT_ALLOWED' },
    { name: 'empty', bytes: Buffer.alloc(0), want: 'EMPTY' },
    { name: 'empty, declared', bytes: Buffer.alloc(0), declared: PDF, want: 'EMPTY' },
  ];
  for (const c of cases) {
    const got = await refusal(store.put(streamOf(c.bytes).input, { ...META, declaredType: c.declared }));
    assert.equal(got, c.want, `${c.name}: got ${got}, want ${c.want}`);
  }
  const { input, produced } = streamOf(Buffer.concat([png(), randomBytes(4 * MiB)]), [64 * 1024]);
  assert.equal(await refusal(store.put(input, { ...META, declaredType: PDF })), 'TYPE_MISMATCH');
  assert.ok(produced.chunks < 4, `got ${produced.chunks} chunks read, want a mismatch refused from its first bytes`);
  assert.equal(await refusal(store.put(Readable.from([pdf(10)]), { ...META, filename: '../etc/passwd' })), 'INVALID_METADATA');
  assert.deepEqual(blobs(dir), []);
  assert.equal(rowCount(dir), 0);
});

test('a failing input stream leaves nothing behind; leftover temporary files are swept on open', async (t) => {
  const { store, dir } = openStore(t);
  async function* failing() {
    yield pdf(MiB);
    throw new Error('client went away');
  }
  await assert.rejects(store.put(Readable.from(failing()), META), /client went away/);
  assert.deepEqual(blobs(dir), []);
  store.close();
  writeFileSync(path.join(dir, 'blobs', 'interrupted.tmp'), 'x');
  const again = DocumentStore.open(dir, MASTER);
  t.after(() => again.close());
  assert.deepEqual(blobs(dir), []);
});

test('bySha256 finds every upload of the same content, each with its own key', async (t) => {
  const { store, dir } = openStore(t);
  const content = pdf(300_000);
  const a = await store.put(Readable.from([content]), META);
  const b = await store.put(Readable.from([content]), { ...META, visibility: 'restricted', ownerOrg: 'bpkp-jabar' });
  const other = await store.put(Readable.from([pdf(10)]), META);
  assert.notEqual(a.id, b.id);
  assert.deepEqual(
    store.bySha256(sha256(content).toUpperCase()).map((d) => d.id).sort(),
    [a.id, b.id].sort(),
  );
  assert.deepEqual(store.bySha256(other.sha256), [other]);
  assert.deepEqual(store.bySha256('00'.repeat(32)), []);
  const blobA = readFileSync(path.join(dir, 'blobs', `${a.id}.blob`));
  const blobB = readFileSync(path.join(dir, 'blobs', `${b.id}.blob`));
  assert.notDeepEqual(blobA.subarray(17, 1017), blobB.subarray(17, 1017), 'separate keys give unrelated ciphertexts');
});
