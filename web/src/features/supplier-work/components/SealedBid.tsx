/**
 * The sealed bid: the price and terms are encrypted in this browser (web/src/lib/ledger/sealing.ts)
 * before anything is sent, the key split among the opening committee so that only k officers of at
 * least two institutions together, after the deadline, can open it — not the Pokja, not this
 * gateway. The supplier checks what will be sealed, signs, and keeps the receipt: the commitment,
 * the transaction and its block. A later bid replaces the earlier one until the deadline.
 */
import { useId, useState, type FormEvent } from 'react';
import { Section } from '../../../components/ui/Section';
import { Money } from '../../../components/ui/Money';
import { DateTime } from '../../../components/ui/DateTime';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { Loading } from '../../../components/ui/Loading';
import type { Schemas } from '../../../lib/api';
import { useLang } from '../../../lib/i18n';
import { useSessionControl } from '../../../lib/session';
import { TxProgress, useSubmitTx } from '../../../lib/ledger/submit';
import { sealBid, sha256HexOf, toHex, SealingError } from '../../../lib/ledger/sealing';
import { bidReceipts, groupThousands, myBid, parseRupiahInput, type SupplierTender } from '../model';
import { MSG } from '../paths';

interface Draft {
  priceRupiah: string;
  tkdnBp: number;
  validityDays: number;
  technicalHash: string;
  technicalName: string;
}

export function SealedBid({ detail, tender, orgId, registered, open }: { detail: Schemas['ProcessDetail']; tender: SupplierTender; orgId: string; registered: boolean; open: boolean }) {
  const { t } = useLang();
  const receipts = bidReceipts(detail, orgId);
  const bid = myBid(detail, orgId);
  const seats = tender.committee.length;
  const orgs = new Set(tender.committee.map((c) => c.orgId)).size;
  return (
    <Section title={t('supplierWork.bidTitle')}>
      {(tender.status === 'draft' || tender.status === 'announced') && (
        <div className="notice" role="note">
          <p className="notice__title">{t('supplierWork.sealedTitle')}</p>
          <p>{t('supplierWork.sealedExplain', { k: tender.threshold ?? '?', n: seats, orgs })}</p>
        </div>
      )}
      {bid && (
        <p data-testid="my-bid-status">
          {t('supplierWork.myBid')} <StatusBadge status={bid.status} kind="bidStatus" />
          {bid.priceRupiah && (
            <>
              {' '}
              — <Money value={bid.priceRupiah} />
            </>
          )}
          {bid.problem && <span className="cell-sub cell-sub--warn">{bid.problem}</span>}
        </p>
      )}
      {receipts.length > 0 && <Receipts receipts={receipts} />}
      {registered && open ? <BidForm tender={tender} orgId={orgId} replacing={receipts.length > 0} /> : !registered && tender.status === 'announced' ? <p className="muted">{t('supplierWork.registerFirst')}</p> : null}
    </Section>
  );
}

