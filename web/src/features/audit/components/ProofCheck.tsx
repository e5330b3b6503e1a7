/** A record's ledger proof (GET /api/v1/proof), with what was checked said in plain words. */
import { Section } from '../../../components/ui/Section';
import { Loading } from '../../../components/ui/Loading';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { useLang } from '../../../lib/i18n';
import { useProof } from '../api/queries';

export function ProofCheck({ proofKey }: { proofKey: string }) {
  const { t } = useLang();
  const q = useProof(proofKey);
  return (
    <Section title={t('audit.proofTitle')}>
      <p>
        {t('audit.proofKey')} <code>{proofKey}</code>
      </p>
      {q.isPending && <Loading label={t('audit.proofChecking')} />}
      {q.isError && <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <div className={q.data.verified ? 'verdict verdict--yes' : 'verdict verdict--no'} role="status" data-testid="proof-verdict">
          <p className="verdict__title">{q.data.verified ? t('audit.proofOk', { height: q.data.height }) : t('audit.proofBad', { height: q.data.height })}</p>
          <ul className="verdict__list">
            <li>{t('audit.proofStep1', { key: q.data.key })}</li>
            <li>{t('audit.proofStep2', { n: q.data.proof.length })}</li>
            <li>{t('audit.proofStep3', { height: q.data.height })}</li>
          </ul>
          <p className="muted">{t('audit.proofLimit')}</p>
        </div>
      )}
    </Section>
  );
}
