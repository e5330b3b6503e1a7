/**
 * The network: the node this gateway follows (height, indexer, AppHash), every validator with its
 * institution and the last blocks it signed, and the institutions on the ledger by kind.
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
import { useValidators } from '../api/get-validators';

const KIND_ORDER = ['regulator', 'buyer', 'auditor', 'supplier'];

export function NetworkPage() {
  const { t, lang } = useLang();
  const status = useNodeStatus();
  const validators = useValidators();
  const v = validators.data;
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
      <Section title={t('network.validators.title')}>
        {validators.isPending ? (
          <Loading />
        ) : validators.isError && !v ? (
          <ErrorNotice error={validators.error} onRetry={() => void validators.refetch()} />
        ) : v ? (
          <>
            <p>{t('network.validators.explain', { window: v.window, height: formatNumber(v.height, lang) })}</p>
            <table className="table" data-testid="validators">
              <thead>
                <tr>
                  <th scope="col">{t('network.validators.institution')}</th>
                  <th scope="col">{t('network.validators.state')}</th>
                  <th scope="col">{t('network.validators.signed')}</th>
                  <th scope="col">{t('network.validators.lastSigned')}</th>
                  <th scope="col">{t('network.validators.power')}</th>
                </tr>
              </thead>
              <tbody>
                {v.validators.map((x) => (
                  <tr key={x.address}>
                    <td data-label={t('network.validators.institution')}>
                      {x.orgName ?? t('network.validators.unknownOrg')}
                      {x.address === v.node.validatorAddress ? <span className="cell-sub"> · {t('network.validators.thisNode')}</span> : null}
                      <span className="cell-sub">
                        <code>{x.address.slice(0, 12)}…</code>
                      </span>
                    </td>
                    <td data-label={t('network.validators.state')}>
                      <span className={`badge badge--${x.state === 'up' ? 'good' : x.state === 'down' ? 'bad' : 'warn'}`}>{t(`network.validators.states.${x.state}`)}</span>
                    </td>
                    <td data-label={t('network.validators.signed')}>{t('network.validators.signedOf', { signed: x.signed, window: v.window })}</td>
                    <td data-label={t('network.validators.lastSigned')}>{x.lastSignedHeight === null ? '—' : formatNumber(x.lastSignedHeight, lang)}</td>
                    <td data-label={t('network.validators.power')}>{formatNumber(x.power, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">{t('network.validators.peers', { peers: v.node.peers })}</p>
          </>
        ) : null}
        {validators.isError && v && <ErrorNotice error={validators.error} />}
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
