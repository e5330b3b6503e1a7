/** The terms in plain words: what kind of contract, how much, the advance, retention, penalty and time. */
import { DateTime } from '../../../components/ui/DateTime';
import { Money } from '../../../components/ui/Money';
import { formatBp, formatRupiahChange } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import type { Terms } from '../../../lib/contract-record';

export function TermsSection({ terms: k }: { terms: Terms }) {
  const { t, lang } = useLang();
  const bp = (v: number | null) => formatBp(v, lang);
  const amended = k.addedRupiah !== '0' || (k.originalValueRupiah && k.valueRupiah && k.originalValueRupiah !== k.valueRupiah);
  return (
    <dl className="terms">
      <div>
        <dt>{t('contract.terms.type')}</dt>
        <dd>
          <strong>{t(`contractType.${k.type}.name`, { defaultValue: k.type ?? '—' })}</strong> — {t(`contractType.${k.type}.means`, { defaultValue: '' })}
        </dd>
      </div>
      <div>
        <dt>{t('contract.terms.value')}</dt>
        <dd>
          {t('contract.terms.valueText', { vat: bp(k.vatRateBp) })} <Money value={k.valueRupiah} />
          {amended && (
            <>
              {' '}
              {t('contract.terms.originalWas')} <Money value={k.originalValueRupiah} />; {t('contract.terms.amendmentsTotal', { change: formatRupiahChange(k.addedRupiah) })}
            </>
          )}
        </dd>
      </div>
      <div>
        <dt>{t('contract.terms.advance')}</dt>
        <dd>
          {k.advanceBp ? (
            <>
              {t('contract.terms.advanceText', { share: bp(k.advanceBp) })} <Money value={k.advanceRupiah} />. {t('contract.terms.advanceRepaid')}
            </>
          ) : (
            t('contract.terms.noAdvance')
          )}
        </dd>
      </div>
      <div>
        <dt>{t('contract.terms.retention')}</dt>
        <dd>{t(k.maintenanceDays ? 'contract.terms.retentionTextFho' : 'contract.terms.retentionTextBast', { share: bp(k.retentionBp) })}</dd>
      </div>
      <div>
        <dt>{t('contract.terms.penalty')}</dt>
        <dd>
          {t('contract.terms.penaltyText', { perMille: k.penaltyPerMillePerDay ?? 1, cap: bp(k.penaltyCapBp) })}
          {k.penaltyCapReached && <strong> {t('contract.terms.penaltyCapReached')}</strong>}
        </dd>
      </div>
      <div>
        <dt>{t('contract.terms.duration')}</dt>
        <dd>
          {t('contract.terms.durationText', { days: k.durationDays ?? '—' })} <DateTime value={k.startMs} time={false} /> – <DateTime value={k.endMs} time={false} />
          {k.multiYear && <> {t('contract.terms.multiYear')}</>}
        </dd>
      </div>
      <div>
        <dt>{t('contract.terms.maintenance')}</dt>
        <dd>{k.maintenanceDays ? t('contract.terms.maintenanceText', { days: k.maintenanceDays }) : t('contract.terms.noMaintenance')}</dd>
      </div>
      <div>
        <dt>{t('contract.terms.bond')}</dt>
        <dd>
          {k.performanceBondRupiah && k.performanceBondRupiah !== '0' ? (
            <>
              <Money value={k.performanceBondRupiah} /> — {t(`contract.terms.bondBase.${k.performanceBondBase}`, { defaultValue: '' })}
            </>
          ) : (
            t('contract.terms.noBond')
          )}
        </dd>
      </div>
      <div>
        <dt>{t('contract.terms.signed')}</dt>
        <dd>
          {k.signatures.ppk ? (
            <>
              {t('contract.terms.signedPpk')} <DateTime value={k.signatures.ppk.atMs} /> ({t('timeline.block', { height: k.signatures.ppk.height })})
            </>
          ) : (
            t('contract.terms.notSignedPpk')
          )}
          ;{' '}
          {k.signatures.supplier ? (
            <>
              {t('contract.terms.signedSupplier')} <DateTime value={k.signatures.supplier.atMs} /> ({t('timeline.block', { height: k.signatures.supplier.height })})
            </>
          ) : (
            t('contract.terms.notSignedSupplier')
          )}
        </dd>
      </div>
      {k.termination && (
        <div>
          <dt>{t('contract.terms.termination')}</dt>
          <dd>
            <DateTime value={k.termination.atMs} />: {k.termination.reason}. {t('contract.terms.bondClaim')} <Money value={k.termination.bondClaimRupiah} />
          </dd>
        </div>
      )}
    </dl>
  );
}
