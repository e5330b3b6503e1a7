/**
 * Handover (Ps 57–58): the supplier requests it once every milestone is verified; the PPK records
 * the BAST (the PHO when there is a maintenance period), and after the maintenance period the
 * FHO, which closes the contract and releases the retention.
 */
import { useState } from 'react';
import { DateTime } from '../../../components/ui/DateTime';
import type { Terms } from '../../../lib/contract-record';
import { useLang } from '../../../lib/i18n';
import { useLedgerNow } from '../api/get-calendar';
import { DocumentField } from './DocumentField';
import { SignAction } from './SignAction';

export function HandoverPanel({ contractId, status, terms }: { contractId: string; status: string; terms: Terms }) {
  const { t } = useLang();
  const [bast, setBast] = useState<string | null>(null);
  const now = useLedgerNow();
  const h = terms.handover;
  const withMaintenance = (terms.maintenanceDays ?? 0) > 0;
  if (status === 'active') {
    const unverified = terms.milestones.filter((m) => m.status !== 'verified').length;
    return <p className="muted">{unverified > 0 ? t('contractWork.handover.waitMilestones', { count: unverified }) : t('contractWork.handover.waitRequest')}</p>;
  }
  if (status === 'handover_requested') {
    return (
      <>
        <p>
          {t('contractWork.handover.requested')} <DateTime value={h.requestedMs} />
        </p>
        <DocumentField name="bast" label={t(withMaintenance ? 'contractWork.handover.phoDocument' : 'contractWork.handover.bastDocument')} help={t('contractWork.handover.bastHelp')} onChange={(x) => setBast(x[0] ?? null)} />
        <SignAction
          type="contract.accept_handover"
          body={bast ? { contractId, bastHash: bast } : null}
          blocked={bast ? null : t('contractWork.handover.needBast')}
          label={t(withMaintenance ? 'contractWork.handover.signPho' : 'contractWork.handover.signBast')}
          summary={[[t('contractWork.handover.effect'), t(withMaintenance ? 'contractWork.handover.effectPho' : 'contractWork.handover.effectBast', { days: terms.maintenanceDays ?? 0 })]]}
        />
      </>
    );
  }
  if (status === 'maintenance') {
    const ends = h.maintenanceEndsMs;
    const early = ends !== null && now !== null && now < ends;
    return (
      <>
        <p>
          {t('contractWork.handover.pho')} <DateTime value={h.phoMs} />. {t('contractWork.handover.maintenanceEnds')} <DateTime value={ends} />.
        </p>
        <DocumentField name="bast" label={t('contractWork.handover.fhoDocument')} help={t('contractWork.handover.bastHelp')} onChange={(x) => setBast(x[0] ?? null)} />
        <SignAction
          type="contract.final_handover"
          body={bast ? { contractId, bastHash: bast } : null}
          blocked={early ? t('contractWork.handover.tooEarly') : bast ? null : t('contractWork.handover.needBast')}
          label={t('contractWork.handover.signFho')}
          summary={[[t('contractWork.handover.effect'), t('contractWork.handover.effectFho')]]}
        />
      </>
    );
  }
  return (
    <p>
      {t('contractWork.handover.closed')} {h.fhoMs ? <DateTime value={h.fhoMs} /> : h.phoMs ? <DateTime value={h.phoMs} /> : null}
    </p>
  );
}
