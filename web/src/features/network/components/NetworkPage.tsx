/**
 * The network: the node this gateway follows (height, indexer, AppHash), and the institutions on
 * the ledger by kind — the regulator, the buying governments and the auditors run the nodes.
 */
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { Hash } from '../../../components/ui/Hash';
import { formatNumber } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useOrganizations, type Organization } from '../../../lib/organizations';
import { useNodeStatus } from '../api/get-status';

const KIND_ORDER = ['regulator', 'buyer', 'auditor', 'supplier'];

export function NetworkPage() {
  const { t, lang } = useLang();
  const status = useNodeStatus();
  const orgs = useOrganizations();
  const s = status.data;
  const health = !s ? null : s.nodeHeight === null ? 'down' : s.catchingUp ? 'catching_up' : 'ok';
  const byKind = new Map<string, Organization[]>();
  for (const o of orgs.data ?? []) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o]);
  const kinds = [...byKind.keys()].sort((a, b) => (KIND_ORDER.indexOf(a) + 1 || 99) - (KIND_ORDER.indexOf(b) + 1 || 99));
  return (
    <div className="page">
      <PageTitle text={t('network.title')} sub={<p className="lede">{t('network.lede')}</p>} />
      <Section title={t('network.node.title')}>
        {status.isPending ? (
          <Loading />
        ) : status.isError && !s ? (
          <ErrorNotice error={status.error} onRetry={() => void status.refetch()} />
        ) : s ? (
          <dl className="key-figures" data-testid="node-status">
            <div className="key-figures__item">
              <dt>{t('network.node.health')}</dt>
              <dd>
                <span className={`badge badge--${health === 'ok' ? 'good' : health === 'down' ? 'bad' : 'warn'}`}>{t(`network.health.${health}`)}</span>
              </dd>
            </div>
            <div className="key-figures__item">
              <dt>{t('network.node.height')}</dt>
              <dd className="figure figure--small">{s.nodeHeight === null ? '—' : formatNumber(s.nodeHeight, lang)}</dd>
            </div>
            <div className="key-figures__item">
              <dt>{t('network.node.indexed')}</dt>
              <dd className="figure figure--small">{formatNumber(s.indexedHeight, lang)}</dd>
            </div>
            <div className="key-figures__item">
              <dt>{t('network.node.chain')}</dt>
              <dd>
                <code>{s.chainId}</code>
              </dd>
            </div>
            <div className="key-figures__item key-figures__item--wide">
              <dt>{t('network.node.appHash')}</dt>
              <dd>{s.appHash ? <Hash value={s.appHash} full /> : '—'}</dd>
            </div>
          </dl>
        ) : null}
        {status.isError && s && <ErrorNotice error={status.error} />}
        <p className="muted">{t('network.node.explain')}</p>
      </Section>
      <Section title={t('network.institutions.title')}>
        {orgs.isPending ? (
          <Loading />
        ) : orgs.isError ? (
          <ErrorNotice error={orgs.error} onRetry={() => void orgs.refetch()} />
        ) : (
          <>
            <p>{t('network.institutions.validatorsNote')}</p>
            {kinds.map((k) => (
              <div key={k} className="org-group">
                <h3>{t(`orgKind.${k}`, { defaultValue: k })}</h3>
                <ul className="org-list">
                  {byKind.get(k)!.map((o) => (
                    <li key={o.id}>
                      <span className="org-list__name">{o.name}</span>
                      <span className="cell-sub">
                        {o.id}
                        {o.subKind ? ` · ${t(`orgSubKind.${o.subKind}`, { defaultValue: o.subKind })}` : ''}
                        {o.status !== 'active' ? ` · ${t(`orgStatus.${o.status}`, { defaultValue: o.status })}` : ''}
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </>
        )}
      </Section>
    </div>
  );
}
