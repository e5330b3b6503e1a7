import { formatRupiah, formatRupiahShort } from '../../lib/format';
import { useLang } from '../../lib/i18n';

/** A rupiah amount, machine-readable in `value`; `short` for tables and cards. */
export function Money({ value, short, className }: { value: string | bigint | null | undefined; short?: boolean; className?: string }) {
  const { lang } = useLang();
  const raw = value === null || value === undefined ? '' : String(value);
  const full = formatRupiah(value);
  return (
    <data value={raw} className={['money', className].filter(Boolean).join(' ')} title={short ? full : undefined}>
      {short ? formatRupiahShort(value, lang) : full}
    </data>
  );
}
