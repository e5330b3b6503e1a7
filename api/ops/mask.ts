/**
 * Masking of personal data (UU 27/2022, PDP) in logs and in API output for readers who may not see
 * it: NIK (16 digits), NPWP (15 digits, `99.999.999.9-999.999`, or the 16-digit NPWP that is the
 * NIK), NIP (18 digits), phone numbers, e-mail addresses, and any number of 6 digits or more right
 * after a word that names one (`NIK`, `NPWP`, `rekening`, `HP` …). Numbers keep their last 4 digits
 * and their punctuation (`************1234`, `+** ***-****-7890`); an e-mail keeps the first
 * letter of its local part and its domain (`b***@bandung.go.id`).
 *
 * What is not personal is left alone: rupiah amounts (`Rp 1.250.000.000`, `Rp8170000000`, any
 * number grouped by thousands), dates (`2025-01-31`, `31-01-2025`), hashes and other hex, and ids
 * such as `ctr-2025-0001` — a number glued to letters, or to an id by a dash or dot, is part of a
 * token, never an identity number. The ledger refuses personal data in its own free text
 * (ledger/modules/identity/personal-data.ts); this masks what reaches the gateway from elsewhere.
 */
import type { FastifyServerOptions } from 'fastify';

/** Fastify's `logger` option as an object: its own options and pino's. */
export type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

const MASK = '*';
const KEEP_DIGITS = 4;

/** Bounded as RFC 5321 bounds them, and anchored at a token's start: linear time on any input. */
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g;
/**
 * A run of digits that may be a number written in groups: digits joined by single spaces, dots or
 * dashes, an optional leading `+` or area code in parentheses. Not preceded or followed by a letter,
 * digit, `_`, `@`, or a dash or dot that ties it to a token (`ctr-2025-0001`, `v1.2`).
 */
const NUMBER_RUN = /(?<![\w@.+-])(?:\+|\(\d{2,4}\) ?)?\d(?:[ .-]?\d)*(?![\w@+]|[.-]\d)/g;
/** Thousands grouped the Indonesian way (1.250.000.000; the ,00 of cents is outside the run) — money, not identity. */
const MONEY = /^\d{1,3}(?:\.\d{3})+$/;
const DATE = /^(?:\d{4}-\d{2}-\d{2}|\d{2}[-.]\d{2}[-.]\d{4})$/;
/** Rupiah amounts run to 13 digits (trillions); `Rp` before 16 digits is no reason to show a NIK. */
const MONEY_DIGITS_MAX = 13;
const AFTER_RUPIAH = /(?:\bRp|\bIDR)\.? ?$/i;
/** A word naming an identity, account or phone number, then a few non-digits before the number. */
const NAMED_BEFORE = /\b(?:nik|npwp|nip|ktp|no\.? ?rek(?:ening)?|rekening|rek|norek|hp|telp|telepon|tel|phone|ponsel|wa|whatsapp)\b[^\d\n]{0,24}$/i;
const NAMED_DIGITS_MIN = 6;
/** The same words written together with the number (NIK3273…, HP081…). */
const NAMED_GLUED = /\b(nik|npwp|nip|ktp|hp|telp|wa)(\d{6,})\b/gi;

/** The last words of object keys whose value is personal whatever it looks like (ownerNik, no_hp, phoneNumber). */
const PERSONAL_KEY_WORDS = new Set(['nik', 'npwp', 'nip', 'ktp', 'email', 'surel', 'phone', 'telepon', 'telp', 'hp', 'ponsel', 'mobile', 'whatsapp', 'wa', 'rekening', 'norek']);
const KEY_SUFFIX_WORDS = new Set(['number', 'nomor', 'no', 'address']);
/** Words of object keys that hold money (retentionRupiah, nilaiKontrak, amount): their digit strings are amounts. */
const MONEY_KEY_WORDS = new Set(['rupiah', 'amount', 'idr', 'nilai', 'pagu', 'hps']);
/** Headers that carry credentials; logs drop them wherever they appear. */
const SECRET_KEYS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

