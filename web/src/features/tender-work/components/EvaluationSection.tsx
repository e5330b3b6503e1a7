/**
 * The Pokja's evaluation of the current round (`tender.evaluate`): one line per bid, every bid
 * exactly once — qualified or not (with the reason), the corrected price, the technical score in
 * a Seleksi — with the HEA the ledger will compute (domestic preference, Ps 66-67). A new
 * evaluation in the same round replaces the recorded one and clears the award approvals.
 */
import { useState } from 'react';
import { Money } from '../../../components/ui/Money';
import { Section } from '../../../components/ui/Section';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { formatBp } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { heaOf, type WorkBid } from '../model';
import type { WorkContext } from './context';
import { SignAction } from './SignAction';

interface Row {
  qualified: boolean;
  reason: string;
  corrected: string;
  score: string;
}

export function EvaluationSection({ ctx }: { ctx: WorkContext }) {
  const { t, lang } = useLang();
  const { tender, bids } = ctx;
  const duty = ctx.duties.find((d) => d.action === 'evaluate');
  const hps = BigInt(tender.hpsRupiah ?? '0');
  const seleksi = tender.method === 'seleksi';
  const recorded = tender.evaluation && tender.evaluation.round === tender.evaluationRound ? tender.evaluation : null;
  const initial = (b: WorkBid): Row => {
    const line = recorded?.lines.find((l) => l.bidder === b.bidder);
    if (line) return { qualified: line.qualified, reason: line.reason ?? '', corrected: line.correctedPriceRupiah ?? '', score: line.technicalScore?.toString() ?? '' };
    if (b.status !== 'opened' || b.priceRupiah === null) return { qualified: false, reason: t('tenderWork.evaluation.reasonUnopenable'), corrected: '', score: '' };
    if (BigInt(b.priceRupiah) > hps) return { qualified: false, reason: t('tenderWork.evaluation.reasonAboveHps'), corrected: b.priceRupiah, score: '' };
    return { qualified: true, reason: '', corrected: b.priceRupiah, score: '' };
  };
  const [rows, setRows] = useState<Record<string, Row>>(() => Object.fromEntries(bids.map((b) => [b.bidder, initial(b)])));
  if (!duty) return null;
  const row = (b: WorkBid) => rows[b.bidder] ?? initial(b);
  const set = (bidder: string, patch: Partial<Row>) => setRows((r) => ({ ...r, [bidder]: { ...(r[bidder] ?? initial(bids.find((b) => b.bidder === bidder)!)), ...patch } }));
  const problems: string[] = [];
  for (const b of bids) {
    const r = row(b);
    if (!r.qualified && r.reason.trim().length < 3) problems.push(t('tenderWork.evaluation.needReason', { bidder: ctx.orgName(b.bidder) }));
    if (r.qualified && b.status !== 'opened') problems.push(t('tenderWork.evaluation.unopenableCannot', { bidder: ctx.orgName(b.bidder) }));
    if (r.corrected && !/^\d+$/.test(r.corrected)) problems.push(t('tenderWork.evaluation.badPrice', { bidder: ctx.orgName(b.bidder) }));
    else if (r.qualified && r.corrected && BigInt(r.corrected) > hps) problems.push(t('tenderWork.evaluation.aboveHps', { bidder: ctx.orgName(b.bidder) }));
    if (seleksi && r.qualified && !(r.score !== '' && Number(r.score) >= 0 && Number(r.score) <= 100)) problems.push(t('tenderWork.evaluation.needScore', { bidder: ctx.orgName(b.bidder) }));
  }
  const lines = bids.map((b) => {
    const r = row(b);
    return {
      bidder: b.bidder,
      qualified: r.qualified,
      reason: r.qualified ? (r.reason.trim() || null) : r.reason.trim(),
      correctedPriceRupiah: b.status === 'opened' ? (r.corrected || b.priceRupiah) : null,
      technicalScore: seleksi && r.score !== '' ? Number(r.score) : null,
    };
  });
  return (
    <Section id="evaluasi" title={t('tenderWork.evaluation.title', { round: tender.evaluationRound })}>
      {recorded && <p>{t('tenderWork.evaluation.recorded', { by: ctx.memberName(recorded.by) })}</p>}
      <p className="field-help">{t('tenderWork.evaluation.help')}</p>
      <div className="table-wrap">
        <table className="table table--cards" data-testid="evaluation-form">
          <caption className="visually-hidden">{t('tenderWork.evaluation.title', { round: tender.evaluationRound })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tenderWork.evaluation.bidder')}</th>
              <th scope="col" className="num">
                {t('tenderWork.evaluation.price')}
              </th>
              <th scope="col">{t('tenderWork.evaluation.qualified')}</th>
              <th scope="col">{t('tenderWork.evaluation.reason')}</th>
              <th scope="col">{t('tenderWork.evaluation.corrected')}</th>
              {seleksi && <th scope="col">{t('tenderWork.evaluation.score')}</th>}
              <th scope="col" className="num">
                {t('tenderWork.evaluation.hea')}
              </th>
            </tr>
          </thead>
          <tbody>
            {bids.map((b) => {
              const r = row(b);
              const name = ctx.orgName(b.bidder);
              const corrected = b.status === 'opened' && /^\d+$/.test(r.corrected || b.priceRupiah || '') ? BigInt(r.corrected || b.priceRupiah!) : null;
              return (
                <tr key={b.bidder} data-testid={`evaluate-${b.bidder}`}>
                  <th scope="row" data-label={t('tenderWork.evaluation.bidder')}>
                    {name} <StatusBadge status={b.status} kind="bidStatus" />
                    {b.problem && <p className="field-help">{b.problem}</p>}
                  </th>
                  <td className="num" data-label={t('tenderWork.evaluation.price')}>
                    {b.priceRupiah ? <Money value={b.priceRupiah} /> : '—'}
                    {b.tkdnBp !== null && <div className="muted">{t('tenderWork.evaluation.tkdn', { tkdn: formatBp(b.tkdnBp, lang) })}</div>}
                  </td>
                  <td data-label={t('tenderWork.evaluation.qualified')}>
                    <label className="check">
                      <input type="checkbox" checked={r.qualified} disabled={b.status !== 'opened'} onChange={(e) => set(b.bidder, { qualified: e.target.checked })} aria-label={t('tenderWork.evaluation.qualifiedFor', { bidder: name })} />
                      {r.qualified ? t('tenderWork.evaluation.pass') : t('tenderWork.evaluation.fail')}
                    </label>
                  </td>
                  <td data-label={t('tenderWork.evaluation.reason')}>
                    <textarea rows={2} maxLength={1000} value={r.reason} onChange={(e) => set(b.bidder, { reason: e.target.value })} aria-label={t('tenderWork.evaluation.reasonFor', { bidder: name })} />
                  </td>
                  <td data-label={t('tenderWork.evaluation.corrected')}>
                    {b.status === 'opened' ? <input inputMode="numeric" value={r.corrected} onChange={(e) => set(b.bidder, { corrected: e.target.value.replace(/\D/g, '') })} aria-label={t('tenderWork.evaluation.correctedFor', { bidder: name })} /> : '—'}
                  </td>
                  {seleksi && (
                    <td data-label={t('tenderWork.evaluation.score')}>
                      <input type="number" min={0} max={100} value={r.score} onChange={(e) => set(b.bidder, { score: e.target.value })} aria-label={t('tenderWork.evaluation.scoreFor', { bidder: name })} />
                    </td>
                  )}
                  <td className="num" data-label={t('tenderWork.evaluation.hea')}>
                    {corrected !== null ? <Money value={heaOf(corrected, b.tkdnBp ?? 0)} /> : '—'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {problems.length > 0 && (
        <ul className="field-error" aria-live="polite">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <SignAction
        type="tender.evaluate"
        label={t('tenderWork.evaluation.submit')}
        disabled={problems.length > 0 || bids.length === 0}
        fields={[
          { label: t('tenderWork.tender'), value: <code>{tender.id}</code> },
          { label: t('tenderWork.evaluation.lines'), value: t('tenderWork.evaluation.linesSummary', { n: lines.length, qualified: lines.filter((l) => l.qualified).length }) },
        ]}
        build={() => ({ tenderId: tender.id, lines })}
      />
    </Section>
  );
}
