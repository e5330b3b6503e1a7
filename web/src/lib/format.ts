/**
 * Numbers and dates as Indonesian officials write them. Rupiah amounts arrive from the API as
 * decimal strings (whole rupiah, possibly beyond 2^53) and are formatted without ever becoming a
 * floating-point number: Rp 2.190.000.000 in full, "Rp 2,19 M" where space is short. Dates are in
 * WIB (Asia/Jakarta), the calendar date first: 12 Mar 2026 10.41 WIB.
 */
export type Lang = 'id' | 'en';

const GROUP = /\B(?=(\d{3})+(?!\d))/g;

/** Whole rupiah as a bigint, or null when the value is missing or not an integer. */
export function toRupiah(v: string | number | bigint | null | undefined): bigint | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v;
  const s = String(v).trim();
  return /^-?\d+$/.test(s) ? BigInt(s) : null;
}

/** "Rp 2.190.000.000" — full amounts are written the Indonesian way in either language. */
export function formatRupiah(v: string | number | bigint | null | undefined): string {
  const n = toRupiah(v);
  if (n === null) return '—';
  const neg = n < 0n;
  const digits = (neg ? -n : n).toString().replace(GROUP, '.');
  return `${neg ? '−' : ''}Rp\u00a0${digits}`;
}

/** A signed change: "+Rp 490.200.000" or "−Rp 10.000.000". */
export function formatRupiahChange(v: string | bigint | null | undefined): string {
  const n = toRupiah(v);
  if (n === null) return '—';
  return n < 0n ? formatRupiah(n) : `+${formatRupiah(n)}`;
}

const SHORT: Record<Lang, Array<[bigint, string]>> = {
  // juta, miliar, triliun
  id: [
    [1_000_000_000_000n, 'T'],
    [1_000_000_000n, 'M'],
    [1_000_000n, 'jt'],
  ],
  // an English reader takes "M" for million: say bn and m
  en: [
    [1_000_000_000_000n, 'tn'],
    [1_000_000_000n, 'bn'],
    [1_000_000n, 'm'],
  ],
};

/** "Rp 8,6 M" / "Rp 185 jt" (Indonesian) or "Rp 8.6 bn" / "Rp 185 m" (English): for tables and cards. */
export function formatRupiahShort(v: string | number | bigint | null | undefined, lang: Lang): string {
  const n = toRupiah(v);
  if (n === null) return '—';
  const abs = n < 0n ? -n : n;
  for (const [unit, word] of SHORT[lang]) {
    if (abs >= unit) {
      // Two significant decimals at most, computed in integers, trailing zeros dropped.
      const hundredths = (abs * 100n + unit / 2n) / unit;
      const whole = hundredths / 100n;
      let frac = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/, '');
      if (whole >= 100n) frac = '';
      const sep = lang === 'id' ? ',' : '.';
      const wholeText = lang === 'id' ? whole.toString().replace(GROUP, '.') : whole.toString().replace(GROUP, ',');
      return `${n < 0n ? '−' : ''}Rp\u00a0${wholeText}${frac ? sep + frac : ''}\u00a0${word}`;
    }
  }
  return formatRupiah(n);
}

/** Basis points as a percentage: 2000 → "20 %", 550 → "5,5 %" (id) / "5.5%" (en). */
export function formatBp(bp: number | null | undefined, lang: Lang): string {
  if (bp === null || bp === undefined || !Number.isFinite(bp)) return '—';
  const pct = bp / 100;
  const text = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 2 }).format(pct);
  return lang === 'id' ? `${text}\u00a0%` : `${text}%`;
}

/** A plain count or number in the reader's convention: 1.234 (id) or 1,234 (en). */
export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB').format(n);
}

const TZ = 'Asia/Jakarta';
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function fmt(lang: Lang, withTime: boolean): Intl.DateTimeFormat {
  const key = `${lang}/${withTime}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', {
      timeZone: TZ,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    });
    dateFormats.set(key, f);
  }
  return f;
}

/** The instant as a Date, from ISO text or epoch milliseconds; null when missing or unreadable. */
export function toDate(v: string | number | Date | null | undefined): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "12 Mar 2026 10.41 WIB" (id) or "12 Mar 2026 10:41 WIB" (en); without the time: "12 Mar 2026". */
export function formatDate(v: string | number | Date | null | undefined, lang: Lang, opts: { time?: boolean } = {}): string {
  const d = toDate(v);
  if (!d) return '—';
  const withTime = opts.time ?? true;
  const parts = fmt(lang, withTime).formatToParts(d);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  // id-ID writes "Agu" and "Mei"; both locales may add a dot after the month: drop it.
  const date = `${get('day')} ${get('month').replace(/\.$/, '')} ${get('year')}`;
  if (!withTime) return date;
  return `${date} ${get('hour')}${lang === 'id' ? '.' : ':'}${get('minute')} WIB`;
}

/** The ISO form of an instant (for <time dateTime>). */
export function isoOf(v: string | number | Date | null | undefined): string | undefined {
  return toDate(v)?.toISOString();
}

/** A long hex hash shortened for reading: "601efc02…37f4fdda". The full one goes in a title or a copy button. */
export function shortHash(h: string, head = 8, tail = 8): string {
  return h.length <= head + tail + 1 ? h : `${h.slice(0, head)}…${h.slice(-tail)}`;
}

/** Bytes as "12,5 KB" / "12.5 KB". */
export function formatBytes(n: number, lang: Lang): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v)}\u00a0${units[i]}`;
}
