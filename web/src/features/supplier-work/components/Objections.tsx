/**
 * Objections (sanggah) against the award: every objection with the Pokja's answer; a bidder that
 * did not win may file one while the sanggah window runs, with evidence hashed in this browser.
 * On construction works a rejected sanggah may be appealed (sanggah banding, decided by the
 * PA/KPA) by the supplier that filed it, within the appeal window, with an appeal bond's number.
 */
import { useId, useState, type FormEvent } from 'react';
import { Section } from '../../../components/ui/Section';
import { Loading } from '../../../components/ui/Loading';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { DateTime } from '../../../components/ui/DateTime';
import { Money } from '../../../components/ui/Money';
import type { Schemas } from '../../../lib/api';
import { useLang } from '../../../lib/i18n';
import { useOrganizationIndex } from '../../../lib/organizations';
import { TxProgress, useSubmitTx } from '../../../lib/ledger/submit';
import { sha256HexOf } from '../../../lib/ledger/sealing';
import { useObjections, useLedgerClock } from '../api/queries';
import type { SupplierTender } from '../model';
import { MSG } from '../paths';

export function Objections({ detail, tender, orgId }: { detail: Schemas['ProcessDetail']; tender: SupplierTender; orgId: string }) {
  const { t } = useLang();
  const q = useObjections(tender.id);
  const clock = useLedgerClock();
  const orgs = useOrganizationIndex();
  const name = (org: string) => orgs.get(org)?.name ?? org;
  const bidder = detail.bids.some((b) => b.bidder === orgId);
  // An appeal being sent stays on screen until its block is shown, though the refreshed list no longer offers it.
  const [appealing, setAppealing] = useState<number[]>([]);
  const canFile = tender.status === 'awarded' && bidder && tender.award !== null && tender.award.winner !== orgId && (tender.sanggahEndsMs === null || tender.sanggahEndsMs > clock.ledgerNow());
  // The supplier's own rejected sanggah on works, not yet appealed, while the window runs (as the ledger's tender.file_appeal checks).
  const appealable = (o: Schemas['TenderObjection']) =>
    o.kind === 'sanggah' && o.status === 'rejected' && o.filedBy === orgId && o.bandingEndsMs !== null && o.bandingEndsMs > clock.ledgerNow() && !(q.data ?? []).some((x) => x.appealOf === o.no);
  if (!tender.award && (!q.data || q.data.length === 0)) return null;
  return (
    <Section title={t('supplierWork.objections')}>
      {tender.award && (
        <p>
          {t('supplierWork.awardedTo', { winner: tender.award.winner === orgId ? t('supplierWork.you') : name(tender.award.winner) })} <Money value={tender.award.priceRupiah} />
          {tender.sanggahEndsMs !== null && (
            <>
              {' '}
              · {t('supplierWork.sanggahUntil')} <DateTime value={tender.sanggahEndsMs} />
            </>
          )}
        </p>
      )}
      {q.isPending && <Loading />}
      {q.isError && <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && q.data.length > 0 && (
        <ol className="plain objections">
          {q.data.map((o) => (
            <li key={o.no}>
              <p>
                <strong>{o.kind === 'banding' && o.appealOf !== null ? t('supplierWork.bandingNo', { no: o.no, of: o.appealOf }) : t('supplierWork.objectionNo', { no: o.no })}</strong> ({name(o.filedBy)}, <DateTime value={o.filedMs} />) — {t(`supplierWork.objectionStatus.${o.status}`)}
              </p>
              <p>{o.text}</p>
              {o.answer && <p className="muted">{t('supplierWork.answer', { text: o.answer })}</p>}
              {appealable(o) && (
                <p>
                  {t('supplierWork.appealUntil')} <DateTime value={o.bandingEndsMs!} />
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {canFile && <ObjectionForm tenderId={tender.id} />}
      {(q.data ?? [])
        .filter((o) => appealable(o) || appealing.includes(o.no))
        .map((o) => (
          <ObjectionForm key={o.no} tenderId={tender.id} appeal={o.no} onSubmitting={() => setAppealing((a) => [...a, o.no])} />
        ))}
    </Section>
  );
}

/** A sanggah, or with `appeal` the sanggah banding of the supplier's sanggah number `appeal`. */
function ObjectionForm({ tenderId, appeal, onSubmitting }: { tenderId: string; appeal?: number; onSubmitting?: () => void }) {
  const { t } = useLang();
  const id = useId();
  const tx = useSubmitTx();
  const [text, setText] = useState('');
  const [bond, setBond] = useState('');
  const [evidence, setEvidence] = useState<Array<{ name: string; sha256: string }>>([]);
  const busy = tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing';
  const add = async (files: FileList | null) => {
    if (!files) return;
    const out = [...evidence];
    for (const f of Array.from(files)) {
      const sha256 = await sha256HexOf(f);
      if (!out.some((e) => e.sha256 === sha256) && out.length < 20) out.push({ name: f.name, sha256 });
    }
    setEvidence(out);
  };
  const file = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onSubmitting?.();
      const evidenceHashes = evidence.map((x) => x.sha256);
      if (appeal === undefined) await tx.submit(MSG.fileObjection, { tenderId, text: text.trim(), evidenceHashes });
      else await tx.submit(MSG.fileAppeal, { tenderId, objectionNo: appeal, text: text.trim(), evidenceHashes, appealBondReference: bond.trim() });
      setText('');
      setBond('');
      setEvidence([]);
    } catch {
      // shown by TxProgress
    }
  };
  if (appeal !== undefined && tx.phase === 'done')
    return (
      <div className="objection-form appeal-form">
        <h3>{t('supplierWork.fileAppeal', { no: appeal })}</h3>
        <TxProgress state={tx} />
      </div>
    );
  return (
    <form onSubmit={(e) => void file(e)} className={appeal === undefined ? 'objection-form' : 'objection-form appeal-form'}>
      <h3>{appeal === undefined ? t('supplierWork.fileObjection') : t('supplierWork.fileAppeal', { no: appeal })}</h3>
      <div className="field">
        <label htmlFor={`${id}-text`}>{appeal === undefined ? t('supplierWork.objectionText') : t('supplierWork.appealText')}</label>
        <textarea id={`${id}-text`} rows={4} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} aria-describedby={`${id}-help`} />
        <p id={`${id}-help`} className="field-help">
          {t('supplierWork.publicTextHelp')}
        </p>
      </div>
      {appeal !== undefined && (
        <div className="field">
          <label htmlFor={`${id}-bond`}>{t('supplierWork.appealBond')}</label>
          <input id={`${id}-bond`} maxLength={120} value={bond} onChange={(e) => setBond(e.target.value)} aria-describedby={`${id}-bond-help`} />
          <p id={`${id}-bond-help`} className="field-help">
            {t('supplierWork.appealBondHelp')}
          </p>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-ev`}>{t('supplierWork.evidence')}</label>
        <input id={`${id}-ev`} type="file" multiple onChange={(e) => void add(e.target.files)} />
      </div>
      {evidence.length > 0 && (
        <ul className="plain">
          {evidence.map((e) => (
            <li key={e.sha256}>
              {e.name} — <code className="hash">{e.sha256}</code>
            </li>
          ))}
        </ul>
      )}
      <button type="submit" className="button" disabled={busy || text.trim().length < 3 || (appeal !== undefined && bond.trim().length === 0)}>
        {appeal === undefined ? t('supplierWork.fileObjectionButton') : t('supplierWork.fileAppealButton')}
      </button>
      <TxProgress state={tx} />
    </form>
  );
}
