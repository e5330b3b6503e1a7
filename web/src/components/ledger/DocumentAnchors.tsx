/**
 * The documents anchored for a record: what each is (from the transaction that anchored it), its
 * SHA-256, and "anchored on block N by X" — with a link to check a copy of the file.
 */
import { Link } from 'react-router';
import type { Schemas } from '../../lib/api';
import { useLang } from '../../lib/i18n';
import { useMemberIndex, useOrganizationIndex } from '../../lib/organizations';
import { paths } from '../../lib/routes';
import { DateTime } from '../ui/DateTime';
import { Hash } from '../ui/Hash';
import { eventTitle } from './event-text';
import { Who } from './Who';

type Anchor = Schemas['AnchorEntry'];
type Entry = Schemas['HistoryEntry'];

export function DocumentAnchors({ anchors, history }: { anchors: Anchor[]; history: Entry[] }) {
  const { t } = useLang();
  const orgs = useOrganizationIndex();
  const members = useMemberIndex(anchors.map((a) => a.byOrg));
  if (anchors.length === 0) return <p className="muted">{t('documents.empty')}</p>;
  const eventOfTx = new Map<string, Entry>();
  for (const e of history) if (!eventOfTx.has(e.txHash)) eventOfTx.set(e.txHash, e);
  return (
    <ul className="anchors">
      {anchors.map((a) => {
        const ev = eventOfTx.get(a.txHash);
        return (
          <li key={`${a.txHash}/${a.field}/${a.sha256}`} className="anchors__item">
            <p className="anchors__what">
              {t(`documentField.${a.field}`, { defaultValue: a.field })}
              {ev && <span className="muted"> · {eventTitle(t, ev.type)}{ev.attributes.milestone ? ` (${ev.attributes.milestone})` : ''}</span>}
            </p>
            <p>
              {t('documents.anchoredOn', { height: a.height })} <DateTime value={a.time} />, {t('documents.by')} <Who memberId={a.by} orgId={a.byOrg} members={members} orgs={orgs} />
            </p>
            <p className="anchors__hash">
              <span className="muted">SHA-256</span> <Hash value={a.sha256} /> · <Link to={`${paths.verify}?sha256=${a.sha256}`}>{t('documents.check')}</Link>
            </p>
          </li>
        );
      })}
    </ul>
  );
}
