/** Field schemas that several contract programs' messages share. */
import { z } from 'zod';
import { personalDataIn } from './identity/personal-data.js';

/** Record identifiers: 3–64 characters of a-z, 0-9 and inner hyphens. */
export const identifier = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/, 'lowercase letters, digits and hyphens, 3–64 characters');

/** Free text that becomes public on the ledger: trimmed, bounded, and free of personal data. */
export const publicText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => personalDataIn(s) === undefined, { message: 'personal data is not allowed on the ledger' });
