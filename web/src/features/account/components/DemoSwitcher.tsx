/**
 * "Log in as a demo person": only when the gateway runs in demo mode (a demo network). The chosen
 * person's seed is imported into WebCrypto as a non-extractable key, stored like any other key in
 * this browser, and the bytes are dropped; then the usual challenge login runs.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { useLang } from '../../../lib/i18n';
import { importDemoKey, useSessionControl } from '../../../lib/session';
import type { StoredKey } from '../../../lib/ledger/keystore';
import { demoKey, demoPeopleQuery, type DemoPerson } from '../api/demo';

export function DemoSwitcher({ busy, onChosen }: { busy: string | null; onChosen(memberId: string, key: StoredKey): Promise<void> }) {
  const { t } = useLang();
  const { chainId } = useSessionControl();
  const people = useQuery(demoPeopleQuery);
  const [error, setError] = useState<unknown>(null);
  const [importing, setImporting] = useState<string | null>(null);

  if (people.isPending) return null;
  if (people.isError) return <ErrorNotice error={people.error} onRetry={() => void people.refetch()} />;
  if (!people.data || people.data.length === 0 || !chainId) return null;

  const groups = new Map<string, DemoPerson[]>();
  for (const p of people.data) groups.set(p.orgName, [...(groups.get(p.orgName) ?? []), p]);

  async function choose(p: DemoPerson) {
    setError(null);
    setImporting(p.memberId);
    try {
      const { seed, publicKey } = await demoKey(p.memberId);
      const key = await importDemoKey(chainId!, p.memberId, seed, publicKey);
      setImporting(null);
      await onChosen(p.memberId, key);
    } catch (e) {
      setError(e);
    } finally {
      setImporting(null);
    }
  }

  return (
    <section className="demo-people" aria-labelledby="demo-people-title">
      <h2 id="demo-people-title">{t('demo.title')}</h2>
      <div className="notice notice--demo">
        <p className="notice__title">{t('demo.label')}</p>
        <p>{t('demo.explain')}</p>
      </div>
      {importing && <Loading label={t('demo.importing')} />}
      {error !== null && <ErrorNotice error={error} />}
      {[...groups].map(([org, list]) => (
        <div key={org}>
          <h3>{org}</h3>
          <ul>
            {list.map((p) => (
              <li key={p.memberId}>
                <button
                  type="button"
                  className="button button--secondary"
                  data-member-id={p.memberId}
                  disabled={busy !== null || importing !== null}
                  onClick={() => void choose(p)}
                >
                  <span className="visually-hidden">{t('demo.loginAs')} </span>
                  <span>{p.name}</span>
                  <span className="demo-people__roles">· {p.roles.map((r) => t(`role.${r}`, { defaultValue: r })).join(', ')}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
