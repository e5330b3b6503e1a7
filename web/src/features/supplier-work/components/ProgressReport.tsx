/**
 * Reporting progress on a termin: the percentage done, a note (public text), and documents —
 * each uploaded to the gateway's store with a progress bar, its SHA-256 anchored in the report.
 * Reporting it complete (100 %, at least one document) claims the termin for verification.
 */
import { useId, useState, type FormEvent } from 'react';
import { useLang } from '../../../lib/i18n';
import { ApiProblem } from '../../../lib/api';
import type { SubmitState } from '../../../lib/ledger/submit';
import type { Milestone } from '../../../lib/contract-record';
import { uploadDocument, type StoredDocument } from '../api/upload-document';
import { MSG } from '../paths';

interface Upload {
  key: string;
  name: string;
  fraction: number;
  doc: StoredDocument | null;
  error: ApiProblem | null;
}

export function ProgressReport({ contractId, milestone, tx }: { contractId: string; milestone: Milestone; tx: SubmitState }) {
  const { t, lang } = useLang();
  const id = useId();
  const [percent, setPercent] = useState(String(Math.max(milestone.progressBp, 0) / 100));
  const [complete, setComplete] = useState(false);
  const [note, setNote] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'restricted'>('public');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const busy = tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing';
  const uploading = uploads.some((u) => !u.doc && !u.error);

  const upload = async (files: FileList | null) => {
    if (!files) return;
    for (const f of Array.from(files)) {
      const key = `${f.name}-${f.size}-${Math.random()}`;
      setUploads((prev) => [...prev, { key, name: f.name, fraction: 0, doc: null, error: null }]);
      const set = (patch: Partial<Upload>) => setUploads((prev) => prev.map((u) => (u.key === key ? { ...u, ...patch } : u)));
      try {
        const doc = await uploadDocument(f, visibility, (fraction) => set({ fraction }));
        set({ doc, fraction: 1 });
      } catch (e) {
        set({ error: e instanceof ApiProblem ? e : new ApiProblem('NETWORK', 0, null, String(e)) });
      }
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = Number(percent.replace(',', '.'));
    if (!Number.isFinite(p) || p < 0 || p > 100) return setProblem(t('supplierWork.badPercent'));
    const bp = Math.round(p * 100);
    if (bp < milestone.progressBp) return setProblem(t('supplierWork.progressBack'));
    const hashes = [...new Set(uploads.flatMap((u) => (u.doc ? [u.doc.sha256] : [])))];
    if (complete && (bp !== 10_000 || hashes.length === 0)) return setProblem(t('supplierWork.completeNeeds'));
    if (note.trim().length < 3) return setProblem(t('supplierWork.noteNeeded'));
    setProblem(null);
    try {
      await tx.submit(MSG.reportProgress, { contractId, milestoneId: milestone.id, progressBp: bp, complete, note: note.trim(), documentHashes: hashes });
      setUploads([]);
      setNote('');
    } catch {
      // shown by TxProgress
    }
  };

  return (
    <form className="progress-report" onSubmit={(e) => void submit(e)} aria-label={t('supplierWork.reportFor', { title: milestone.title })}>
      <div className="filters">
        <div className="field">
          <label htmlFor={`${id}-pct`}>{t('supplierWork.percentDone')}</label>
          <input id={`${id}-pct`} inputMode="decimal" value={percent} onChange={(e) => setPercent(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-vis`}>{t('supplierWork.visibility')}</label>
          <select id={`${id}-vis`} value={visibility} onChange={(e) => setVisibility(e.target.value === 'restricted' ? 'restricted' : 'public')}>
            <option value="public">{t('supplierWork.visibilityPublic')}</option>
            <option value="restricted">{t('supplierWork.visibilityRestricted')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-docs`}>{t('supplierWork.documents')}</label>
          <input id={`${id}-docs`} type="file" multiple onChange={(e) => void upload(e.target.files)} />
        </div>
      </div>
      {uploads.length > 0 && (
        <ul className="plain uploads">
          {uploads.map((u) => (
            <li key={u.key}>
              <label>
                {u.name}{' '}
                <progress max={1} value={u.fraction} aria-label={t('supplierWork.uploadOf', { name: u.name })}>
                  {Math.round(u.fraction * 100)} %
                </progress>
              </label>{' '}
              {u.doc && <code className="hash">{u.doc.sha256}</code>}
              {u.error && (
                <span className="field-error" role="alert">
                  {u.error.messages?.[lang] ?? t('supplierWork.uploadFailed')}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('supplierWork.note')}</label>
        <textarea id={`${id}-note`} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} aria-describedby={`${id}-note-help`} />
        <p id={`${id}-note-help`} className="field-help">
          {t('supplierWork.publicTextHelp')}
        </p>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={complete} onChange={(e) => (setComplete(e.target.checked), e.target.checked && setPercent('100'))} /> {t('supplierWork.completeLabel')}
      </label>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button" disabled={busy || uploading}>
          {complete ? t('supplierWork.claimButton') : t('supplierWork.reportButton')}
        </button>
      </div>
    </form>
  );
}
