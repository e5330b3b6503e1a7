/**
 * The PPK drafts a contract from a selection with an award letter (SPPBJ): the terms as data —
 * type by category, value = awarded price, PPN, advance within the cap for the supplier's size,
 * duration and maintenance, the milestones (shares summing to 100 %, due days, who verifies each) —
 * checked here with the rule-set's numbers before `contract.draft` is signed. The retention, the
 * penalty and the performance bond come from the rule-set; the bond's computation is shown.
 */
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { Money } from '../../../components/ui/Money';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { formatBp, formatRupiah } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useOrganizations, type Organization } from '../../../lib/organizations';
import { RequireRole, useSession, type Session } from '../../../lib/session';
import { useRuleSet } from '../api/get-rulesets';
import { useTender, type AwardedTender } from '../api/get-tender';
import { usePackages } from '../api/list-packages';
import { advanceCap, bpOf, isCategory, isLedgerId, parseDays, parsePercentBp, performanceBond, termsProblems, type MilestoneInput, type RuleSet, type Slot, type SupplierSize } from '../terms';
import { DocumentField } from './DocumentField';
import { Field } from './Field';
import { Problems } from './Problems';
import { SignAction } from './SignAction';
import { TxFeedProvider, TxFeedView } from './TxFeed';
import { workPaths } from '../paths';
import '../contract-work.css';

export function DraftContractPage() {
  const { tenderId = '' } = useParams();
  const { t } = useLang();
  return (
    <div className="page cw-page">
      <PageTitle text={t('contractWork.draft.title')} sub={tenderId} />
      <RequireRole roles={['ppk']}>
        <TxFeedProvider>
          <TxFeedView />
          <DraftLoader tenderId={tenderId} />
        </TxFeedProvider>
      </RequireRole>
    </div>
  );
}

function DraftLoader({ tenderId }: { tenderId: string }) {
  const { t } = useLang();
  const session = useSession() as Session;
  const tender = useTender(tenderId);
  const orgs = useOrganizations();
  const { rules, error: rulesError } = useRuleSet(tender.data?.rulesetId);
  if (tender.isError) return <ErrorNotice error={tender.error} onRetry={() => void tender.refetch()} />;
  if (orgs.isError) return <ErrorNotice error={orgs.error} onRetry={() => void orgs.refetch()} />;
  if (rulesError) return <ErrorNotice error={rulesError} />;
  if (!tender.data || !orgs.data) return <Loading />;
  const tn = tender.data;
  const why = whyNot(tn, session);
  if (why) {
    return (
      <div className="notice" role="status">
        <p className="notice__title">{t('contractWork.draft.notPossible')}</p>
        <p>{t(`contractWork.draft.why.${why}`, { ppk: tn.ppk ?? '—', contract: tn.contracts[0] ?? '' })}</p>
        {tn.contracts[0] && <Link to={workPaths.contract(tn.contracts[0])}>{t('contractWork.draft.openContract')}</Link>}
      </div>
    );
  }
  if (!rules) return <Loading />;
  return <DraftForm tender={tn} rules={rules} orgs={orgs.data} session={session} />;
}

/** Why this person may not draft this contract now (the ledger's refusals, ledger/modules/contract/README.md), or null. */
function whyNot(tn: AwardedTender, s: Session): string | null {
  if (tn.buyerOrg !== s.orgId) return 'otherOrg';
  if (tn.contracts.length > 0) return 'hasContract';
  if (tn.status !== 'sppbj' || !tn.award) return 'noSppbj';
  // After a tender (or a PPK's own e-purchasing order) only the selection's own PPK contracts.
  if (tn.award.decidedBy !== 'pejabat_pengadaan' && tn.ppk && tn.ppk !== s.memberId) return 'notOwnPpk';
  if (!isCategory(tn.category)) return 'noSppbj';
  return null;
}

interface MilestoneRow {
  key: number;
  id: string;
  title: string;
  share: string;
  dueDay: string;
  consultant: string;
  apip: boolean;
}

