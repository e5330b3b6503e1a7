/** "This document was recorded on block N, date, by X, as … of …" — or "not found", and what that means. */
import { Link } from 'react-router';
import { DateTime } from '../../../components/ui/DateTime';
import { Who } from '../../../components/ledger/Who';
import { useLang } from '../../../lib/i18n';
import { useMemberIndex, useOrganizationIndex } from '../../../lib/organizations';
import { paths } from '../../../lib/routes';
import type { DocumentVerification } from '../api/verify-hash';

export function VerificationResult({ result }: { result: DocumentVerification }) {
  const { t } = useLang();
  const orgs = useOrganizationIndex();
  const members = useMemberIndex(result.anchors.map((a) => a.byOrg));
  if (!result.anchored)
    return (
      <div className="verdict verdict--no" data-testid="verdict-not-found">
        <p className="verdict__title">{t('verify.notFound')}</p>
        <p>{t('verify.notFoundMeans')}</p>
      </div>
    );
  return (
    <div className="verdict verdict--yes" data-testid="verdict-anchored">
      <p className="verdict__title">{t('verify.anchored')}</p>
      {result.anchors.length > 1 && <p>{t('verify.anchoredTimes', { count: result.anchors.length })}</p>}
      <ul className="plain verdict__list">
        {result.anchors.map((a) => {
          const to = a.subject.kind === 'contract' ? paths.contract(a.subject.id) : a.subject.kind === 'tender' ? paths.process(a.subject.id) : null;
          const subject = `${t(`subjectKind.${a.subject.kind}`, { defaultValue: a.subject.kind })} ${a.subject.id}`;
          return (
            <li key={`${a.txHash}/${a.field}`}>
              {t('verify.recordedOn', { height: a.height })} <DateTime value={a.time} />, {t('documents.by')} <Who memberId={a.by} orgId={a.byOrg} members={members} orgs={orgs} />
              <br />
              {t('verify.as', { field: t(`documentField.${a.field}`, { defaultValue: a.field }) })} {to ? <Link to={to}>{subject}</Link> : subject}
            </li>
          );
        })}
      </ul>
      {result.stored.some((s) => s.visibility === 'public' && !s.erased) && <p className="muted">{t('verify.storedPublic')}</p>}
    </div>
  );
}
