/**
 * Every event the ledger recorded about a record, oldest first: what happened, who signed it and
 * for which institution, when (ledger time, WIB), in which block and transaction.
 */
import type { Schemas } from '../../lib/api';
import { useLang } from '../../lib/i18n';
import { useMemberIndex, useOrganizationIndex } from '../../lib/organizations';
import { DateTime } from '../ui/DateTime';
import { Hash } from '../ui/Hash';
import { eventDetail, eventTitle } from './event-text';
import { Who } from './Who';

type Entry = Schemas['HistoryEntry'];

export function Timeline({ entries }: { entries: Entry[] }) {
  const { t, lang } = useLang();
  const orgs = useOrganizationIndex();
  const members = useMemberIndex(entries.map((e) => e.byOrg));
  if (entries.length === 0) return <p className="muted">{t('timeline.empty')}</p>;
  return (
    <ol className="timeline">
      {entries.map((e) => {
        const detail = eventDetail(t, lang, e.type, e.attributes);
        return (
          <li key={e.seq} className="timeline__item">
            <div className="timeline__when">
              <DateTime value={e.time} />
            </div>
            <div className="timeline__body">
              <p className="timeline__what">{eventTitle(t, e.type)}</p>
              {detail && <p className="timeline__detail">{detail}</p>}
              <p className="timeline__who">
                <span className="muted">{t('timeline.by')}</span> <Who memberId={e.by} orgId={e.byOrg} members={members} orgs={orgs} />
              </p>
              <p className="timeline__ledger">
                {t('timeline.block', { height: e.height })} · <span className="muted">{t('timeline.tx')}</span>{' '}
                <a href={`/api/v1/tx/${e.txHash}`} title={t('timeline.txLink')}>
                  <Hash value={e.txHash} />
                </a>
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
