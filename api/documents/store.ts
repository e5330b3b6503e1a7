/**
 * The gateway's off-ledger document store (see README.md in this folder for the design).
 *
 * The ledger anchors a document by the SHA-256 of its plaintext; the bytes themselves live here,
 * encrypted with AES-256-GCM under a fresh random key per document. That key is kept only wrapped
 * (AES-256-GCM) by the node's 32-byte master key, in a small SQLite file next to the blobs.
 * Erasing a document destroys its wrapped key and its blob: the bytes are gone for good, while the
 * metadata stays so that the anchor on the ledger can still be explained.
 *
 * Authorization is the caller's: the store records each document's visibility and owner and
 * enforces nothing about who may read or erase.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomUUID, timingSafeEqual, type Hash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readSync, unlinkSync, type PathLike } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pipeline as pipelineWithCallback } from 'node:stream';
import Database from 'better-sqlite3';
import { KNOWN_TYPES, TypeSniffer, isKnownType, normalizeMediaType, type MediaType } from './sniff.js';

export type Visibility = 'public' | 'restricted';

/** A document's metadata. `sha256` (lower-case hex, of the plaintext) is what the ledger anchors. */
export interface StoredDocument {
  id: string;
  sha256: string;
  size: number;
  mediaType: MediaType;
  /** The name given at upload; blanked ('') when the document is erased, since names can be personal data. */
  filename: string;
  visibility: Visibility;
  ownerOrg: string;
  uploadedBy: string;
  createdAt: string;
  erasedAt: string | null;
  erasedBy: string | null;
}

export interface UploadMeta {
  filename: string;
  /**
   * The type the uploader claims (e.g. the multipart part's Content-Type), checked against the
   * bytes; parameters are ignored, and `application/octet-stream` counts as no claim.
   */
  declaredType?: string;
  visibility: Visibility;
  ownerOrg: string;
  uploadedBy: string;
}

export interface DocumentLimits {
  /** Largest accepted document in bytes; default 25 MiB. */
  maxBytes?: number;
  /** Media types accepted; default every type `sniff.ts` recognises. */
  allowedTypes?: string[];
}

/**
 * Stable codes, safe to show. Upload: TOO_LARGE, TYPE_NOT_ALLOWED, TYPE_MISMATCH, EMPTY,
 * INVALID_METADATA. Reading and erasing: NOT_FOUND, ERASED. Keys and bytes: KEY_REJECTED (the
 * master key is not the one the store was created with, or a wrapped key does not open with it),
 * INTEGRITY (the stored ciphertext is damaged or was tampered with).
 */
export type DocumentErrorCode =
  | 'TOO_LARGE'
  | 'TYPE_NOT_ALLOWED'
  | 'TYPE_MISMATCH'
  | 'EMPTY'
  | 'INVALID_METADATA'
  | 'NOT_FOUND'
  | 'ERASED'
  | 'KEY_REJECTED'
  | 'INTEGRITY';

export class DocumentError extends Error {
  constructor(
    readonly code: DocumentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentError';
  }
}

export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
const MASTER_KEY_BYTES = 32;
const MAX_FILENAME_CHARS = 255;

// Blob file: MAGIC | version | IV | ciphertext (as long as the plaintext) | GCM tag.
const BLOB_MAGIC = Buffer.from('PRSD', 'latin1');
const BLOB_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BLOB_HEADER_BYTES = BLOB_MAGIC.length + 1 + IV_BYTES;
const BLOB_SUFFIX = '.blob';
const TEMP_SUFFIX = '.tmp';

