import { Loading } from '../components/ui/Loading';

/** What a deep link shows while its page's code arrives (a fraction of a second). */
export function InitialLoading() {
  return (
    <main id="main" className="page">
      <Loading />
    </main>
  );
}
