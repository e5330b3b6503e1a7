/**
 * Objections (sanggah) against the award: every objection with the Pokja's answer; a bidder that
 * did not win may file one while the sanggah window runs, with evidence hashed in this browser.
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
  const canFile = tender.status === 'awarded' && bidder && tender.award !== null && tender.award.winner !== orgId && (tender.sanggahEndsMs === null || tender.sanggahEndsMs > clock.ledgerNow());
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
                <strong>{t('supplierWork.objectionNo', { no: o.no })}</strong> ({name(o.filedBy)}, <DateTime value={o.filedMs} />) — {t(`supplierWork.objectionStatus.${o.status}`)}
              </p>
              <p>{o.text}</p>
              {o.answer && <p className="muted">{t('supplierWork.answer', { text: o.answer })}</p>}
            </li>
          ))}
        </ol>
      )}
      {canFile && <ObjectionForm tenderId={tender.id} />}
    </Section>
  );
}

function ObjectionForm({ tenderId }: { tenderId: string }) {
  const { t } = useLang();
  const id = useId();
  const tx = useSubmitTx();
  const [text, setText] = useState('');
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
      await tx.submit(MSG.fileObjection, { tenderId, text: text.trim(), evidenceHashes: evidence.map((x) => x.sha256) });
      setText('');
      setEvidence([]);
    } catch {
      // shown by TxProgress
    }
  };
  return (
    <form onSubmit={(e) => void file(e)} className="objection-form">
      <h3>{t('supplierWork.fileObjection')}</h3>
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('supplierWork.objectionText')}</label>
        <textarea id={`${id}-text`} rows={4} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} aria-describedby={`${id}-help`} />
        <p id={`${id}-help`} className="field-help">
          {t('supplierWork.publicTextHelp')}
        </p>
      </div>
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
      <button type="submit" className="button" disabled={busy || text.trim().length < 3}>
        {t('supplierWork.fileObjectionButton')}
      </button>
      <TxProgress state={tx} />
    </form>
  );
}
