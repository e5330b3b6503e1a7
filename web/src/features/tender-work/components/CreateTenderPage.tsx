/**
 * /kerja/tender/baru: the PPK sets up a tender from a published RUP package — the HPS (owner
 * estimate; its breakdown stays confidential, only its SHA-256 goes on the ledger), the Pokja and
 * the opening committee with its threshold — and signs `tender.create`. The rules the ledger will
 * apply are checked here first and explained (ledger/modules/tender/README.md, "Creating a
 * tender"); the bid deadline is set by the Pokja when it announces.
 */
import '../tender-work.css';
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { Money } from '../../../components/ui/Money';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { api, unwrap } from '../../../lib/api';
import { toRupiah } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { sha256HexOf } from '../../../lib/ledger/sealing';
import { useMemberIndex, useOrganizations, type Member } from '../../../lib/organizations';
import { RequireRole, useSession, type Session } from '../../../lib/session';
import { usePublishedPackages } from '../api/list-packages';
import { uploadDocument } from '../api/upload-document';
import { RULES, committeeProblems, pokjaProblems, smallestThreshold } from '../model';
import { tenderWorkPaths } from '../paths';
import { SignAction } from './SignAction';

const TENDER_METHODS = new Set(['tender', 'tender_cepat', 'seleksi']);

export function CreateTenderPage() {
  return (
    <RequireRole roles={['ppk']} orgKinds={['buyer']}>
      <CreateTender />
    </RequireRole>
  );
}

