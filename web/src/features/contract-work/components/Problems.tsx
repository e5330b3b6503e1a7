/** What stands between the form and a signature, in the reader's language (the ledger's own rules, see ../terms.ts). */
import { formatRupiah } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import type { Problem } from '../terms';

const MONEY = new Set(['max', 'due', 'room']);

export function Problems({ problems, id }: { problems: Problem[]; id?: string }) {
  const { t } = useLang();
  if (problems.length === 0)
    return (
      <p id={id} className="cw-ok" role="status" aria-live="polite">
        {t('contractWork.problem.none')}
      </p>
    );
  return (
    <div id={id} className="cw-problems" role="status" aria-live="polite">
      <p className="notice__title">{t('contractWork.problem.title', { count: problems.length })}</p>
      <ul>
        {problems.map((p) => {
          const values = Object.fromEntries(Object.entries(p.values ?? {}).map(([k, v]) => [k, MONEY.has(k) ? formatRupiah(String(v)) : v]));
          return <li key={p.key}>{t(`contractWork.problem.${p.key}`, values)}</li>;
        })}
      </ul>
    </div>
  );
}
