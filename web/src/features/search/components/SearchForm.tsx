/** The search box and its filters; applied when submitted, so results do not jump while typing. */
import { useId, useState, type FormEvent } from 'react';
import { useLang } from '../../../lib/i18n';
import { useOrganizations } from '../../../lib/organizations';
import { CONTRACT_STATUSES, METHODS, PROCESS_STATUSES, type SearchKind, type SearchState } from '../filter';

const rupiahInput = (n: number | undefined) => (n === undefined ? '' : n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.'));
const parseRupiah = (s: string) => {
  const d = s.replace(/\D/g, '');
  return d ? Number(d) : undefined;
};

export function SearchForm({ initial, onSearch }: { initial: SearchState; onSearch: (s: SearchState) => void }) {
  const { t } = useLang();
  const id = useId();
  const orgs = useOrganizations();
  const [kind, setKind] = useState<SearchKind>(initial.kind);
  const [q, setQ] = useState(initial.filter.q ?? '');
  const [buyer, setBuyer] = useState(initial.filter.buyer ?? '');
  const [status, setStatus] = useState(initial.filter.status ?? '');
  const [method, setMethod] = useState(initial.filter.method ?? '');
  const [min, setMin] = useState(rupiahInput(initial.filter.minValue));
  const [max, setMax] = useState(rupiahInput(initial.filter.maxValue));
  const [sort, setSort] = useState(initial.filter.sort ?? 'recent');
  const statuses = kind === 'kontrak' ? CONTRACT_STATUSES : PROCESS_STATUSES;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch({ kind, filter: { q: q.trim() || undefined, buyer: buyer || undefined, status: (statuses as readonly string[]).includes(status) ? status : undefined, method: method || undefined, minValue: parseRupiah(min), maxValue: parseRupiah(max), sort: sort === 'recent' ? undefined : sort } });
  };
  const buyers = (orgs.data ?? []).filter((o) => o.kind === 'buyer');
  return (
    <form className="search-form" role="search" onSubmit={submit} aria-label={t('search.formLabel')}>
      <fieldset className="segmented">
        <legend className="visually-hidden">{t('search.kind')}</legend>
        {(['kontrak', 'tender'] as const).map((k) => (
          <label key={k} className={kind === k ? 'is-selected' : undefined}>
            <input type="radio" name="jenis" value={k} checked={kind === k} onChange={() => setKind(k)} />
            {t(`search.kinds.${k}`)}
          </label>
        ))}
      </fieldset>
      <div className="search-form__main">
        <label htmlFor={`${id}-q`} className="visually-hidden">
          {t('search.query')}
        </label>
        <input id={`${id}-q`} type="search" name="q" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('search.placeholder')} autoComplete="off" maxLength={200} />
        <button type="submit" className="button">
          {t('search.submit')}
        </button>
      </div>
      <details className="search-form__filters" open={Boolean(initial.filter.buyer || initial.filter.status || initial.filter.method || initial.filter.minValue || initial.filter.maxValue || initial.filter.sort)}>
        <summary>{t('search.filters')}</summary>
        <div className="filters">
          <div className="field">
            <label htmlFor={`${id}-buyer`}>{t('search.agency')}</label>
            <select id={`${id}-buyer`} value={buyer} onChange={(e) => setBuyer(e.target.value)}>
              <option value="">{t('search.any')}</option>
              {buyers.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-status`}>{t('common.status')}</label>
            <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">{t('search.any')}</option>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-method`}>{t('search.method')}</label>
            <select id={`${id}-method`} value={method} onChange={(e) => setMethod(e.target.value)}>
              <option value="">{t('search.any')}</option>
              {METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`method.${m}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-min`}>{t('search.minValue')}</label>
            <input id={`${id}-min`} inputMode="numeric" value={min} onChange={(e) => setMin(rupiahInput(parseRupiah(e.target.value)))} placeholder="0" aria-describedby={`${id}-rp`} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-max`}>{t('search.maxValue')}</label>
            <input id={`${id}-max`} inputMode="numeric" value={max} onChange={(e) => setMax(rupiahInput(parseRupiah(e.target.value)))} aria-describedby={`${id}-rp`} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-sort`}>{t('search.sort')}</label>
            <select id={`${id}-sort`} value={sort} onChange={(e) => setSort(e.target.value as typeof sort)}>
              <option value="recent">{t('search.sorts.recent')}</option>
              <option value="value_desc">{t('search.sorts.value_desc')}</option>
              <option value="value_asc">{t('search.sorts.value_asc')}</option>
            </select>
          </div>
          <p id={`${id}-rp`} className="field-help">
            {t('search.valueHelp')}
          </p>
        </div>
      </details>
    </form>
  );
}
