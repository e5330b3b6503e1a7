/** Amendments (adendum) and the running total of increases against the 10 % cap. */
import { DateTime } from '../../../components/ui/DateTime';
import { Money } from '../../../components/ui/Money';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { formatBp, formatRupiahChange, toRupiah } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import type { Terms } from '../../../lib/contract-record';

/** Perpres 16/2018 Ps 54: increases may total at most 10 % of the original value. */
const CAP_BP = 1000n;

export function AmendmentsSection({ terms }: { terms: Terms }) {
  const { t, lang } = useLang();
  const original = toRupiah(terms.originalValueRupiah) ?? 0n;
  const added = toRupiah(terms.addedRupiah) ?? 0n;
  const cap = (original * CAP_BP) / 10_000n;
  const usedBp = original > 0n ? Number((added * 10_000n) / original) : 0;
  let running = 0n;
  return (
    <>
      <div className="cap">
        <p>
          {t('contract.amendments.capText', { used: formatBp(usedBp, lang), cap: formatBp(Number(CAP_BP), lang) })} <Money value={added} /> / <Money value={cap} />
        </p>
        <span className="bar bar--cap" aria-hidden="true">
          <span style={{ width: `${Math.min(100, (usedBp / Number(CAP_BP)) * 100)}%` }} />
        </span>
        <p className="muted">
          {t('contract.amendments.room')} <Money value={cap - added > 0n ? cap - added : 0n} />
        </p>
      </div>
      {terms.amendments.length === 0 ? (
        <p className="muted">{t('contract.amendments.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--cards">
            <caption className="visually-hidden">{t('contract.amendments.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('contract.amendments.amendment')}</th>
                <th scope="col" className="num">
                  {t('contract.amendments.change')}
                </th>
                <th scope="col" className="num">
                  {t('contract.amendments.extraDays')}
                </th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col" className="num">
                  {t('contract.amendments.runningTotal')}
                </th>
              </tr>
            </thead>
            <tbody>
              {terms.amendments.map((a) => {
                const change = toRupiah(a.valueChangeRupiah) ?? 0n;
                if (a.status === 'approved' && change > 0n) running += change;
                const runningBp = original > 0n ? Number((running * 10_000n) / original) : 0;
                return (
                  <tr key={a.id}>
                    <th scope="row" data-label={t('contract.amendments.amendment')}>
                      <span className="cell-title">{a.reason}</span>
                      <span className="cell-sub">
                        {a.id} · {t('contract.amendments.proposed')} <DateTime value={a.proposedMs} />
                        {a.decidedMs !== null && (
                          <>
                            {' '}
                            · {t('contract.amendments.decided')} <DateTime value={a.decidedMs} />
                          </>
                        )}
                      </span>
                    </th>
                    <td className="num" data-label={t('contract.amendments.change')}>
                      {formatRupiahChange(a.valueChangeRupiah)}
                    </td>
                    <td className="num" data-label={t('contract.amendments.extraDays')}>
                      {a.extraDays}
                    </td>
                    <td data-label={t('common.status')}>
                      <StatusBadge status={a.status} kind="amendmentStatus" />
                    </td>
                    <td className="num" data-label={t('contract.amendments.runningTotal')}>
                      {formatBp(runningBp, lang)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
