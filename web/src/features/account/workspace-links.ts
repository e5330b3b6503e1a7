/**
 * The workspace home's links (/kerja): one line per page, shown to people with one of `roles` (or
 * of `orgKinds`; both given = both must match). `label` and `hint` are i18n keys. Each workspace
 * adds its own line here.
 */
import type { Session } from '../../lib/session';

export interface WorkspaceLink {
  to: string;
  label: string;
  hint?: string;
  roles?: string[];
  orgKinds?: Session['orgKind'][];
}

export const WORKSPACE_LINKS: WorkspaceLink[] = [
  { to: '/admin', label: 'workspace.links.admin', hint: 'workspace.links.adminHint', roles: ['org_admin'] },
  { to: '/kerja/tender', label: 'tenderWork.link', hint: 'tenderWork.linkHint', roles: ['pokja', 'ppk', 'pa', 'kpa', 'auditor'] },
  { to: '/kerja/penyedia', label: 'supplierWork.link', hint: 'supplierWork.linkHint', roles: ['supplier_signatory'], orgKinds: ['supplier'] },
  { to: '/kerja/audit', label: 'audit.link', hint: 'audit.linkHint', orgKinds: ['auditor', 'regulator'] },
  { to: '/kerja/pa', label: 'contractWork.links.pa', hint: 'contractWork.links.paHint', roles: ['pa', 'kpa'] },
  { to: '/kerja/ppk', label: 'contractWork.links.ppk', hint: 'contractWork.links.ppkHint', roles: ['ppk'] },
  { to: '/kerja/verifikasi', label: 'contractWork.links.verify', hint: 'contractWork.links.verifyHint', roles: ['ppk', 'supplier_signatory', 'auditor'] },
  { to: '/kerja/bendahara', label: 'contractWork.links.treasury', hint: 'contractWork.links.treasuryHint', roles: ['treasury'] },
];

export function linksFor(s: Session): WorkspaceLink[] {
  return WORKSPACE_LINKS.filter((l) => (!l.roles || l.roles.some((r) => s.roles.includes(r))) && (!l.orgKinds || l.orgKinds.includes(s.orgKind)));
}
