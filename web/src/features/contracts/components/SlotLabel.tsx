import type { Organization } from '../../../lib/organizations';
import { useLang } from '../../../lib/i18n';
import type { VerifierSlot } from '../../../lib/contract-record';

/** Who a verifier slot asks for, in words. */
export function SlotLabel({ slot, ppk, orgs }: { slot: VerifierSlot; ppk: string | null; orgs: Map<string, Organization> }) {
  const { t } = useLang();
  if (slot.kind === 'ppk') return <>{t('contract.milestones.slotPpk', { ppk: ppk ?? '' })}</>;
  if (slot.kind === 'apip') return <>{t('contract.milestones.slotApip')}</>;
  return <>{orgs.get(slot.orgId)?.name ?? slot.orgId}</>;
}
