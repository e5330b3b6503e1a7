/**
 * The PA/KPA's plan (RUP): the organization's packages, a form to create one (checked against the
 * rule-set's methods and thresholds before signing) and the publication of a draft (plan.*).
 */
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { Money } from '../../../components/ui/Money';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { useLang } from '../../../lib/i18n';
import { RequireRole, useSession, type Session } from '../../../lib/session';
import { formatRupiah } from '../../../lib/format';
import { useRuleSet } from '../api/get-rulesets';
import { usePackages, type Package } from '../api/list-packages';
import { CATEGORIES, isCategory, packageProblems, parseRupiah, type Category, type RuleSet } from '../terms';
import { Field } from './Field';
import { Problems } from './Problems';
import { SignAction } from './SignAction';
import { TxFeedProvider, TxFeedView } from './TxFeed';
import '../contract-work.css';

const PA_ROLES = ['pa', 'kpa'];

export function PackagesPage() {
  const { t } = useLang();
  return (
    <div className="page cw-page">
      <PageTitle text={t('contractWork.pa.title')} sub={t('contractWork.pa.lede')} />
      <RequireRole roles={PA_ROLES}>
        <TxFeedProvider>
          <TxFeedView />
          <PackagesWork />
        </TxFeedProvider>
      </RequireRole>
    </div>
  );
}

function PackagesWork() {
  const session = useSession() as Session;
  const { t } = useLang();
  const { rules, error: rulesError } = useRuleSet();
  const packages = usePackages(session.orgId);
  return (
    <>
      <Section title={t('contractWork.pa.list')}>
        {packages.isPending ? <Loading /> : packages.isError ? <ErrorNotice error={packages.error} onRetry={() => void packages.refetch()} /> : <PackageTable packages={packages.data} />}
      </Section>
      <Section title={t('contractWork.pa.create')}>{rules ? <CreatePackageAgain rules={rules} orgId={session.orgId} /> : rulesError ? <ErrorNotice error={rulesError} /> : <Loading />}</Section>
    </>
  );
}

