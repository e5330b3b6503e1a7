/**
 * A guard against personal data on the ledger (UU 27/2022, PDP): free-text fields that would carry
 * a NIK (16 digits), an NPWP (15–16 digits, with or without punctuation), a phone number, an
 * e-mail address or a bank account number are rejected. Such data belongs in the off-ledger,
 * encrypted document store.
 */
const PATTERNS: Array<[string, RegExp]> = [
  ['NIK/NPWP/account number', /\d[\d.\- ]{8,}\d/],
  ['e-mail address', /[^\s@]+@[^\s@]+\.[^\s@]+/],
  ['phone number', /(\+62|\b0)8\d{7,}/],
];

/** The kind of personal data `text` appears to hold, or undefined. */
export function personalDataIn(text: string): string | undefined {
  for (const [what, re] of PATTERNS) if (re.test(text)) return what;
  return undefined;
}
