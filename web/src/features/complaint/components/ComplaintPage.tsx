/**
 * The public complaint form (/pengaduan, no login). A person chooses what the complaint is about
 * (a contract, tender or RUP package on the ledger, found by words), describes it, adds evidence
 * (hashed in this browser; the files stay with the person), checks what will be signed — warned
 * that personal data is refused by the ledger — and the browser signs `complaint.file` with a
 * one-off key of its own, kept in this browser so that the person can follow the complaint.
 */
import '../complaint.css';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { PageTitle } from '../../../components/ui/PageTitle';
import { Section } from '../../../components/ui/Section';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { api, unwrap } from '../../../lib/api';
import { useLang } from '../../../lib/i18n';
import { TxProgress } from '../../../lib/ledger/submit';
import { sha256HexOf } from '../../../lib/ledger/sealing';
import { FILE_COMPLAINT, usePublicSubmit } from '../api/file-complaint';
import { newPublicKey, publicSignerId, rememberComplaint, type PublicKeyPair } from '../api/public-keys';
import { useSubjectById, useSubjectSearch, type SubjectHit, type SubjectKind } from '../api/search-subjects';
import { FollowComplaints } from './FollowComplaints';

const KINDS: SubjectKind[] = ['contract', 'tender', 'package'];
const MAX_EVIDENCE = 20;
const TEXT_MIN = 10;
const TEXT_MAX = 4000;

interface Evidence {
  name: string;
  size: number;
  sha256: string;
}

