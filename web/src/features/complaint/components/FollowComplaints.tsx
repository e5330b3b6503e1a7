/**
 * Following complaints: those filed from this browser (their keys and ids are kept here), and any
 * complaint by its id — its status, the APIP's triage note and answer, as the ledger records them.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Section } from '../../../components/ui/Section';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { DateTime } from '../../../components/ui/DateTime';
import { useLang } from '../../../lib/i18n';
import { useComplaints, type ComplaintRecord } from '../api/list-complaints';
import { filedComplaints } from '../api/public-keys';
import { ComplaintStatus } from './ComplaintStatus';

export function FollowComplaints({ chain, refresh, initialId }: { chain: string; refresh: number; initialId: string | null }) {
  const { t } = useLang();
  const id = useId();
  const mine = useQuery({ queryKey: ['my-public-complaints', chain, refresh] as const, queryFn: () => filedComplaints(chain) });
  const all = useComplaints();
  const [q, setQ] = useState(initialId ?? '');
  const [lookup, setLookup] = useState(initialId ?? '');
  useEffect(() => {
    if (initialId) {
      setQ(initialId);
      setLookup(initialId);
    }
  }, [initialId]);
  const byId = new Map((all.data ?? []).map((c) => [c.id, c] as const));
  const found: ComplaintRecord | undefined = lookup ? byId.get(lookup.trim()) : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setLookup(q.trim());
  };
  return (
    <Section title={t('complaint.followTitle')}>
      <form className="search-form__main" onSubmit={submit} role="search" aria-label={t('complaint.trackLabel')}>
        <label htmlFor={`${id}-track`} className="visually-hidden">
          {t('complaint.trackLabel')}
        </label>
        <input id={`${id}-track`} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('complaint.trackPlaceholder')} maxLength={64} autoComplete="off" />
        <button type="submit" className="button button--secondary">
          {t('complaint.trackButton')}
        </button>
      </form>
      {all.isPending && <Loading />}
      {all.isError && <ErrorNotice error={all.error} onRetry={() => void all.refetch()} />}
      {lookup && all.data && (found ? <ComplaintStatus complaint={found} /> : <p role="status">{t('complaint.notYetFound', { id: lookup })}</p>)}
      <h3>{t('complaint.mineTitle')}</h3>
      {mine.data && mine.data.length === 0 && <p className="empty">{t('complaint.mineEmpty')}</p>}
      {mine.data && mine.data.length > 0 && (
        <ul className="plain">
          {mine.data.map((c) => {
            const rec = byId.get(c.complaintId);
            return (
              <li key={c.complaintId}>
                <button type="button" className="button button--secondary" onClick={() => (setQ(c.complaintId), setLookup(c.complaintId))}>
                  <code>{c.complaintId}</code>
                </button>{' '}
                {c.subject.title || c.subject.id} · <DateTime value={c.filedAt} /> · {rec ? t(`complaint.status.${rec.status}`, { defaultValue: rec.status }) : t('complaint.statusUnknown')}
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}