function CreateTender() {
  const { t } = useLang();
  const s = useSession() as Session;
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const packages = usePublishedPackages(s.orgId);
  const orgs = useOrganizations();
  const auditorOrgs = (orgs.data ?? []).filter((o) => o.kind === 'auditor' && o.status === 'active').map((o) => o.id);
  const members = useMemberIndex([s.orgId, ...auditorOrgs]);
  const failed = useQuery({
    queryKey: ['processes', s.orgId, 'failed'] as const,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/processes', { params: { query: { buyer: s.orgId, status: 'failed', source: 'ledger', limit: 100 } }, signal })),
  });

  const candidates = (packages.data ?? []).filter((p) => TENDER_METHODS.has(p.method) && !p.selectionId);
  const [packageId, setPackageId] = useState(params.get('paket') ?? '');
  const pkg = candidates.find((p) => p.id === packageId) ?? null;
  const predecessors = (failed.data?.items ?? []).filter((f) => f.packageId === packageId);
  const [previous, setPrevious] = useState('');
  const [tenderId, setTenderId] = useState('');
  const [hps, setHps] = useState('');
  const [breakdown, setBreakdown] = useState<{ name: string; sha256: string; file: File } | null>(null);
  const [hashing, setHashing] = useState(false);
  const [keepCopy, setKeepCopy] = useState(false);
  const [pokja, setPokja] = useState<string[]>([]);
  const [committee, setCommittee] = useState<string[]>([]);
  const [k, setK] = useState<number | ''>('');

  const pokjaPeople = [...members.values()].filter((m) => m.orgId === s.orgId && m.status === 'active' && m.roles.includes('pokja'));
  const officerPeople = [...members.values()].filter((m) => m.status === 'active' && ((m.orgId === s.orgId && m.roles.includes('pokja')) || (auditorOrgs.includes(m.orgId) && m.roles.includes('auditor'))));
  const seats = committee.map((id) => ({ memberId: id, orgId: members.get(id)?.orgId ?? '' }));
  const suggestedK = smallestThreshold(seats);
  const threshold = k === '' ? (suggestedK ?? 0) : k;
  const hpsValue = toRupiah(hps.replace(/\D/g, ''));
  const hpsProblem = !hps ? null : hpsValue === null || hpsValue <= 0n ? 'hpsInvalid' : pkg && hpsValue > BigInt(pkg.paguRupiah) ? 'hpsAbovePagu' : null;
  const idProblem = tenderId && !/^[A-Za-z0-9:_.-]{1,128}$/.test(tenderId) ? 'idInvalid' : null;
  const pProblems = pokjaProblems(pokja);
  const cProblems = committeeProblems(seats, threshold);
  const needsPrevious = predecessors.length > 0 && !previous;
  const ready = !!pkg && !!tenderId && !idProblem && hpsValue !== null && !hpsProblem && !!breakdown && !pProblems.length && !cProblems.length && !needsPrevious;

  const toggle = (list: string[], set: (v: string[]) => void, id: string) => set(list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  const name = (m: Member) => `${m.name ?? m.id} — ${orgs.data?.find((o) => o.id === m.orgId)?.name ?? m.orgId}`;
  const perOrg = useMemo(() => {
    const c = new Map<string, number>();
    for (const x of seats) c.set(x.orgId, (c.get(x.orgId) ?? 0) + 1);
    return c;
  }, [seats]);

  const onFile = async (f: File | undefined) => {
    if (!f) return setBreakdown(null);
    setHashing(true);
    try {
      setBreakdown({ name: f.name, sha256: await sha256HexOf(f), file: f });
    } finally {
      setHashing(false);
    }
  };

  if (packages.isPending) return <Loading />;
  if (packages.isError) return <ErrorNotice error={packages.error} onRetry={() => void packages.refetch()} />;

  return (
    <div className="page tender-work" data-testid="create-tender">
      <PageTitle text={t('tenderWork.create.title')} sub={<p>{t('tenderWork.create.sub')}</p>} />
      <p>
        <Link to={tenderWorkPaths.home}>{t('tenderWork.back')}</Link>
      </p>
      <form className="tender-form" onSubmit={(e) => e.preventDefault()}>
        <Section title={t('tenderWork.create.package')}>
          {candidates.length === 0 ? (
            <p>{t('tenderWork.create.noPackage')}</p>
          ) : (
            <div className="field">
              <label htmlFor="tw-package">{t('tenderWork.create.package')}</label>
              <select
                id="tw-package"
                value={packageId}
                onChange={(e) => {
                  setPackageId(e.target.value);
                  setPrevious('');
                  if (!tenderId) setTenderId(e.target.value ? `tender-${e.target.value}` : '');
                }}
              >
                <option value="">{t('tenderWork.create.choose')}</option>
                {candidates.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.title} ({p.id})
                  </option>
                ))}
              </select>
            </div>
          )}
          {pkg && (
            <dl className="tender-facts">
              <div>
                <dt>{t('tenderWork.create.method')}</dt>
                <dd>{t(`method.${pkg.method}`, { defaultValue: pkg.method })}</dd>
              </div>
              <div>
                <dt>{t('tenderWork.create.category')}</dt>
                <dd>{t(`category.${pkg.category}`, { defaultValue: pkg.category })}</dd>
              </div>
              <div>
                <dt>{t('tenderWork.create.pagu')}</dt>
                <dd>
                  <Money value={pkg.paguRupiah} />
                </dd>
              </div>
              <div>
                <dt>{t('tenderWork.create.workUnit')}</dt>
                <dd>{pkg.workUnit}</dd>
              </div>
            </dl>
          )}
          {predecessors.length > 0 && (
            <div className="field">
              <label htmlFor="tw-previous">{t('tenderWork.create.previous')}</label>
              <select id="tw-previous" value={previous} onChange={(e) => setPrevious(e.target.value)} aria-describedby="tw-previous-help">
                <option value="">{t('tenderWork.create.choose')}</option>
                {predecessors.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.id}
                  </option>
                ))}
              </select>
              <p id="tw-previous-help" className="field-help">
                {t('tenderWork.create.previousHelp')}
              </p>
            </div>
          )}
          <div className="field">
            <label htmlFor="tw-id">{t('tenderWork.create.tenderId')}</label>
            <input id="tw-id" value={tenderId} onChange={(e) => setTenderId(e.target.value.trim())} aria-invalid={idProblem ? true : undefined} aria-describedby="tw-id-help" autoComplete="off" />
            <p id="tw-id-help" className={idProblem ? 'field-error' : 'field-help'}>
              {t(idProblem ? 'tenderWork.create.idInvalid' : 'tenderWork.create.idHelp')}
            </p>
          </div>
        </Section>

        <Section title={t('tenderWork.create.hpsTitle')}>
          <div className="field">
            <label htmlFor="tw-hps">{t('tenderWork.create.hps')}</label>
            <input id="tw-hps" inputMode="numeric" value={hps} onChange={(e) => setHps(e.target.value)} aria-invalid={hpsProblem ? true : undefined} aria-describedby="tw-hps-help" autoComplete="off" />
            <p id="tw-hps-help" className={hpsProblem ? 'field-error' : 'field-help'}>
              {hpsProblem ? t(`tenderWork.create.${hpsProblem}`) : hpsValue !== null ? <Money value={hpsValue} /> : t('tenderWork.create.hpsHelp')}
            </p>
          </div>
          <div className="field">
            <label htmlFor="tw-breakdown">{t('tenderWork.create.breakdown')}</label>
            <input id="tw-breakdown" type="file" onChange={(e) => void onFile(e.target.files?.[0])} aria-describedby="tw-breakdown-help" />
            <p id="tw-breakdown-help" className="field-help">
              {t('tenderWork.create.breakdownHelp')}
            </p>
            {hashing && <Loading label={t('tenderWork.create.hashing')} />}
            {breakdown && (
              <p className="hash-line" data-testid="breakdown-hash">
                {t('tenderWork.create.hashOf', { name: breakdown.name })} <code className="hash">{breakdown.sha256}</code>
              </p>
            )}
          </div>
          <label className="check">
            <input type="checkbox" checked={keepCopy} onChange={(e) => setKeepCopy(e.target.checked)} /> {t('tenderWork.create.keepCopy')}
          </label>
        </Section>

        <Section title={t('tenderWork.create.pokjaTitle')}>
          <fieldset className="choices">
            <legend>{t('tenderWork.create.pokjaLegend', { min: RULES.pokjaMinMembers })}</legend>
            {pokjaPeople.length === 0 && <p>{t('tenderWork.create.noPokja')}</p>}
            {pokjaPeople.map((m) => (
              <label key={m.id} className="check">
                <input type="checkbox" data-role="pokja" data-member-id={m.id} checked={pokja.includes(m.id)} onChange={() => toggle(pokja, setPokja, m.id)} /> {m.name ?? m.id} <code className="muted">{m.id}</code>
              </label>
            ))}
          </fieldset>
          {pokja.length > 0 && pProblems.length > 0 && (
            <ul className="field-error" aria-live="polite">
              {pProblems.map((p) => (
                <li key={p}>{t(`tenderWork.pokjaRule.${p}`)}</li>
              ))}
            </ul>
          )}
        </Section>

        <Section title={t('tenderWork.create.committeeTitle')}>
          <p>{t('tenderWork.create.committeeWhy')}</p>
          <fieldset className="choices">
            <legend>{t('tenderWork.create.committeeLegend')}</legend>
            {officerPeople.map((m) => (
              <label key={m.id} className="check">
                <input type="checkbox" data-role="committee" data-member-id={m.id} checked={committee.includes(m.id)} onChange={() => toggle(committee, setCommittee, m.id)} /> {name(m)}
                {committee.includes(m.id) && <span className="muted"> · {t('tenderWork.create.seat', { n: committee.indexOf(m.id) + 1 })}</span>}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="tw-k">{t('tenderWork.create.threshold')}</label>
            <input id="tw-k" type="number" min={1} max={Math.max(1, committee.length)} value={k === '' ? (suggestedK ?? '') : k} onChange={(e) => setK(e.target.value === '' ? '' : Number(e.target.value))} aria-describedby="tw-k-help" />
            <p id="tw-k-help" className="field-help">
              {t('tenderWork.create.thresholdHelp', { n: committee.length, most: Math.max(0, ...perOrg.values()), orgs: perOrg.size })}
            </p>
          </div>
          {committee.length > 0 && cProblems.length > 0 && (
            <ul className="field-error" aria-live="polite">
              {cProblems.map((p) => (
                <li key={p}>{t(`tenderWork.committeeRule.${p}`, { max: RULES.openingMaxSeats })}</li>
              ))}
            </ul>
          )}
        </Section>

        <Section title={t('tenderWork.create.scheduleTitle')}>
          <ul className="rules">
            <li>{t('tenderWork.create.ruleDeadline', { days: RULES.minBidDays })}</li>
            <li>{t('tenderWork.create.ruleKeys')}</li>
            <li>{t('tenderWork.create.ruleGrace', { days: RULES.openingGraceDays })}</li>
            <li>{t('tenderWork.create.ruleSanggah', { days: RULES.sanggahDays, answer: RULES.sanggahAnswerDays, banding: RULES.bandingDays })}</li>
          </ul>
        </Section>

        <Section title={t('tenderWork.create.signTitle')}>
          <SignAction
            type="tender.create"
            label={t('tenderWork.create.submit')}
            disabled={!ready}
            fields={[
              { label: t('tenderWork.create.tenderId'), value: <code>{tenderId || '—'}</code> },
              { label: t('tenderWork.create.package'), value: pkg ? pkg.title : '—' },
              { label: t('tenderWork.create.hps'), value: hpsValue !== null ? <Money value={hpsValue} /> : '—' },
              { label: t('tenderWork.create.breakdownHash'), value: breakdown ? <code className="hash">{breakdown.sha256}</code> : '—' },
              { label: t('tenderWork.create.pokjaTitle'), value: pokja.join(', ') || '—' },
              { label: t('tenderWork.create.committeeTitle'), value: committee.length ? t('tenderWork.create.kOfN', { k: threshold, n: committee.length, seats: committee.join(', ') }) : '—' },
            ]}
            build={async () => {
              if (!ready || !pkg || hpsValue === null || !breakdown) return null;
              if (keepCopy) await uploadDocument(breakdown.file, 'restricted');
              return { tenderId, packageId: pkg.id, hpsRupiah: hpsValue.toString(), hpsBreakdownHash: breakdown.sha256, pokja, committee, threshold, previousTenderId: previous || null };
            }}
            onDone={(r) => void navigate(tenderWorkPaths.tender(tenderId), { state: { recorded: { type: 'tender.create', result: r } } })}
          />
          {!ready && <p className="field-help">{t('tenderWork.create.notReady')}</p>}
        </Section>
      </form>
    </div>
  );
}
