/**
 * What a document really is, from its bytes rather than from what the uploader says.
 *
 * `TypeSniffer` is fed the upload chunk by chunk and keeps only a few bytes between chunks, so the
 * store can check the type while streaming and refuse early. It recognises exactly the formats the
 * document store accepts:
 *
 * - PDF (`%PDF-`), PNG (its 8-byte signature), JPEG (`FF D8 FF`) — decided by the first bytes;
 * - Office Open XML documents (docx, xlsx) — a ZIP whose entries include `[Content_Types].xml` and
 *   a `word/` or an `xl/` part; decided at the end, from every local file header in the stream.
 *   A package with a macro project (`vbaProject.bin`) is not recognised;
 * - plain text and CSV — no signature, valid UTF-8 throughout, no NUL byte; decided at the end.
 *   Text cannot tell CSV from prose, so text content may be stored as either.
 *
 * Anything else is not recognised (an empty list of types).
 */
import { isUtf8 } from 'node:buffer';

export const PDF = 'application/pdf';
export const PNG = 'image/png';
export const JPEG = 'image/jpeg';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const TEXT = 'text/plain';
export const CSV = 'text/csv';

/** Every media type the sniffer can recognise. */
export const KNOWN_TYPES = [PDF, PNG, JPEG, DOCX, XLSX, TEXT, CSV] as const;
export type MediaType = (typeof KNOWN_TYPES)[number];

type Kind = 'pdf' | 'png' | 'jpeg' | 'zip' | 'text' | 'unknown';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PDF_SIGNATURE = Buffer.from('%PDF-', 'latin1');
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);
const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** Enough bytes to tell every signature above apart. */
const HEAD_BYTES = PNG_SIGNATURE.length;
/** Entry names we care about are short; longer ones are skipped rather than carried over. */
const MAX_ENTRY_NAME = 1024;
const ZIP_HEADER_FIXED = 30;

const TYPES_OF: Record<Kind, readonly MediaType[]> = {
  pdf: [PDF],
  png: [PNG],
  jpeg: [JPEG],
  zip: [DOCX, XLSX],
  text: [TEXT, CSV],
  unknown: [],
};

const startsWith = (bytes: Uint8Array, prefix: Buffer) => bytes.length >= prefix.length && prefix.equals(bytes.subarray(0, prefix.length));

function classify(head: Buffer): Kind {
  if (startsWith(head, PDF_SIGNATURE)) return 'pdf';
  if (startsWith(head, PNG_SIGNATURE)) return 'png';
  if (startsWith(head, JPEG_SIGNATURE)) return 'jpeg';
  if (startsWith(head, ZIP_LOCAL_HEADER)) return 'zip';
  return 'text';
}

/** Length of the UTF-8 sequence that a lead byte starts; 0 for a byte that cannot lead one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Incremental content-type detection. Call `write` for every chunk in order, then `end`.
 * Memory stays bounded: at most a few hundred bytes are carried from one chunk to the next.
 */
export class TypeSniffer {
  private head: Buffer = Buffer.alloc(0);
  private kind: Kind | undefined;
  /** Text: the bytes of a UTF-8 sequence cut by the chunk boundary. */
  private utf8Carry: Buffer = Buffer.alloc(0);
  /** ZIP: the tail of the previous chunk that may hold the start of a local file header. */
  private zipCarry: Buffer = Buffer.alloc(0);
  private readonly zipEntries = { contentTypes: false, word: false, xl: false, macros: false };

