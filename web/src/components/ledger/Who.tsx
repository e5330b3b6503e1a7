/**
 * Who signed something, as the public may know them: their role and organization (people's names
 * are shown to members only), with the member id for reference.
 */
import type { Member, Organization } from '../../lib/organizations';
import { useLang } from '../../lib/i18n';

export function Who({ memberId, orgId, members, orgs }: { memberId: string; orgId?: string | null; members: Map<string, Member>; orgs: Map<string, Organization> }) {
  const { t } = useLang();
  if (memberId.startsWith('public:') || orgId === 'public') return <span className="who">{t('who.public')}</span>;
  const m = members.get(memberId);
  const org = orgs.get(orgId ?? m?.orgId ?? '');
  const roles = (m?.roles ?? []).map((r) => t(`role.${r}`, { defaultValue: r }));
  const parts = [
    m?.name ? <span key="name" className="who__name">{m.name}</span> : null,
    roles.length > 0 ? <span key="role" className="who__role">{roles.join(', ')}</span> : null,
    org ? <span key="org" className="who__org">{org.name}</span> : null,
  ].filter((p) => p !== null);
  return (
    <span className="who">
      {parts.flatMap((p, i) => (i === 0 ? [p] : [' · ', p]))} <span className="who__id">{memberId}</span>
    </span>
  );
}
