/**
 * The public portal's first screen: search processes and contracts by words, agency, status,
 * method and value; without a search, the most recent contracts.
 */
import { useSearchParams } from 'react-router';
import { PageTitle } from '../../../components/ui/PageTitle';
import { useLang } from '../../../lib/i18n';
import { readSearch, writeSearch, type SearchState } from '../filter';
import { SearchForm } from './SearchForm';
import { SearchResults } from './SearchResults';

export function SearchPage() {
  const { t } = useLang();
  const [params, setParams] = useSearchParams();
  const state = readSearch(params);
  const onSearch = (s: SearchState) => setParams(writeSearch(s));
  return (
    <div className="page">
      <PageTitle text={t('search.title')} sub={<p className="lede">{t('search.lede')}</p>} />
      <SearchForm key={params.toString()} initial={state} onSearch={onSearch} />
      <SearchResults state={state} />
    </div>
  );
}