function newComplaintId(): string {
  const d = new Date();
  const day = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  const rnd = Array.from(crypto.getRandomValues(new Uint8Array(5)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `aduan-${day}-${rnd}`;
}

function parseSubject(v: string | null): { kind: SubjectKind; id: string } | null {
  const m = /^(contract|tender|package):([a-z0-9][a-z0-9-]{1,62}[a-z0-9])$/.exec(v ?? '');
  return m ? { kind: m[1] as SubjectKind, id: m[2]! } : null;
}

export function ComplaintPage() {
  const { t } = useLang();
  const [params] = useSearchParams();
  const preset = parseSubject(params.get('tentang'));
  const status = useQuery({ queryKey: ['status'] as const, queryFn: ({ signal }) => unwrap(api.GET('/api/v1/status', { signal })) });
  const chain = status.data?.chainId ?? null;
  const [filed, setFiled] = useState(0);
  return (
    <div className="page page--narrow complaint-page">
      <PageTitle text={t('complaint.title')} />
      <p className="lede">{t('complaint.lede')}</p>
      <ComplaintForm chain={chain} preset={preset} onFiled={() => setFiled((n) => n + 1)} />
      {chain && <FollowComplaints chain={chain} refresh={filed} initialId={params.get('lacak')} />}
    </div>
  );
}

function ComplaintForm({ chain, preset, onFiled }: { chain: string | null; preset: { kind: SubjectKind; id: string } | null; onFiled: () => void }) {
  const { t } = useLang();
  const id = useId();
  const [kind, setKind] = useState<SubjectKind>(preset?.kind ?? 'contract');
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [subject, setSubject] = useState<SubjectHit | null>(null);
  const [text, setText] = useState('');
  const [evidence, setEvidence] = useState<Evidence[]>([]);
  const [hashing, setHashing] = useState(false);
  const [review, setReview] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [complaintId] = useState(newComplaintId);
  const [key, setKey] = useState<PublicKeyPair | null>(null);
  const [signerId, setSignerId] = useState<string | null>(null);
  const tx = usePublicSubmit();
  const hits = useSubjectSearch(kind, query);
  const named = useSubjectById(preset);

  // The subject a link named is chosen as soon as it is read.
  const presetHit = named.data ?? null;
  useEffect(() => {
    if (presetHit) setSubject((cur) => cur ?? presetHit);
  }, [presetHit]);

  const textLen = text.trim().length;
  const canReview = subject !== null && textLen >= TEXT_MIN && textLen <= TEXT_MAX && !hashing;

  const addFiles = async (files: FileList | null) => {
    if (!files?.length) return;
    setHashing(true);
    try {
      const added: Evidence[] = [];
      for (const f of Array.from(files)) added.push({ name: f.name, size: f.size, sha256: await sha256HexOf(f) });
      setEvidence((prev) => {
        const seen = new Set(prev.map((e) => e.sha256));
        const out = [...prev];
        for (const e of added) {
          if (seen.has(e.sha256) || out.length >= MAX_EVIDENCE) continue;
          seen.add(e.sha256);
          out.push(e);
        }
        return out;
      });
    } finally {
      setHashing(false);
    }
  };

  const toReview = (e: FormEvent) => {
    e.preventDefault();
    if (!subject) return setProblem(t('complaint.needSubject'));
    if (textLen < TEXT_MIN || textLen > TEXT_MAX) return setProblem(t('complaint.textLength', { min: TEXT_MIN, max: TEXT_MAX }));
    setProblem(null);
    tx.reset();
    setReview(true);
  };

  const send = async () => {
    if (!subject || !chain) return;
    let k = key;
    if (!k) {
      k = await newPublicKey();
      setKey(k);
      setSignerId(await publicSignerId(k.publicKey));
    }
    tx.setKey(k, chain);
    try {
      const r = await tx.submit(FILE_COMPLAINT, { complaintId, subject: { kind: subject.kind, id: subject.id }, text: text.trim(), evidenceHashes: evidence.map((e) => e.sha256) });
      await rememberComplaint({ complaintId, chain, signerId: await publicSignerId(k.publicKey), key: k, subject: { kind: subject.kind, id: subject.id, title: subject.title }, txHash: r.hash, height: r.height, filedAt: new Date().toISOString() });
      onFiled();
    } catch {
      // shown by TxProgress; the person may correct the text and send again with the same key
    }
  };

  if (tx.phase === 'done' && tx.result && subject) {
    return (
      <Section title={t('complaint.filedTitle')}>
        <TxProgress state={tx} />
        <dl className="terms">
          <div>
            <dt>{t('complaint.idLabel')}</dt>
            <dd>
              <code data-testid="complaint-id">{complaintId}</code>
            </dd>
          </div>
          <div>
            <dt>{t('complaint.signerLabel')}</dt>
            <dd>
              <code>{signerId}</code>
            </dd>
          </div>
        </dl>
        <p>{t('complaint.followHow', { id: complaintId })}</p>
        <p>
          <Link to={`/pengaduan?lacak=${encodeURIComponent(complaintId)}`}>{t('complaint.followLink')}</Link>
        </p>
      </Section>
    );
  }

  return (
    <form onSubmit={toReview} aria-describedby={`${id}-privacy`} noValidate>
      <Section title={t('complaint.step1')}>
        <fieldset className="segmented">
          <legend className="visually-hidden">{t('complaint.kindLegend')}</legend>
          {KINDS.map((k) => (
            <label key={k} className={kind === k ? 'is-selected' : undefined}>
              <input
                type="radio"
                name="kind"
                value={k}
                checked={kind === k}
                disabled={review}
                onChange={() => {
                  setKind(k);
                  setSubject(null);
                }}
              />
              {t(`complaint.kind.${k}`)}
            </label>
          ))}
        </fieldset>
        <div className="search-form__main">
          <label htmlFor={`${id}-q`} className="visually-hidden">
            {t('complaint.searchLabel')}
          </label>
          <input id={`${id}-q`} type="search" value={q} disabled={review} onChange={(e) => setQ(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), setQuery(q.trim()))} placeholder={t('complaint.searchPlaceholder')} maxLength={200} autoComplete="off" />
          <button type="button" className="button button--secondary" disabled={review} onClick={() => setQuery(q.trim())}>
            {t('complaint.searchButton')}
          </button>
        </div>
        {hits.isPending && <Loading />}
        {hits.isError && <ErrorNotice error={hits.error} onRetry={() => void hits.refetch()} />}
        {hits.data && hits.data.length === 0 && <p className="empty">{t('complaint.noHits')}</p>}
        {hits.data && hits.data.length > 0 && (
          <fieldset className="subject-list">
            <legend>{t('complaint.pickSubject')}</legend>
            {hits.data.map((h) => (
              <label key={`${h.kind}/${h.id}`} className="subject-list__item">
                <input type="radio" name="subject" value={h.id} checked={subject?.id === h.id && subject.kind === h.kind} disabled={review} onChange={() => setSubject(h)} />
                <span>
                  <span className="cell-title">{h.title || h.id}</span>
                  <span className="cell-sub">
                    <code>{h.id}</code> · {h.buyer}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {named.isError && <ErrorNotice error={named.error} />}
        {subject && (
          <p role="status">
            {t('complaint.chosen')} <strong>{subject.title || subject.id}</strong> (<code>{subject.id}</code>)
          </p>
        )}
      </Section>

      <Section title={t('complaint.step2')}>
        <div className="field">
          <label htmlFor={`${id}-text`}>{t('complaint.textLabel')}</label>
          <textarea id={`${id}-text`} rows={7} value={text} disabled={review} onChange={(e) => setText(e.target.value)} maxLength={TEXT_MAX} aria-describedby={`${id}-text-help`} />
          <p id={`${id}-text-help`} className="field-help">
            {t('complaint.textHelp', { n: textLen, min: TEXT_MIN, max: TEXT_MAX })}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-files`}>{t('complaint.evidenceLabel')}</label>
          <input id={`${id}-files`} type="file" multiple disabled={review || evidence.length >= MAX_EVIDENCE} onChange={(e) => void addFiles(e.target.files)} aria-describedby={`${id}-files-help`} />
          <p id={`${id}-files-help`} className="field-help">
            {t('complaint.evidenceHelp', { max: MAX_EVIDENCE })}
          </p>
        </div>
        {hashing && <Loading label={t('complaint.hashing')} />}
        {evidence.length > 0 && (
          <ul className="plain evidence-list">
            {evidence.map((e) => (
              <li key={e.sha256}>
                {e.name} — <code className="hash">{e.sha256}</code>{' '}
                {!review && (
                  <button type="button" className="button button--secondary" onClick={() => setEvidence((prev) => prev.filter((x) => x.sha256 !== e.sha256))} aria-label={t('complaint.removeFile', { name: e.name })}>
                    {t('complaint.remove')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <div id={`${id}-privacy`} className="notice" role="note">
        <p className="notice__title">{t('complaint.privacyTitle')}</p>
        <p>{t('complaint.privacyText')}</p>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}

      {!review ? (
        <button type="submit" className="button" disabled={!canReview}>
          {t('complaint.review')}
        </button>
      ) : (
        <Section title={t('complaint.step3')}>
          <p>{t('complaint.reviewLede')}</p>
          <dl className="terms">
            <div>
              <dt>{t('complaint.idLabel')}</dt>
              <dd>
                <code>{complaintId}</code>
              </dd>
            </div>
            <div>
              <dt>{t('complaint.subjectLabel')}</dt>
              <dd>
                {t(`complaint.kind.${subject!.kind}`)}: {subject!.title || subject!.id} (<code>{subject!.id}</code>)
              </dd>
            </div>
            <div>
              <dt>{t('complaint.textLabel')}</dt>
              <dd className="complaint-text">{text.trim()}</dd>
            </div>
            <div>
              <dt>{t('complaint.evidenceCount')}</dt>
              <dd>{evidence.length}</dd>
            </div>
          </dl>
          <p className="muted">{t('complaint.keyNote')}</p>
          <TxProgress state={tx} />
          <div className="actions">
            <button type="button" className="button" disabled={!chain || tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing'} onClick={() => void send()}>
              {t('complaint.send')}
            </button>
            <button type="button" className="button button--secondary" disabled={tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing'} onClick={() => setReview(false)}>
              {t('complaint.edit')}
            </button>
          </div>
        </Section>
      )}
    </form>
  );
}

