/**
 * Termination for the supplier's fault: releases the value not yet ordered from the budget, claims
 * the whole performance bond and opens a blacklist case for the PA/KPA to decide. It cannot be
 * undone, so it sits closed behind a warning and a confirmation.
 */
import { useState } from 'react';
import type { Terms } from '../../../lib/contract-record';
import { formatRupiah } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { DocumentField } from './DocumentField';
import { Field } from './Field';
import { SignAction } from './SignAction';

export function TerminatePanel({ contractId, terms }: { contractId: string; terms: Terms }) {
  const { t } = useLang();
  const [reason, setReason] = useState('');
  const [evidence, setEvidence] = useState<string[]>([]);
  const [sure, setSure] = useState(false);
  const notOrdered = BigInt(terms.valueRupiah ?? '0') - BigInt(terms.totals?.orderedGrossRupiah ?? '0');
  const blocked = reason.trim().length < 3 ? t('contractWork.terminate.needReason') : evidence.length < 1 ? t('contractWork.terminate.needEvidence') : !sure ? t('contractWork.terminate.needConfirm') : null;
  return (
    <details className="cw-danger">
      <summary>{t('contractWork.terminate.open')}</summary>
      <div className="notice notice--error" role="note">
        <p className="notice__title">{t('contractWork.terminate.warningTitle')}</p>
        <p>{t('contractWork.terminate.warning', { release: formatRupiah(notOrdered), bond: formatRupiah(terms.performanceBondRupiah ?? '0') })}</p>
      </div>
      <Field label={t('contractWork.terminate.reason')} wide>
        {(id) => <textarea id={id} name="terminateReason" rows={3} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <DocumentField name="evidence" label={t('contractWork.terminate.evidence')} multiple onChange={setEvidence} />
      <SignAction
        type="contract.terminate"
        danger
        body={reason.trim().length >= 3 && evidence.length > 0 && sure ? { contractId, reason: reason.trim(), evidenceHashes: evidence } : null}
        blocked={blocked}
        label={t('contractWork.terminate.sign')}
        summary={[
          [t('contractWork.terminate.reason'), reason || '—'],
          [t('contractWork.terminate.effect'), t('contractWork.terminate.effectText')],
        ]}
      >
        <label className="cw-check">
          <input type="checkbox" checked={sure} onChange={(e) => setSure(e.currentTarget.checked)} /> {t('contractWork.terminate.confirm')}
        </label>
      </SignAction>
    </details>
  );
}