// Wrapped key: IV | AES-256-GCM(master key, document key) | tag, bound to the document id.
const WRAPPED_KEY_BYTES = IV_BYTES + 32 + TAG_BYTES;
const contentAad = (id: string) => Buffer.from(`prasasti/document/v1\0${id}`, 'utf8');
const keyAad = (id: string) => Buffer.from(`prasasti/document-key/v1\0${id}`, 'utf8');
const KEY_CHECK_LABEL = 'prasasti/document-store/key-check/v1';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS store_meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS documents (
  id          TEXT PRIMARY KEY,
  sha256      TEXT NOT NULL,
  size        INTEGER NOT NULL,
  media_type  TEXT NOT NULL,
  filename    TEXT NOT NULL,
  visibility  TEXT NOT NULL CHECK (visibility IN ('public', 'restricted')),
  owner_org   TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  wrapped_key BLOB,
  erased_at   TEXT,
  erased_by   TEXT,
  CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL))
) STRICT;
CREATE INDEX IF NOT EXISTS documents_by_sha256 ON documents (sha256);
`;

interface DocumentRow {
  id: string;
  sha256: string;
  size: number;
  media_type: string;
  filename: string;
  visibility: Visibility;
  owner_org: string;
  uploaded_by: string;
  created_at: string;
  wrapped_key: Buffer | null;
  erased_at: string | null;
  erased_by: string | null;
}

const toDocument = (r: DocumentRow): StoredDocument => ({
  id: r.id,
  sha256: r.sha256,
  size: r.size,
  mediaType: r.media_type as MediaType,
  filename: r.filename,
  visibility: r.visibility,
  ownerOrg: r.owner_org,
  uploadedBy: r.uploaded_by,
  createdAt: r.created_at,
  erasedAt: r.erased_at,
  erasedBy: r.erased_by,
});

/** The document store of one node. One process owns `dir` at a time. */
export class DocumentStore {
  private constructor(
    private readonly db: Database.Database,
    private readonly blobDir: string,
    private readonly masterKey: Buffer,
    private readonly maxBytes: number,
    private readonly allowedTypes: ReadonlySet<string>,
  ) {}

  /**
   * Opens (creating if needed) the store in `dir`: `documents.sqlite` for metadata and wrapped keys,
   * `blobs/` for ciphertext. The first open records a check value of `masterKey`; a later open with
   * another key throws KEY_REJECTED. Temporary files left by an interrupted upload are removed.
   */
  static open(dir: string, masterKey: Uint8Array, limits: DocumentLimits = {}): DocumentStore {
    if (masterKey.byteLength !== MASTER_KEY_BYTES) throw new RangeError(`the master key must be ${MASTER_KEY_BYTES} bytes, got ${masterKey.byteLength}`);
    const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new RangeError(`maxBytes must be a positive integer, got ${maxBytes}`);
    const allowed = (limits.allowedTypes ?? [...KNOWN_TYPES]).map(normalizeMediaType);
    const unknown = allowed.filter((t) => !isKnownType(t));
    if (unknown.length > 0) throw new RangeError(`cannot recognise ${unknown.join(', ')}; known types: ${KNOWN_TYPES.join(', ')}`);

    const blobDir = path.join(dir, 'blobs');
    mkdirSync(blobDir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(blobDir)) if (name.endsWith(TEMP_SUFFIX)) unlinkSync(path.join(blobDir, name));

    const db = new Database(path.join(dir, 'documents.sqlite'));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      // Overwrite deleted content with zeros, so an erased wrapped key does not linger in free space.
      db.pragma('secure_delete = ON');
      db.exec(SCHEMA);
      const key = Buffer.from(masterKey);
      const check = createHmac('sha256', key).update(KEY_CHECK_LABEL).digest();
      const stored = db.prepare('SELECT value FROM store_meta WHERE name = ?').pluck().get('master_key_check') as Buffer | undefined;
      if (stored === undefined) db.prepare('INSERT INTO store_meta (name, value) VALUES (?, ?)').run('master_key_check', check);
      else if (stored.length !== check.length || !timingSafeEqual(stored, check)) {
        key.fill(0);
        throw new DocumentError('KEY_REJECTED', 'this master key is not the one the document store was created with');
      }
      return new DocumentStore(db, blobDir, key, maxBytes, new Set(allowed));
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /**
   * Streams `input` into the store: checks size and type on the way, hashes the plaintext and
   * encrypts it to a temporary file, which becomes the blob by an atomic rename once the whole
   * upload has passed. On any refusal (DocumentError) or failure nothing is left behind and the
   * input is destroyed. The same content uploaded twice makes two documents.
   */
  async put(input: Readable, meta: UploadMeta): Promise<StoredDocument> {
    let declared: string | undefined;
    try {
      checkMeta(meta);
      declared = declaredType(meta.declaredType);
      if (declared !== undefined && !this.allowedTypes.has(declared)) throw new DocumentError('TYPE_NOT_ALLOWED', `documents of type ${declared} are not accepted`);
    } catch (err) {
      input.destroy();
      throw err;
    }

    const id = randomUUID();
    const documentKey = randomBytes(32);
    const iv = randomBytes(IV_BYTES);
    const tempPath = path.join(this.blobDir, id + TEMP_SUFFIX);
    const blobPath = this.blobPath(id);
    const inspection = new UploadInspection(this.maxBytes, declared, this.allowedTypes);
    // `flush` syncs the file to disk before the stream closes it, and pipeline waits for the close.
    const blobFile = createWriteStream(tempPath, { flags: 'wx', mode: 0o600, flush: true });
    let renamed = false;
    try {
      await pipeline(input, inspection, sealingStream(documentKey, iv, id), blobFile);
      const { sha256, size, mediaType } = inspection.result();
      await rename(tempPath, blobPath);
      renamed = true;
      syncDirectory(this.blobDir);
      const doc: StoredDocument = {
        id,
        sha256,
        size,
        mediaType,
        filename: meta.filename,
        visibility: meta.visibility,
        ownerOrg: meta.ownerOrg,
        uploadedBy: meta.uploadedBy,
        createdAt: new Date().toISOString(),
        erasedAt: null,
        erasedBy: null,
      };
      this.db
        .prepare(
          `INSERT INTO documents (id, sha256, size, media_type, filename, visibility, owner_org, uploaded_by, created_at, wrapped_key)
           VALUES (@id, @sha256, @size, @mediaType, @filename, @visibility, @ownerOrg, @uploadedBy, @createdAt, @wrappedKey)`,
        )
        .run({ ...doc, wrappedKey: this.wrapKey(id, documentKey) });
      return doc;
    } catch (err) {
      // A refused upload's file may still be opening or closing; remove it only once it is closed.
      if (!blobFile.closed) await new Promise<void>((resolve) => blobFile.once('close', () => resolve()));
      await unlink(renamed ? blobPath : tempPath).catch(() => undefined);
      throw err;
    } finally {
      documentKey.fill(0);
    }
  }

  /** The document's metadata, erased documents included; undefined when no such document exists. */
  get(id: string): StoredDocument | undefined {
    const row = this.row(id);
    return row && toDocument(row);
  }

  /** Every document (erased ones included) whose plaintext has this SHA-256, oldest first. */
  bySha256(hex: string): StoredDocument[] {
    const rows = this.db.prepare('SELECT * FROM documents WHERE sha256 = ? ORDER BY created_at, id').all(hex.toLowerCase()) as DocumentRow[];
    return rows.map(toDocument);
  }

  /**
   * The plaintext as a stream, decrypted as it is read. Throws NOT_FOUND, ERASED, KEY_REJECTED or
   * INTEGRITY (a damaged blob) at once; a tampered ciphertext makes the stream fail with INTEGRITY
   * before it ends, so a stream that ends without error delivered exactly the anchored bytes.
   * Bytes already delivered before such an error must be discarded by the consumer.
   */
  open(id: string): Readable {
    const row = this.row(id);
    if (!row) throw new DocumentError('NOT_FOUND', `no document ${id}`);
    if (row.wrapped_key === null) throw new DocumentError('ERASED', `document ${id} was erased at ${row.erased_at}`);
    const documentKey = this.unwrapKey(id, row.wrapped_key);

    let fd: number;
    try {
      fd = openSync(this.blobPath(id), 'r');
    } catch (err) {
      documentKey.fill(0);
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new DocumentError('INTEGRITY', `the encrypted content of document ${id} is missing`);
      throw err;
    }
    try {
      const expected = BLOB_HEADER_BYTES + row.size + TAG_BYTES;
      if (fstatSync(fd).size !== expected) throw new DocumentError('INTEGRITY', `the encrypted content of document ${id} has the wrong length`);
      const header = readExactly(fd, 0, BLOB_HEADER_BYTES);
      if (!header.subarray(0, BLOB_MAGIC.length).equals(BLOB_MAGIC) || header[BLOB_MAGIC.length] !== BLOB_VERSION) {
        throw new DocumentError('INTEGRITY', `the encrypted content of document ${id} has no valid header`);
      }
      const iv = header.subarray(BLOB_MAGIC.length + 1);
      const tag = readExactly(fd, expected - TAG_BYTES, TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', documentKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(contentAad(id));
      decipher.setAuthTag(tag);
      const output = new OpeningStream(decipher, row.sha256, id);
      // The file stays readable through `fd` even if the document is erased while it is being read.
      const ciphertext = createReadStreamFromFd(fd, BLOB_HEADER_BYTES, BLOB_HEADER_BYTES + row.size - 1);
      pipelineWithCallback(ciphertext, output, () => undefined);
      return output;
    } catch (err) {
      closeSync(fd);
      throw err;
    } finally {
      documentKey.fill(0);
    }
  }

  /**
   * Erases a document for good: its wrapped key is destroyed (and the SQLite write-ahead log
   * checkpointed and truncated so no copy stays there), then its blob is deleted. The metadata
   * stays, with `erasedAt`/`erasedBy` and the filename blanked. Throws NOT_FOUND, or ERASED when it
   * was erased already.
   */
  erase(id: string, by: string): void {
    const row = this.row(id);
    if (!row) throw new DocumentError('NOT_FOUND', `no document ${id}`);
    if (row.wrapped_key !== null) {
      this.db
        .prepare(`UPDATE documents SET wrapped_key = NULL, filename = '', erased_at = ?, erased_by = ? WHERE id = ? AND wrapped_key IS NOT NULL`)
        .run(new Date().toISOString(), by, id);
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
    // Also on a repeated erase, in case the first one stopped between the key and the blob.
    removeIfPresent(this.blobPath(id));
    if (row.wrapped_key === null) throw new DocumentError('ERASED', `document ${id} was erased at ${row.erased_at}`);
  }

  /** Closes the database and wipes this process's copy of the master key. */
  close(): void {
    this.db.close();
    this.masterKey.fill(0);
  }

  private row(id: string): DocumentRow | undefined {
    return this.db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined;
  }

  private blobPath(id: string): string {
    return path.join(this.blobDir, id + BLOB_SUFFIX);
  }

  private wrapKey(id: string, documentKey: Buffer): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(keyAad(id));
    return Buffer.concat([iv, cipher.update(documentKey), cipher.final(), cipher.getAuthTag()]);
  }

  private unwrapKey(id: string, wrapped: Buffer): Buffer {
    if (wrapped.length !== WRAPPED_KEY_BYTES) throw new DocumentError('KEY_REJECTED', `the key of document ${id} is malformed`);
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, wrapped.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(keyAad(id));
    decipher.setAuthTag(wrapped.subarray(IV_BYTES + 32));
    try {
      return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES, IV_BYTES + 32)), decipher.final()]);
    } catch {
      throw new DocumentError('KEY_REJECTED', `the key of document ${id} does not open with this master key`);
    }
  }
}

/** No declaration, or `application/octet-stream` (what clients send when they do not know), declares nothing. */
function declaredType(declared: string | undefined): string | undefined {
  const type = declared === undefined ? '' : normalizeMediaType(declared);
  return type === '' || type === 'application/octet-stream' ? undefined : type;
}

function checkMeta(meta: UploadMeta): void {
  const name = meta.filename;
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_FILENAME_CHARS || /[\p{Cc}/\\]/u.test(name)) {
    throw new DocumentError('INVALID_METADATA', `a filename is 1 to ${MAX_FILENAME_CHARS} characters, without control characters or path separators`);
  }
  if (meta.visibility !== 'public' && meta.visibility !== 'restricted') throw new DocumentError('INVALID_METADATA', `visibility is 'public' or 'restricted'`);
  if (!meta.ownerOrg || !meta.uploadedBy) throw new DocumentError('INVALID_METADATA', 'ownerOrg and uploadedBy are required');
}

/**
 * Counts, hashes and sniffs the plaintext as it passes, and refuses as soon as the upload is too
 * large or can no longer be an accepted type; the final checks run when the input ends.
 */
class UploadInspection extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private readonly sniffer = new TypeSniffer();
  private size = 0;
  private outcome: { sha256: string; size: number; mediaType: MediaType } | undefined;

  constructor(
    private readonly maxBytes: number,
    private readonly declared: string | undefined,
    private readonly allowed: ReadonlySet<string>,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return callback(new DocumentError('TOO_LARGE', `documents are at most ${this.maxBytes} bytes`));
    this.hash.update(chunk);
    this.sniffer.write(chunk);
    const possible = this.sniffer.possible;
    const refusal = possible && this.refusal(possible);
    if (refusal) return callback(refusal);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.size === 0) return callback(new DocumentError('EMPTY', 'the document is empty'));
    const types = this.sniffer.end();
    const refusal = this.refusal(types);
    if (refusal) return callback(refusal);
    const mediaType = (this.declared ?? types.find((t) => this.allowed.has(t)))! as MediaType;
    this.outcome = { sha256: this.hash.digest('hex'), size: this.size, mediaType };
    callback();
  }

  /** Why content that can only be one of `types` is refused, if it is. */
  private refusal(types: readonly MediaType[]): DocumentError | undefined {
    if (this.declared !== undefined) {
      if (!(types as readonly string[]).includes(this.declared)) return new DocumentError('TYPE_MISMATCH', `the content is not ${this.declared}`);
      return undefined;
    }
    if (!types.some((t) => this.allowed.has(t))) return new DocumentError('TYPE_NOT_ALLOWED', 'the content is not of an accepted type');
    return undefined;
  }

  result(): { sha256: string; size: number; mediaType: MediaType } {
    if (!this.outcome) throw new Error('the upload has not been inspected to its end');
    return this.outcome;
  }
}

/** Encrypts the plaintext into the blob format: header, ciphertext, then the GCM tag. */
function sealingStream(key: Buffer, iv: Buffer, id: string): Transform {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(contentAad(id));
  let headerWritten = false;
  const header = Buffer.concat([BLOB_MAGIC, Buffer.from([BLOB_VERSION]), iv]);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!headerWritten) {
        this.push(header);
        headerWritten = true;
      }
      callback(null, cipher.update(chunk));
    },
    flush(callback) {
      if (!headerWritten) this.push(header);
      this.push(cipher.final());
      callback(null, cipher.getAuthTag());
    },
  });
}

/**
 * Decrypts the ciphertext; at the end checks the GCM tag and, as a second line, that the bytes
 * hash to the anchored SHA-256. Either failure errors the stream with INTEGRITY.
 */
class OpeningStream extends Transform {
  private readonly hash: Hash = createHash('sha256');

  constructor(
    private readonly decipher: ReturnType<typeof createDecipheriv>,
    private readonly sha256: string,
    private readonly id: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const plain = this.decipher.update(chunk);
    this.hash.update(plain);
    callback(null, plain);
  }

  override _flush(callback: TransformCallback): void {
    let last: Buffer;
    try {
      last = this.decipher.final();
    } catch {
      return callback(new DocumentError('INTEGRITY', `the encrypted content of document ${this.id} fails authentication`));
    }
    this.hash.update(last);
    if (this.hash.digest('hex') !== this.sha256) return callback(new DocumentError('INTEGRITY', `the content of document ${this.id} does not match its SHA-256`));
    callback(null, last);
  }
}

function readExactly(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new DocumentError('INTEGRITY', 'the encrypted content ends early');
    done += n;
  }
  return buf;
}

function createReadStreamFromFd(fd: number, start: number, end: number): Readable {
  // The path is ignored when `fd` is given; `end` is inclusive.
  return createReadStream('', { fd, start, end, autoClose: true, highWaterMark: 256 * 1024 });
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeIfPresent(file: PathLike): void {
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