function Receipts({ receipts }: { receipts: ReturnType<typeof bidReceipts> }) {
  const { t } = useLang();
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t('supplierWork.receipts')}>
      <table className="table table--compact" data-testid="bid-receipts">
        <caption className="visually-hidden">{t('supplierWork.receipts')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('supplierWork.version')}</th>
            <th scope="col">{t('supplierWork.commitment')}</th>
            <th scope="col">{t('supplierWork.block')}</th>
            <th scope="col">{t('supplierWork.when')}</th>
          </tr>
        </thead>
        <tbody>
          {receipts.map((r) => (
            <tr key={r.txHash}>
              <td>{r.version}</td>
              <td>
                <code className="hash">{r.commitment}</code>
              </td>
              <td>
                {r.height} · <code className="hash" title={r.txHash}>{r.txHash.slice(0, 12)}…</code>
              </td>
              <td>
                <DateTime value={r.time} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BidForm({ tender, orgId, replacing }: { tender: SupplierTender; orgId: string; replacing: boolean }) {
  const { t } = useLang();
  const id = useId();
  const { chainId } = useSessionControl();
  const tx = useSubmitTx();
  const [price, setPrice] = useState('');
  const [tkdn, setTkdn] = useState('0');
  const [validity, setValidity] = useState('90');
  const [technical, setTechnical] = useState<{ name: string; sha256: string } | null>(null);
  const [hashing, setHashing] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sealing, setSealing] = useState(false);
  const [commitment, setCommitment] = useState<string | null>(null);
  const busy = sealing || tx.phase === 'signing' || tx.phase === 'sending' || tx.phase === 'committing';

  const check = (e: FormEvent) => {
    e.preventDefault();
    const p = parseRupiahInput(price);
    const tk = Number(tkdn.replace(',', '.'));
    const v = Number(validity);
    if (!p) return setProblem(t('supplierWork.badPrice'));
    if (!Number.isFinite(tk) || tk < 0 || tk > 100) return setProblem(t('supplierWork.badTkdn'));
    if (!Number.isInteger(v) || v < 1 || v > 365) return setProblem(t('supplierWork.badValidity'));
    if (!technical) return setProblem(t('supplierWork.needTechnical'));
    setProblem(null);
    tx.reset();
    setCommitment(null);
    setDraft({ priceRupiah: p, tkdnBp: Math.round(tk * 100), validityDays: v, technicalHash: technical.sha256, technicalName: technical.name });
  };

  const send = async () => {
    if (!draft || !chainId) return;
    const keys = tender.committee.map((c) => c.openingKey);
    if (keys.some((k) => !k) || !tender.threshold) return setProblem(t('supplierWork.committeeNotReady'));
    setSealing(true);
    let body;
    try {
      body = await sealBid({ chain: chainId, tenderId: tender.id, bidder: orgId, terms: { priceRupiah: draft.priceRupiah, tkdnBp: draft.tkdnBp, validityDays: draft.validityDays, technicalHash: draft.technicalHash }, openingKeys: keys as string[], threshold: tender.threshold });
    } catch (e) {
      setProblem(e instanceof SealingError ? t('supplierWork.sealingFailed', { detail: e.message }) : t('supplierWork.sealingFailed', { detail: String(e) }));
      return;
    } finally {
      setSealing(false);
    }
    setCommitment(toHex(body.commitment));
    try {
      await tx.submit(MSG.submitBid, body);
      setDraft(null);
      setPrice('');
    } catch {
      // shown by TxProgress
    }
  };

  const hashFile = async (f: File | undefined) => {
    if (!f) return;
    setHashing(true);
    try {
      setTechnical({ name: f.name, sha256: await sha256HexOf(f) });
    } finally {
      setHashing(false);
    }
  };

  const hps = tender.hpsRupiah ? BigInt(tender.hpsRupiah) : null;
  const aboveHps = draft && hps !== null && BigInt(draft.priceRupiah) > hps;

  return (
    <div className="bid-form">
      <h3>{replacing ? t('supplierWork.replaceBid') : t('supplierWork.newBid')}</h3>
      {!draft ? (
        <form onSubmit={check} noValidate>
          <div className="filters">
            <div className="field">
              <label htmlFor={`${id}-price`}>{t('supplierWork.price')}</label>
              <input id={`${id}-price`} inputMode="numeric" autoComplete="off" value={price} onChange={(e) => setPrice(groupThousands(e.target.value.replace(/\D/g, '')))} aria-describedby={`${id}-price-help`} />
              <p id={`${id}-price-help`} className="field-help">
                {t('supplierWork.priceHelp')}
              </p>
            </div>
            <div className="field">
              <label htmlFor={`${id}-tkdn`}>{t('supplierWork.tkdn')}</label>
              <input id={`${id}-tkdn`} inputMode="decimal" value={tkdn} onChange={(e) => setTkdn(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-validity`}>{t('supplierWork.validity')}</label>
              <input id={`${id}-validity`} type="number" min={1} max={365} value={validity} onChange={(e) => setValidity(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-tech`}>{t('supplierWork.technical')}</label>
              <input id={`${id}-tech`} type="file" onChange={(e) => void hashFile(e.target.files?.[0])} aria-describedby={`${id}-tech-help`} />
              <p id={`${id}-tech-help`} className="field-help">
                {t('supplierWork.technicalHelp')}
              </p>
            </div>
          </div>
          {hashing && <Loading label={t('supplierWork.hashing')} />}
          {technical && (
            <p className="muted">
              {technical.name}: <code className="hash">{technical.sha256}</code>
            </p>
          )}
          {problem && (
            <p className="field-error" role="alert">
              {problem}
            </p>
          )}
          <button type="submit" className="button" disabled={hashing}>
            {t('supplierWork.checkBid')}
          </button>
        </form>
      ) : (
        <div className="bid-review" data-testid="bid-review">
          <p>{t('supplierWork.reviewLede')}</p>
          <dl className="terms">
            <div>
              <dt>{t('supplierWork.price')}</dt>
              <dd>
                <Money value={draft.priceRupiah} />
              </dd>
            </div>
            <div>
              <dt>{t('supplierWork.tkdn')}</dt>
              <dd>{(draft.tkdnBp / 100).toLocaleString()} %</dd>
            </div>
            <div>
              <dt>{t('supplierWork.validity')}</dt>
              <dd>{t('supplierWork.days', { n: draft.validityDays })}</dd>
            </div>
            <div>
              <dt>{t('supplierWork.technical')}</dt>
              <dd>
                {draft.technicalName} — <code className="hash">{draft.technicalHash}</code>
              </dd>
            </div>
          </dl>
          {aboveHps && (
            <p className="notice notice--error" role="alert">
              {t('supplierWork.aboveHps')}
            </p>
          )}
          <p className="notice" role="note">
            {t('supplierWork.whatIsSent')}
          </p>
          {sealing && <Loading label={t('supplierWork.sealing')} />}
          {problem && (
            <p className="field-error" role="alert">
              {problem}
            </p>
          )}
          <TxProgress state={tx} />
          <div className="actions">
            <button type="button" className="button" disabled={busy || !chainId} onClick={() => void send()}>
              {t('supplierWork.sealAndSend')}
            </button>
            <button type="button" className="button button--secondary" disabled={busy} onClick={() => setDraft(null)}>
              {t('supplierWork.change')}
            </button>
          </div>
        </div>
      )}
      {!draft && tx.phase === 'done' && tx.result && (
        <div className="notice notice--ok" role="status" data-testid="bid-receipt">
          <TxProgress state={tx} />
          <p className="notice__title">{t('supplierWork.receiptTitle')}</p>
          <p>{t('supplierWork.receiptText')}</p>
          {commitment && (
            <p>
              {t('supplierWork.commitment')}: <code className="hash">{commitment}</code>
            </p>
          )}
        </div>
      )}
    </div>
  );
}
