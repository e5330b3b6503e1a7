import { formatDate, isoOf } from '../../lib/format';
import { useLang } from '../../lib/i18n';

/** An instant in WIB, date first. */
export function DateTime({ value, time = true }: { value: string | number | null | undefined; time?: boolean }) {
  const { lang } = useLang();
  const iso = isoOf(value);
  if (!iso) return <span>—</span>;
  return <time dateTime={iso}>{formatDate(value, lang, { time })}</time>;
}
