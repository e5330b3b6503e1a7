/**
 * A guard against personal data on the ledger (UU 27/2022, PDP): free-text fields that would carry
 * a NIK (16 digits), an NPWP (15–16 digits, with or without punctuation), a phone number, an
 * e-mail address or a bank account number are rejected. Such data belongs in the off-ledger,
 * encrypted document store. Money written the Indonesian way (Rp490.200.000) and dates
 * (2026-11-29, 29-11-2026) are not personal data and pass.
 */
const NUMBER_RUN = /\d[\d.\- ]*\d/g;
const MONEY = /^\d{1,3}(\.\d{3})+(,\d{1,2})?$/;
const DATE = /^(\d{4}-\d{2}-\d{2}|\d{2}[-./]\d{2}[-./]\d{4})$/;
const OTHER: Array<[string, RegExp]> = [
  ['e-mail address', /[^\s@]+@[^\s@]+\.[^\s@]+/],
  ['phone number', /(\+62|\b0)8\d{7,}/],
];

/** A word naming an identity or account number; a number of 6+ digits within a few words after it is personal. */
const NAMED = /\b(nik|npwp|ktp|no\.?\s*rek(ening)?|rekening|rek\.)\b([^\d\n]{0,24})(\d[\d.\- ]*\d)/gi;
/** Rupiah amounts run to 13 digits (trillions); a NIK has 16. */
const MONEY_DIGITS_MAX = 13;

function identityNumberIn(text: string): boolean {
  for (const m of text.matchAll(NAMED)) if (m[4]!.replace(/\D/g, '').length >= 6) return true;
  for (const match of text.matchAll(NUMBER_RUN)) {
    const afterRp = /\brp\.?\s*$/i.test(text.slice(0, match.index));
    // Money and dates are not personal data; what is left of the run is judged by its digits.
    const rest = match[0].split(' ').filter((p, i) => p && !(MONEY.test(p) || DATE.test(p) || (i === 0 && afterRp && p.replace(/\D/g, '').length <= MONEY_DIGITS_MAX)));
    // NIK 16 digits, NPWP 15–16, bank accounts 10 and more: count the digits however they are grouped.
    if (rest.join('').replace(/\D/g, '').length >= 10) return true;
  }
  return false;
}

/** The kind of personal data `text` appears to hold, or undefined. */
export function personalDataIn(text: string): string | undefined {
  if (identityNumberIn(text)) return 'NIK/NPWP/account number';
  for (const [what, re] of OTHER) if (re.test(text)) return what;
  return undefined;
}

/** The message the schemas give for it (the application maps it to the PERSONAL_DATA code). */
export const PERSONAL_DATA_MESSAGE = 'personal data is not allowed on the ledger';