/** `s` with its digits masked but the last `keep`, punctuation and `+` kept. */
function maskDigits(s: string, keep = KEEP_DIGITS): string {
  let left = s.replace(/\D/g, '').length - keep;
  return s.replace(/\d/g, (d) => (left-- > 0 ? MASK : d));
}

function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  return address[0] + MASK.repeat(Math.max(at - 1, 1)) + address.slice(at);
}

/** Whether a number written as `text` (digits with its punctuation) is an identity or phone number. */
function isPersonalNumber(text: string, digits: string): boolean {
  const n = digits.length;
  if (n === 15 || n === 16 || n === 18) return true; // NPWP, NIK (and the NIK-based NPWP), NIP
  if (text.startsWith('+')) return n >= 8 && n <= 15; // international phone
  if (text.startsWith('(') || digits.startsWith('0')) return n >= 9 && n <= 13; // 0812…, (022) 423…
  return digits.startsWith('628') && n >= 11 && n <= 14; // 62812… without its +
}
/** No identity or phone number has more digits. */
const PERSONAL_DIGITS_MAX = 18;

/** Masks the personal numbers in one run of digit groups separated by spaces; `before` is the text just before it. */
function maskRun(run: string, before: string): string {
  const parts = run.split(' ');
  /** For each group, the number of the personal number it belongs to (0: none). */
  const hide = parts.map(() => 0);
  let numbers = 0;
  const digitCount = (from: number, to: number) => parts.slice(from, to).join('').replace(/\D/g, '').length;
  const afterRupiah = AFTER_RUPIAH.test(before);
  // Dates and amounts stand on their own: the groups around them are judged without them.
  const standsAlone = parts.map((p, i) => DATE.test(p) || MONEY.test(p) || (i === 0 && afterRupiah && digitCount(0, 1) <= MONEY_DIGITS_MAX));
  let i = 0;
  if (!afterRupiah && NAMED_BEFORE.test(before) && !DATE.test(parts[0]!)) {
    // "NIK 3273 0101 …", "rekening 1.234.567.890": the number the word names, however it is grouped.
    let end = 1;
    while (end < parts.length && !standsAlone[end]) end++;
    if (digitCount(0, end) >= NAMED_DIGITS_MIN) {
      hide.fill(++numbers, 0, end);
      i = end;
    }
  }
  while (i < parts.length) {
    // The longest stretch of groups from i that reads as a personal number: "0812 3456 7890", "3273 0101 0190 0001".
    let end = -1;
    let digits = '';
    for (let j = i; j < parts.length && !standsAlone[j]; j++) {
      digits += parts[j]!.replace(/\D/g, '');
      if (digits.length > PERSONAL_DIGITS_MAX) break;
      if (isPersonalNumber(parts[i]!, digits)) end = j;
    }
    if (end >= 0) hide.fill(++numbers, i, end + 1);
    i = end >= 0 ? end + 1 : i + 1;
  }
  // The groups of one number are masked together, so that only its last 4 digits show.
  const out: string[] = [];
  for (let k = 0; k < parts.length; ) {
    let end = k;
    while (hide[k] && end + 1 < parts.length && hide[end + 1] === hide[k]) end++;
    const text = parts.slice(k, end + 1).join(' ');
    out.push(hide[k] ? maskDigits(text) : text);
    k = end + 1;
  }
  return out.join(' ');
}

/** `s` with NIKs, NPWPs, NIPs, phone numbers and e-mail addresses masked; everything else as it was. */
export function maskText(s: string): string {
  const withoutEmail = s.replace(EMAIL, maskEmail).replace(NAMED_GLUED, (_, word: string, digits: string) => word + maskDigits(digits));
  return withoutEmail.replace(NUMBER_RUN, (run, offset: number) => maskRun(run, withoutEmail.slice(Math.max(0, offset - 40), offset)));
}

