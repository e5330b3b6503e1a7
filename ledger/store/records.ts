/** Canonical encoding of state records (DAG-CBOR, the same rules as the envelope). */
import * as dagCbor from '@ipld/dag-cbor';

const enc = new TextEncoder();

export function key(...parts: string[]): Uint8Array {
  return enc.encode(parts.join('/'));
}
export function encodeRecord(value: unknown): Uint8Array {
  return dagCbor.encode(value);
}
export function decodeRecord<T>(bytes: Uint8Array): T {
  return dagCbor.decode(bytes) as T;
}
