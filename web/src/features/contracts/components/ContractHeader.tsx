/** The contract at a glance: value, parties, status, progress and money paid. */
import { Link } from 'react-router';
import { Money } from '../../../components/ui/Money';
import { PageTitle } from '../../../components/ui/PageTitle';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { DateTime } from '../../../components/ui/DateTime';
import { formatBp, toRupiah } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { paths } from '../../../lib/routes';
import type { ContractDetail } from '../api/get-contract';
import { verifiedShareBp, type PaymentOrder, type Terms } from '../../../lib/contract-record';

export function ContractHeader({ contract: c, terms, orders }: { contract: ContractDetail; terms: Terms; orders: PaymentOrder[] }) {
  const { t, lang } = useLang();
  const done = verifiedShareBp(terms);
  const ordered = orders.reduce((s, o) => s + (toRupiah(o.netRupiah) ?? 0n), 0n);
  const paid = orders.reduce((s, o) => s + (toRupiah(o.paidRupiah) ?? 0n), 0n);
  const amended = terms.originalValueRupiah && terms.valueRupiah && terms.originalValueRupiah !== terms.valueRupiah;
  return (
    <>
      <PageTitle
        text={c.title}
        sub={
          <>
            <StatusBadge status={c.status} />
            <span className="muted">{t('contract.kind', { category: t(`category.${c.category}`, { defaultValue: c.category }), method: t(`method.${c.method}`, { defaultValue: c.method }) })}</span>
            <span className="muted">
              {t('common.id')} <code>{c.id}</code>
            </span>
          </>
        }
      />
      <dl className="key-figures">
        <div className="key-figures__item key-figures__item--main">
          <dt>{t('contract.value')}</dt>
          <dd>
            <Money value={c.value} className="figure" />
            {amended && (
              <span className="figure__note">
                {t('contract.originalValue')} <Money value={terms.originalValueRupiah} />
              </span>
            )}
          </dd>
        </div>
        <div className="key-figures__item">
          <dt>{t('contract.supplier')}</dt>
          <dd>{c.supplier.name}</dd>
        </div>
        <div className="key-figures__item">
          <dt>{t('contract.buyer')}</dt>
          <dd>{c.buyer.name}</dd>
        </div>
        {c.source === 'ledger' && (
          <>
            <div className="key-figures__item">
              <dt>{t('contract.progress')}</dt>
              <dd>
                <span className="figure figure--small">{formatBp(done, lang)}</span>
                <span className="bar" aria-hidden="true">
                  <span style={{ width: `${done / 100}%` }} />
                </span>
                <span className="figure__note">{t('contract.progressNote', { verified: terms.milestones.filter((m) => m.status === 'verified').length, total: terms.milestones.length })}</span>
              </dd>
            </div>
            <div className="key-figures__item">
              <dt>{t('contract.paid')}</dt>
              <dd>
                <Money value={paid} className="figure figure--small" />
                <span className="figure__note">
                  {t('contract.ofOrdered')} <Money value={ordered} />
                </span>
              </dd>
            </div>
          </>
        )}
        <div className="key-figures__item">
          <dt>{t('contract.period')}</dt>
          <dd>
            <DateTime value={c.signedAt} time={false} /> – <DateTime value={c.endsAt} time={false} />
          </dd>
        </div>
      </dl>
      {c.processId && (
        <p>
          <Link to={paths.process(c.processId)}>{t('contract.toProcess')}</Link>
        </p>
      )}
    </>
  );
}
