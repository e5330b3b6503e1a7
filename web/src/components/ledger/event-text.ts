/** The words for a ledger event: its title and a sentence from its attributes, amounts formatted. */
import type { TFunction } from 'i18next';
import { formatBp, formatDate, formatRupiah, type Lang } from '../../lib/format';

const MONEY = new Set(['value', 'gross', 'net', 'amount', 'penalty', 'retention', 'advance_repayment', 'hps', 'price', 'bond', 'value_change', 'added_total', 'paid_total', 'corrected']);

export function eventTitle(t: TFunction, type: string): string {
  return t(`event.${type}`, { defaultValue: type });
}

export function eventDetail(t: TFunction, lang: Lang, type: string, attributes: Record<string, string>): string {
  const vals: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) {
    if (MONEY.has(k) && /^-?\d+$/.test(v)) vals[k] = formatRupiah(v);
    else if (k === 'progress_bp' && /^\d+$/.test(v)) vals[k] = formatBp(Number(v), lang);
    else if (k === 'deadline' && /^\d+$/.test(v)) vals[k] = formatDate(Number(v), lang);
    else vals[k] = v;
  }
  if (attributes.kind) vals.kindLabel = t(`orderKind.${attributes.kind}`, { defaultValue: attributes.kind });
  if (attributes.upheld) vals.upheldLabel = t(attributes.upheld === 'true' ? 'event.upheld' : 'event.rejected');
  return t(`eventDetail.${type}`, { ...vals, defaultValue: '' });
}