  write(chunk: Uint8Array): void {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.kind === undefined) {
      this.head = Buffer.concat([this.head, bytes]);
      if (this.head.length < HEAD_BYTES) return;
      this.decideKind();
      return;
    }
    this.scan(bytes);
  }

  /** The media types the content can still turn out to be; undefined until the first bytes are in. */
  get possible(): readonly MediaType[] | undefined {
    return this.kind === undefined ? undefined : TYPES_OF[this.kind];
  }

  /** The media types this content may be stored as, most specific first; empty when not recognised. */
  end(): readonly MediaType[] {
    if (this.kind === undefined) this.decideKind();
    switch (this.kind) {
      case 'text':
        return this.utf8Carry.length === 0 ? TYPES_OF.text : [];
      case 'zip': {
        const e = this.zipEntries;
        if (!e.contentTypes || e.macros || e.word === e.xl) return [];
        return [e.word ? DOCX : XLSX];
      }
      default:
        return TYPES_OF[this.kind!];
    }
  }

  private decideKind(): void {
    this.kind = classify(this.head);
    const head = this.head;
    this.head = Buffer.alloc(0);
    this.scan(head);
  }

  private scan(bytes: Buffer): void {
    if (this.kind === 'text') this.scanText(bytes);
    else if (this.kind === 'zip') this.scanZip(bytes);
  }

  private scanText(chunk: Buffer): void {
    if (chunk.includes(0)) {
      this.kind = 'unknown';
      return;
    }
    const bytes = this.utf8Carry.length > 0 ? Buffer.concat([this.utf8Carry, chunk]) : chunk;
    // Find where the last complete sequence ends; a sequence cut by the boundary waits for the next chunk.
    let complete = bytes.length;
    for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 4; i--) {
      const b = bytes[i]!;
      if ((b & 0xc0) === 0x80) continue;
      const need = sequenceLength(b);
      if (need > 0 && i + need > bytes.length) complete = i;
      break;
    }
    if (!isUtf8(bytes.subarray(0, complete))) {
      this.kind = 'unknown';
      return;
    }
    this.utf8Carry = Buffer.from(bytes.subarray(complete));
  }

  private scanZip(chunk: Buffer): void {
    const bytes = this.zipCarry.length > 0 ? Buffer.concat([this.zipCarry, chunk]) : chunk;
    let from = 0;
    for (;;) {
      const at = bytes.indexOf(ZIP_LOCAL_HEADER, from);
      if (at < 0) {
        // A signature may be cut by the boundary: keep its first bytes (never a whole one).
        this.zipCarry = Buffer.from(bytes.subarray(Math.max(from, bytes.length - (ZIP_LOCAL_HEADER.length - 1))));
        return;
      }
      if (at + ZIP_HEADER_FIXED > bytes.length) {
        this.zipCarry = Buffer.from(bytes.subarray(at));
        return;
      }
      const nameLength = bytes.readUInt16LE(at + 26);
      if (nameLength <= MAX_ENTRY_NAME) {
        if (at + ZIP_HEADER_FIXED + nameLength > bytes.length) {
          this.zipCarry = Buffer.from(bytes.subarray(at));
          return;
        }
        this.noteEntry(bytes.toString('latin1', at + ZIP_HEADER_FIXED, at + ZIP_HEADER_FIXED + nameLength));
      }
      from = at + ZIP_LOCAL_HEADER.length;
    }
  }

  private noteEntry(name: string): void {
    const e = this.zipEntries;
    if (name === '[Content_Types].xml') e.contentTypes = true;
    else if (name.startsWith('word/')) e.word = true;
    else if (name.startsWith('xl/')) e.xl = true;
    if (name.toLowerCase().endsWith('vbaproject.bin')) e.macros = true;
  }
}

/** The media types a whole document in memory may be stored as (see `TypeSniffer.end`). */
export function sniffTypes(bytes: Uint8Array): readonly MediaType[] {
  const sniffer = new TypeSniffer();
  sniffer.write(bytes);
  return sniffer.end();
}

/** `Text/CSV; charset=UTF-8` → `text/csv`: the type without parameters, lower case. */
export function normalizeMediaType(declared: string): string {
  return declared.split(';', 1)[0]!.trim().toLowerCase();
}

export function isKnownType(type: string): type is MediaType {
  return (KNOWN_TYPES as readonly string[]).includes(type);
}