function DraftForm({ tender, rules, orgs, session }: { tender: AwardedTender; rules: RuleSet; orgs: Organization[]; session: Session }) {
  const { t, lang } = useLang();
  const category = isCategory(tender.category) ? tender.category : 'goods';
  const award = tender.award!;
  const value = BigInt(award.priceRupiah);
  const hps = tender.hpsRupiah ? BigInt(tender.hpsRupiah) : null;
  const supplierOrg = orgs.find((o) => o.id === award.winner);
  const supplierSize: SupplierSize | null = supplierOrg?.subKind === 'small' ? 'small' : supplierOrg?.subKind === 'non_small' ? 'non_small' : null;
  const verifierOrgs = orgs.filter((o) => (o.kind === 'supplier' || o.kind === 'auditor') && o.status === 'active' && o.id !== award.winner);
  const packages = usePackages(session.orgId);
  const pkg = packages.data?.find((p) => p.id === tender.packageId);

  const [contractId, setContractId] = useState(`kontrak-${tender.id}`.slice(0, 128));
  const [type, setType] = useState(rules.contractTypesFor[category][0] ?? 'lumsum');
  const [multiYear, setMultiYear] = useState(false);
  const [vat, setVat] = useState('11');
  const [advance, setAdvance] = useState('0');
  const [duration, setDuration] = useState('90');
  const [maintenance, setMaintenance] = useState(category === 'works' ? String(rules.maintenanceMinDays.permanent) : '0');
  const [permanentWorks, setPermanentWorks] = useState(true);
  const [documentHash, setDocumentHash] = useState<string | null>(null);
  const [rows, setRows] = useState<MilestoneRow[]>([{ key: 1, id: 'termin-1', title: '', share: '100', dueDay: '90', consultant: '', apip: false }]);
  const [drafted, setDrafted] = useState(false);

  const vatRateBp = parsePercentBp(vat);
  const advanceBp = parsePercentBp(advance);
  const durationDays = parseDays(duration, 1, 1095);
  const maintenanceDays = parseDays(maintenance, 0, 730);
  const milestones: MilestoneInput[] = rows.map((r) => ({
    id: r.id.trim(),
    title: r.title.trim(),
    shareBp: parsePercentBp(r.share),
    dueDay: parseDays(r.dueDay, 1, 1095),
    verifiers: [{ kind: 'ppk' } as Slot, ...(r.consultant ? [{ kind: 'org', orgId: r.consultant } as Slot] : []), ...(r.apip ? [{ kind: 'apip' } as Slot] : [])],
  }));
  const cap = advanceCap(rules, { category, multiYear, supplierSize });
  const bond = performanceBond(rules, { value, hps, method: tender.method, bidBelowShareOfHps: award.bidBelowShareOfHps });
  const problems = useMemo(() => {
    const ps = termsProblems(rules, { category, type, multiYear, supplier: award.winner, supplierSize, vatRateBp, advanceBp, durationDays, maintenanceDays, permanentWorks, documentHash, milestones });
    if (!isLedgerId(contractId)) ps.unshift({ key: 'contractId' });
    if (pkg && value > BigInt(pkg.paguRupiah) - BigInt(pkg.committedRupiah)) ps.push({ key: 'budget', values: { room: (BigInt(pkg.paguRupiah) - BigInt(pkg.committedRupiah)).toString() } });
    return ps;
  }, [rules, category, type, multiYear, award.winner, supplierSize, vatRateBp, advanceBp, durationDays, maintenanceDays, permanentWorks, documentHash, rows, contractId, pkg, value]);
  const shareSum = milestones.reduce((s, m) => s + (m.shareBp ?? 0), 0);

  const body =
    problems.length === 0 && vatRateBp !== null && advanceBp !== null && durationDays !== null && maintenanceDays !== null && documentHash
      ? {
          contractId,
          tenderId: tender.id,
          type,
          multiYear,
          documentHash,
          valueRupiah: value.toString(),
          vatRateBp,
          advanceBp,
          durationDays,
          maintenanceDays,
          permanentWorks: category === 'works' ? permanentWorks : false,
          milestones: milestones.map((m) => ({ id: m.id, title: m.title, shareBp: m.shareBp!, dueDay: m.dueDay!, verifiers: m.verifiers.map((s) => ({ ...s })) })),
        }
      : null;

  const setRow = (key: number, patch: Partial<MilestoneRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const orgName = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;

  return (
    <form className="cw-form" onSubmit={(e) => e.preventDefault()} aria-label={t('contractWork.draft.title')}>
      <Section title={t('contractWork.draft.selection')}>
        <dl className="key-figures">
          <div className="key-figures__item key-figures__item--main">
            <dt>{t('contractWork.draft.value')}</dt>
            <dd>
              <Money value={value} />
            </dd>
          </div>
          <div className="key-figures__item">
            <dt>{t('contractWork.draft.supplier')}</dt>
            <dd>
              {supplierOrg?.name ?? award.winner}
              <span className="cell-sub">{t(`contractWork.draft.size.${supplierSize ?? 'unknown'}`)}</span>
            </dd>
          </div>
          <div className="key-figures__item">
            <dt>{t('contractWork.draft.hps')}</dt>
            <dd>
              <Money value={tender.hpsRupiah} />
            </dd>
          </div>
          <div className="key-figures__item">
            <dt>{t('contractWork.draft.package')}</dt>
            <dd>
              {tender.title}
              {pkg && <span className="cell-sub">{t('contractWork.draft.budgetLeft', { left: formatRupiah(BigInt(pkg.paguRupiah) - BigInt(pkg.committedRupiah)), pagu: formatRupiah(pkg.paguRupiah) })}</span>}
            </dd>
          </div>
        </dl>
      </Section>

      <Section title={t('contractWork.draft.terms')}>
        <div className="cw-grid">
          <Field label={t('contractWork.draft.contractId')} help={t('contractWork.draft.contractIdHelp')}>
            {(id) => <input id={id} name="contractId" value={contractId} onChange={(e) => setContractId(e.currentTarget.value.trim())} />}
          </Field>
          <Field label={t('contractWork.draft.type')} help={t('contractWork.draft.typeHelp', { category: t(`category.${category}`) })}>
            {(id) => (
              <select id={id} name="type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
                {rules.contractTypesFor[category].map((ty) => (
                  <option key={ty} value={ty}>
                    {t(`contractType.${ty}.name`, { defaultValue: ty })}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('contractWork.draft.vat')} help={t('contractWork.draft.vatHelp')}>
            {(id) => <input id={id} name="vat" inputMode="decimal" value={vat} onChange={(e) => setVat(e.currentTarget.value)} />}
          </Field>
          <Field label={t('contractWork.draft.advance')} help={t(`contractWork.draft.cap.${cap.reason}`, { cap: formatBp(cap.bp, lang), article: rules.articles.advanceCapBp ?? '' })}>
            {(id) => <input id={id} name="advance" inputMode="decimal" value={advance} onChange={(e) => setAdvance(e.currentTarget.value)} />}
          </Field>
          <Field label={t('contractWork.draft.duration')}>{(id) => <input id={id} name="duration" inputMode="numeric" value={duration} onChange={(e) => setDuration(e.currentTarget.value)} />}</Field>
          <Field label={t('contractWork.draft.maintenance')} help={category === 'works' ? t('contractWork.draft.maintenanceHelp', { permanent: rules.maintenanceMinDays.permanent, semi: rules.maintenanceMinDays.semiPermanent }) : undefined}>
            {(id) => <input id={id} name="maintenance" inputMode="numeric" value={maintenance} onChange={(e) => setMaintenance(e.currentTarget.value)} />}
          </Field>
        </div>
        <label className="cw-check">
          <input type="checkbox" name="multiYear" checked={multiYear} onChange={(e) => setMultiYear(e.currentTarget.checked)} /> {t('contractWork.draft.multiYear')}
        </label>
        {category === 'works' && (
          <label className="cw-check">
            <input type="checkbox" name="permanentWorks" checked={permanentWorks} onChange={(e) => setPermanentWorks(e.currentTarget.checked)} /> {t('contractWork.draft.permanentWorks')}
          </label>
        )}
        <DocumentField name="contractDocument" label={t('contractWork.draft.document')} help={t('contractWork.draft.documentHelp')} onChange={(h) => setDocumentHash(h[0] ?? null)} />
      </Section>

      <Section title={t('contractWork.draft.derived')}>
        <dl className="cw-computation">
          <div>
            <dt>{t('contractWork.draft.advanceRupiah', { pct: advanceBp !== null ? formatBp(advanceBp, lang) : '—' })}</dt>
            <dd>{advanceBp !== null ? <Money value={bpOf(value, advanceBp)} /> : '—'}</dd>
          </div>
          <div>
            <dt>{t('contractWork.draft.retention', { pct: formatBp(rules.retentionBp, lang), article: rules.articles.retentionBp ?? '' })}</dt>
            <dd>{t('contractWork.draft.retentionText')}</dd>
          </div>
          <div>
            <dt>{t('contractWork.draft.penalty', { article: rules.articles.latePenaltyPerMillePerDay ?? '' })}</dt>
            <dd>{t('contractWork.draft.penaltyText', { perMille: rules.latePenaltyPerMillePerDay, cap: formatBp(rules.latePenaltyCapBp, lang) })}</dd>
          </div>
          <div className="cw-computation__net">
            <dt>{t('contractWork.draft.bond', { article: rules.articles.performanceBondBp ?? '' })}</dt>
            <dd>
              <Money value={bond.rupiah} />
              <span className="cell-sub">
                {bond.base === 'none'
                  ? t(tender.method === 'e_purchasing' ? 'contractWork.draft.bondNoneEpurchasing' : 'contractWork.draft.bondNone', { above: formatRupiah(rules.performanceBondAbove) })
                  : t(`contractWork.draft.bondOn.${bond.base}`, { pct: formatBp(rules.performanceBondBp, lang), base: formatRupiah(bond.base === 'hps' ? hps : value), share: formatBp(rules.performanceBondLowBidShareBp, lang) })}
              </span>
            </dd>
          </div>
        </dl>
      </Section>

      <Section title={t('contractWork.draft.milestones')}>
        <p className="field-help">{t('contractWork.draft.milestonesHelp')}</p>
        <ol className="cw-milestones">
          {rows.map((r, i) => (
            <li key={r.key} className="cw-milestone" aria-label={t('contractWork.draft.milestoneN', { n: i + 1 })}>
              <div className="cw-grid">
                <Field label={t('contractWork.draft.milestoneId', { n: i + 1 })}>{(id) => <input id={id} name={`milestone-${i}-id`} value={r.id} onChange={(e) => setRow(r.key, { id: e.currentTarget.value.trim() })} />}</Field>
                <Field label={t('contractWork.draft.milestoneTitle', { n: i + 1 })}>{(id) => <input id={id} name={`milestone-${i}-title`} value={r.title} onChange={(e) => setRow(r.key, { title: e.currentTarget.value })} />}</Field>
                <Field label={t('contractWork.draft.milestoneShare', { n: i + 1 })}>{(id) => <input id={id} name={`milestone-${i}-share`} inputMode="decimal" value={r.share} onChange={(e) => setRow(r.key, { share: e.currentTarget.value })} />}</Field>
                <Field label={t('contractWork.draft.milestoneDue', { n: i + 1 })}>{(id) => <input id={id} name={`milestone-${i}-due`} inputMode="numeric" value={r.dueDay} onChange={(e) => setRow(r.key, { dueDay: e.currentTarget.value })} />}</Field>
              </div>
              <fieldset className="cw-slots">
                <legend>{t('contractWork.draft.verifiers', { n: i + 1 })}</legend>
                <label className="cw-check">
                  <input type="checkbox" checked disabled /> {t('contractWork.draft.slotPpk')}
                </label>
                <Field label={t('contractWork.draft.slotOrg', { n: i + 1 })}>
                  {(id) => (
                    <select id={id} name={`milestone-${i}-consultant`} value={r.consultant} onChange={(e) => setRow(r.key, { consultant: e.currentTarget.value })}>
                      <option value="">{t('contractWork.draft.slotOrgNone')}</option>
                      {verifierOrgs.map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.name} ({t(`orgKind.${o.kind}`, { defaultValue: o.kind })})
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <label className="cw-check">
                  <input type="checkbox" name={`milestone-${i}-apip`} checked={r.apip} onChange={(e) => setRow(r.key, { apip: e.currentTarget.checked })} /> {t('contractWork.draft.slotApip')}
                </label>
              </fieldset>
              {rows.length > 1 && (
                <button type="button" className="button button--secondary cw-small" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                  {t('contractWork.draft.removeMilestone', { n: i + 1 })}
                </button>
              )}
            </li>
          ))}
        </ol>
        <p className={shareSum === 10_000 ? 'cw-ok' : 'cw-warn'} aria-live="polite">
          {t('contractWork.draft.shareSum', { sum: formatBp(shareSum, lang) })}
        </p>
        {rows.length < 24 && (
          <button
            type="button"
            className="button button--secondary"
            data-add-milestone
            onClick={() =>
              setRows((rs) => {
                const key = Math.max(...rs.map((x) => x.key)) + 1;
                const last = rs[rs.length - 1];
                return [...rs, { key, id: `termin-${rs.length + 1}`, title: '', share: '', dueDay: '', consultant: last?.consultant ?? '', apip: last?.apip ?? false }];
              })
            }
          >
            {t('contractWork.draft.addMilestone')}
          </button>
        )}
      </Section>

      <Section title={t('contractWork.draft.check')}>
        <Problems problems={problems} />
        <SignAction
          type="contract.draft"
          body={body}
          label={t('contractWork.draft.sign')}
          blocked={problems.length > 0 ? t('contractWork.sign.fixFirst') : null}
          summary={[
            [t('contractWork.draft.contractId'), contractId],
            [t('contractWork.draft.value'), formatRupiah(value)],
            [t('contractWork.draft.supplier'), supplierOrg?.name ?? award.winner],
            [t('contractWork.draft.type'), t(`contractType.${type}.name`, { defaultValue: type })],
            [t('contractWork.draft.advance'), advanceBp !== null ? `${formatBp(advanceBp, lang)} (${formatRupiah(bpOf(value, advanceBp))})` : '—'],
            [t('contractWork.draft.bondShort'), formatRupiah(bond.rupiah)],
            [t('contractWork.draft.milestones'), milestones.map((m) => `${m.title || m.id} ${m.shareBp !== null ? formatBp(m.shareBp, lang) : '—'} · ${m.verifiers.map((s) => (s.kind === 'org' ? orgName(s.orgId) : t(`contractWork.slot.${s.kind}`))).join(' + ')}`).join('; ')],
          ]}
          onDone={() => setDrafted(true)}
        />
        {drafted && (
          <p className="notice">
            {t('contractWork.draft.next')} <Link to={workPaths.contract(contractId)}>{t('contractWork.draft.toSign')}</Link>
          </p>
        )}
      </Section>
    </form>
  );
}
