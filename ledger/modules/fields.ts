/** Field schemas that several contract programs' messages share. */
import { z } from 'zod';
import { PERSONAL_DATA_MESSAGE, personalDataIn } from './identity/personal-data.js';

/** Record identifiers: 3–64 characters of a-z, 0-9 and inner hyphens. */
export const identifier = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/, 'lowercase letters, digits and hyphens, 3–64 characters');

/** Free text that becomes public on the ledger: trimmed, bounded, and free of personal data. */
export const publicText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => personalDataIn(s) === undefined, { message: PERSONAL_DATA_MESSAGE });

/** Rupiah as a decimal string of whole rupiah, more than 0: money never travels as a float. */
export const rupiah = z.string().regex(/^[1-9]\d{0,17}$/, 'whole rupiah as a decimal string, more than 0');
/** A signed change in rupiah ("-1500000", "250000000"). */
export const rupiahDelta = z.string().regex(/^-?(0|[1-9]\d{0,17})$/, 'whole rupiah as a decimal string, optionally negative');

/** Exactly `n` raw bytes (a key, nonce or digest inside the canonical envelope). */
export const bytes = (n: number) => z.instanceof(Uint8Array).refine((b) => b.length === n, `exactly ${n} bytes`);

/** SHA-256 of an off-ledger document, as 64 lowercase hex digits. */
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 as 64 lowercase hex digits');
/** Hashes of supporting documents: at most 20, no repeats. */
export const documentHashes = z
  .array(sha256Hex)
  .max(20)
  .refine((a) => new Set(a).size === a.length, 'no repeated document hash');