function PackageTable({ packages }: { packages: Package[] }) {
  const { t } = useLang();
  const [publishing, setPublishing] = useState<string | null>(null);
  if (packages.length === 0) return <p className="muted">{t('contractWork.pa.none')}</p>;
  const sorted = [...packages].sort((a, b) => (a.status === 'draft' ? 0 : 1) - (b.status === 'draft' ? 0 : 1) || b.fiscalYear - a.fiscalYear || a.id.localeCompare(b.id));
  return (
    <div className="table-wrap">
      <table className="table table--cards">
        <caption className="visually-hidden">{t('contractWork.pa.list')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('contractWork.pa.package')}</th>
            <th scope="col">{t('contractWork.pa.categoryMethod')}</th>
            <th scope="col" className="num">
              {t('contractWork.pa.pagu')}
            </th>
            <th scope="col" className="num">
              {t('contractWork.pa.committed')}
            </th>
            <th scope="col">{t('common.status')}</th>
            <th scope="col">{t('contractWork.action')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((p) => (
            <tr key={p.id} data-package={p.id}>
              <th scope="row" data-label={t('contractWork.pa.package')}>
                <span className="cell-title">{p.title}</span>
                <span className="cell-sub">
                  {p.id} · {p.workUnit} · {t('contractWork.pa.fiscalYearShort', { year: p.fiscalYear })}
                </span>
              </th>
              <td data-label={t('contractWork.pa.categoryMethod')}>
                {t(`category.${p.category}`, { defaultValue: p.category })} · {t(`method.${p.method}`, { defaultValue: p.method })}
              </td>
              <td className="num" data-label={t('contractWork.pa.pagu')}>
                <Money value={p.paguRupiah} short />
              </td>
              <td className="num" data-label={t('contractWork.pa.committed')}>
                <Money value={p.committedRupiah} short />
              </td>
              <td data-label={t('common.status')}>
                <span className={`badge badge--${p.status === 'published' ? 'good' : p.status === 'cancelled' ? 'neutral' : 'warn'}`}>{t(`contractWork.packageStatus.${p.status}`, { defaultValue: p.status })}</span>
                {p.selectionId && (
                  <span className="cell-sub">
                    {t('contractWork.pa.heldBy')} <Link to={`/tender/${encodeURIComponent(p.selectionId)}`}>{p.selectionId}</Link>
                  </span>
                )}
              </td>
              <td data-label={t('contractWork.action')}>
                {p.status === 'draft' ? (
                  publishing === p.id ? (
                    <SignAction
                      type="plan.publish_package"
                      body={{ packageId: p.id }}
                      summary={[
                        [t('contractWork.pa.package'), `${p.title} (${p.id})`],
                        [t('contractWork.pa.pagu'), formatRupiah(p.paguRupiah)],
                      ]}
                      label={t('contractWork.pa.publishSign')}
                    />
                  ) : (
                    <button type="button" className="button button--secondary" onClick={() => setPublishing(p.id)} aria-label={t('contractWork.pa.publishFor', { id: p.id })}>
                      {t('contractWork.pa.publish')}
                    </button>
                  )
                ) : (
                  <span className="muted">{p.status === 'published' ? t('contractWork.pa.publishedHint') : '—'}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function suggestedId(year: number) {
  const rand = [...crypto.getRandomValues(new Uint8Array(3))].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `rup-${year}-${rand}`;
}

/** The form, and after a package is recorded a way to start another (a fresh form). */
function CreatePackageAgain({ rules, orgId }: { rules: RuleSet; orgId: string }) {
  const { t } = useLang();
  const [round, setRound] = useState(0);
  const [created, setCreated] = useState(false);
  return (
    <>
      <CreatePackage key={round} rules={rules} orgId={orgId} onCreated={() => setCreated(true)} />
      {created && (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setCreated(false);
            setRound((n) => n + 1);
          }}
        >
          {t('contractWork.pa.another')}
        </button>
      )}
    </>
  );
}

function CreatePackage({ rules, orgId, onCreated }: { rules: RuleSet; orgId: string; onCreated: () => void }) {
  const { t } = useLang();
  const year = new Date().getFullYear();
  const [packageId, setPackageId] = useState(() => suggestedId(year));
  const [title, setTitle] = useState('');
  const [workUnit, setWorkUnit] = useState('');
  const [fiscalYear, setFiscalYear] = useState(String(year));
  const [category, setCategory] = useState<Category>('goods');
  const [method, setMethod] = useState('tender');
  const [budgetLine, setBudgetLine] = useState('');
  const [pagu, setPagu] = useState('');
  const [justification, setJustification] = useState('');
  const paguRupiah = parseRupiah(pagu);
  const fy = /^\d{4}$/.test(fiscalYear) ? Number(fiscalYear) : null;
  const problems = useMemo(() => {
    const ps = packageProblems(rules, { category, method, pagu: paguRupiah, justification });
    if (!/^[A-Za-z0-9:_.-]{1,128}$/.test(packageId)) ps.unshift({ key: 'packageId' });
    if (title.trim().length < 3) ps.push({ key: 'title' });
    if (workUnit.trim().length < 2) ps.push({ key: 'workUnit' });
    if (budgetLine.trim().length < 3) ps.push({ key: 'budgetLine' });
    if (fy === null || fy < 2000 || fy > 2100) ps.push({ key: 'fiscalYear' });
    return ps;
  }, [rules, category, method, paguRupiah, justification, packageId, title, workUnit, budgetLine, fy]);
  const body =
    problems.length === 0 && paguRupiah !== null && fy !== null
      ? { packageId, title: title.trim(), workUnit: workUnit.trim(), fiscalYear: fy, category, method, budgetLine: budgetLine.trim(), paguRupiah: paguRupiah.toString(), justification: method === 'penunjukan_langsung' ? justification.trim() : justification.trim() || null }
      : null;
  return (
    <form className="cw-form" onSubmit={(e) => e.preventDefault()} aria-label={t('contractWork.pa.create')}>
      <div className="cw-grid">
        <Field label={t('contractWork.pa.packageId')} help={t('contractWork.pa.packageIdHelp')}>
          {(id) => <input id={id} name="packageId" value={packageId} onChange={(e) => setPackageId(e.currentTarget.value.trim())} required />}
        </Field>
        <Field label={t('contractWork.pa.titleField')}>{(id) => <input id={id} name="title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} required />}</Field>
        <Field label={t('contractWork.pa.workUnit')}>{(id) => <input id={id} name="workUnit" value={workUnit} onChange={(e) => setWorkUnit(e.currentTarget.value)} required />}</Field>
        <Field label={t('contractWork.pa.fiscalYear')}>{(id) => <input id={id} name="fiscalYear" inputMode="numeric" value={fiscalYear} onChange={(e) => setFiscalYear(e.currentTarget.value.trim())} required />}</Field>
        <Field label={t('contractWork.pa.category')}>
          {(id) => (
            <select
              id={id}
              name="category"
              value={category}
              onChange={(e) => {
                const c = e.currentTarget.value;
                if (!isCategory(c)) return;
                setCategory(c);
                if (!rules.methodsFor[c].includes(method)) setMethod(rules.methodsFor[c][0] ?? 'tender');
              }}
            >
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`category.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('contractWork.pa.method')} help={t('contractWork.pa.methodHelp', { max: formatRupiah(rules.pengadaanLangsungMax[category]), article: rules.articles.pengadaanLangsungMax ?? '' })}>
          {(id) => (
            <select id={id} name="method" value={method} onChange={(e) => setMethod(e.currentTarget.value)}>
              {rules.methodsFor[category].map((m) => (
                <option key={m} value={m}>
                  {t(`method.${m}`, { defaultValue: m })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('contractWork.pa.budgetLine')} help={t('contractWork.pa.budgetLineHelp')}>
          {(id) => <input id={id} name="budgetLine" value={budgetLine} onChange={(e) => setBudgetLine(e.currentTarget.value)} required />}
        </Field>
        <Field label={t('contractWork.pa.paguField')} help={paguRupiah !== null ? formatRupiah(paguRupiah) : t('contractWork.rupiahHelp')}>
          {(id) => <input id={id} name="pagu" inputMode="numeric" value={pagu} onChange={(e) => setPagu(e.currentTarget.value)} required />}
        </Field>
        <Field label={t('contractWork.pa.justification')} help={t('contractWork.pa.justificationHelp')} wide>
          {(id) => <textarea id={id} name="justification" rows={2} value={justification} onChange={(e) => setJustification(e.currentTarget.value)} />}
        </Field>
      </div>
      <Problems problems={problems} />
      <SignAction
        type="plan.create_package"
        body={body}
        label={t('contractWork.pa.createSign')}
        blocked={problems.length > 0 ? t('contractWork.sign.fixFirst') : null}
        summary={[
          [t('contractWork.pa.package'), `${title || '—'} (${packageId})`],
          [t('contractWork.pa.org'), orgId],
          [t('contractWork.pa.categoryMethod'), `${t(`category.${category}`)} · ${t(`method.${method}`, { defaultValue: method })}`],
          [t('contractWork.pa.paguField'), formatRupiah(paguRupiah)],
          [t('contractWork.pa.afterCreate'), t('contractWork.pa.afterCreateText')],
        ]}
        onDone={onCreated}
      />
    </form>
  );
}