/** A value under a personal key (`nik`, `email`, `noHp` …): masked whatever its shape, keeping 4 of 8 or more characters. */
function maskPersonalValue(value: unknown, opts: MaskOptions, seen: WeakSet<object>): unknown {
  if (Array.isArray(value)) return value.map((v) => maskPersonalValue(v, opts, seen));
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') return maskValue(value, opts, seen);
  const s = String(value);
  const asText = maskText(s); // an e-mail keeps its domain
  if (asText !== s) return asText;
  const characters = s.replace(/[^\p{L}\p{N}]/gu, '').length;
  let left = characters >= 2 * KEEP_DIGITS ? characters - KEEP_DIGITS : characters;
  return s.replace(/[\p{L}\p{N}]/gu, (c) => (left-- > 0 ? MASK : c));
}

function keyWords(key: string): string[] {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

function isPersonalKey(key: string): boolean {
  const words = keyWords(key);
  const last = words.at(-1);
  if (last === undefined) return false;
  if (PERSONAL_KEY_WORDS.has(last)) return true;
  return KEY_SUFFIX_WORDS.has(last) && words.length > 1 && PERSONAL_KEY_WORDS.has(words.at(-2)!);
}

function isMoneyKey(key: string): boolean {
  return keyWords(key).some((w) => MONEY_KEY_WORDS.has(w));
}

/** Values kept as they are: no personal text to reach inside them, or (Map, Set) nothing JSON would show. */
function isOpaque(v: object): boolean {
  return v instanceof Date || v instanceof RegExp || v instanceof Map || v instanceof Set || v instanceof ArrayBuffer || ArrayBuffer.isView(v);
}

interface MaskOptions {
  /** Drop credential headers (logs). */
  dropSecrets: boolean;
}
const LOG_MASKING: MaskOptions = { dropSecrets: true };

function maskValue(value: unknown, opts: MaskOptions, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return maskText(value);
  if (typeof value !== 'object' || value === null) return value; // numbers, bigints (rupiah), booleans
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => maskValue(v, opts, seen));
    if (value instanceof Error) return maskError(value, opts, seen);
    if (isOpaque(value)) return value;
    // Other objects become what JSON would show of them: their toJSON(), or their own fields.
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return maskValue(toJSON.call(value), opts, seen);
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (opts.dropSecrets && SECRET_KEYS.has(key.toLowerCase())) continue;
      if (isPersonalKey(key)) out[key] = maskPersonalValue(v, opts, seen);
      else if (isMoneyKey(key) && typeof v === 'string' && /^-?\d+$/.test(v)) out[key] = v;
      else out[key] = maskValue(v, opts, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** An Error as plain data (what pino's err serializer gives: type, message, stack, own fields), masked. */
function maskError(e: Error, opts: MaskOptions, seen: WeakSet<object>): Record<string, unknown> {
  const fields: Record<string, unknown> = { type: e.name, message: e.message, stack: e.stack ?? '' };
  for (const [key, v] of Object.entries(e)) if (!(key in fields)) fields[key] = v;
  if (e.cause !== undefined) fields.cause = e.cause;
  return maskValue(fields, opts, seen) as Record<string, unknown>;
}

/**
 * A copy of `value` with personal data masked: every string through maskText, and values under
 * personal keys (`nik`, `npwp`, `email`, `noHp`, `ownerNik` …) masked whatever their form. Numbers
 * and bigints elsewhere are amounts and counts and stay; digit strings under money keys
 * (`…Rupiah`, `nilai…`, `amount`) too. Objects are copied as plain data, the way JSON sees them
 * (their toJSON() or own fields); Errors become `{ type, message, stack, … }`; Dates, Buffers,
 * Maps and Sets are returned as they are.
 */
export function maskDeep<T>(value: T): T {
  return maskValue(value, { dropSecrets: false }, new WeakSet()) as T;
}

/** A request URL with its path masked and each query parameter decoded, masked (by name and content) and re-encoded. */
export function maskUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return maskText(url);
  const query = new URLSearchParams(url.slice(q + 1));
  const masked = new URLSearchParams();
  for (const [key, v] of query) masked.append(key, isPersonalKey(key) ? String(maskPersonalValue(v, LOG_MASKING, new WeakSet())) : maskText(v));
  return `${maskText(url.slice(0, q))}?${masked.toString()}`;
}

/** Keys whose values loggerOptions' serializers turn into masked data (pino runs them after formatters.log). */
const SERIALIZED_KEYS = new Set(['req', 'res']);

/**
 * pino `formatters.log`: the logged object masked, credential headers (authorization, cookie …)
 * dropped at any depth. pino calls it before its serializers, so the request and reply objects that
 * Fastify logs as `req` and `res` pass untouched here: loggerOptions' serializers mask them.
 */
export function logRedaction(object: Record<string, unknown>): Record<string, unknown> {
  const serialized = ([key, value]: [string, unknown]) => SERIALIZED_KEYS.has(key) && typeof value === 'object' && value !== null && Object.getPrototypeOf(value) !== Object.prototype;
  const entries = Object.entries(object);
  const masked = maskValue(Object.fromEntries(entries.filter((e) => !serialized(e))), LOG_MASKING, new WeakSet()) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const e of entries) {
    if (serialized(e)) out[e[0]] = e[1];
    else if (Object.hasOwn(masked, e[0])) out[e[0]] = masked[e[0]];
  }
  return out;
}

/**
 * pino `onChild`: masks a child logger's bindings (`request.log.child({ … })`). pino applies no
 * formatter to a child's bindings and keeps them as ready-made JSON under its `pino.chindings`
 * symbol; that text is rewritten only when masking changes it.
 */
export function childBindingsRedaction(child: object): void {
  const chindings = Object.getOwnPropertySymbols(child).find((sym) => sym.description === 'pino.chindings');
  const text = chindings && (child as Record<symbol, unknown>)[chindings];
  if (typeof text !== 'string' || text === '') return;
  const bindings = JSON.parse(`{${text.slice(1)}}`) as Record<string, unknown>;
  const masked = JSON.stringify(logRedaction(bindings));
  if (masked !== JSON.stringify(bindings)) (child as Record<symbol, unknown>)[chindings!] = `,${masked.slice(1, -1)}`;
}

/**
 * pino `hooks.logMethod`: masks the message and interpolation arguments. A logged Error, alone or
 * as `{ err }`, with no message of its own would lend pino its raw message; it gets a masked one.
 */
export function logMethodRedaction(this: unknown, args: unknown[], method: (...args: unknown[]) => void): void {
  const [first, ...rest] = args;
  const masked = rest.map((a) => (typeof a === 'string' ? maskText(a) : maskDeep(a)));
  if (typeof first === 'string') return method.apply(this, [maskText(first), ...masked]);
  const err = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
  if (err instanceof Error && typeof rest[0] !== 'string') return method.apply(this, [first, maskText(err.message), ...masked]);
  return method.apply(this, [first, ...masked]);
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * Fastify logger options that mask everything logged: objects (logRedaction), messages
 * (logMethodRedaction), child loggers' bindings (childBindingsRedaction), errors, and the request
 * line — its URL's path and query string masked, no headers at all (Fastify's default request
 * serializer logs none either; `authorization` and `cookie` are dropped wherever else they are
 * logged). Use: `Fastify({ logger: loggerOptions('info') })`.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    formatters: { log: logRedaction, bindings: logRedaction },
    onChild: childBindingsRedaction,
    hooks: { logMethod: logMethodRedaction as NonNullable<LoggerOptions['hooks']>['logMethod'] },
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: req.url === undefined ? undefined : maskUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
      err: (err: unknown) => {
        const masked = err instanceof Error ? maskValue(err, LOG_MASKING, new WeakSet()) : err;
        return masked as { type: string; message: string; stack: string };
      },
    },
  };
}
