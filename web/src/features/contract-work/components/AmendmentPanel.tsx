/**
 * Amendments (Ps 54): the history, the one pending (which the PPK may withdraw while the supplier
 * has not approved it), and a proposal form with the running total against the 10 % cap shown as
 * the person types.
 */
import { useState } from 'react';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { Loading } from '../../../components/ui/Loading';
import { Money } from '../../../components/ui/Money';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import type { PaymentOrder, Terms } from '../../../lib/contract-record';
import { formatBp, formatRupiah, formatRupiahChange } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useRuleSet } from '../api/get-rulesets';
import { amendmentCap, amendmentProblems, parseDays, parseRupiahChange, type AmendmentState, type RuleSet } from '../terms';
import { DocumentField } from './DocumentField';
import { Field } from './Field';
import { Problems } from './Problems';
import { SignAction } from './SignAction';

export function AmendmentPanel({ contractId, status, terms, orders }: { contractId: string; status: string; terms: Terms; orders: PaymentOrder[] }) {
  const { t } = useLang();
  const { rules, error } = useRuleSet();
  const pending = terms.amendments.find((a) => a.status === 'proposed');
  const openMilestones = terms.milestones.filter((m) => m.orderNo === null).length;
  return (
    <>
      {terms.amendments.length > 0 && (
        <ul className="plain cw-amendments">
          {terms.amendments.map((a) => (
            <li key={a.id}>
              <strong>{a.id}</strong> · <StatusBadge status={a.status} kind="amendmentStatus" /> · {formatRupiahChange(a.valueChangeRupiah)}
              {a.extraDays > 0 && ` · ${t('contractWork.amend.days', { count: a.extraDays })}`}
              <span className="cell-sub">{a.reason}</span>
            </li>
          ))}
        </ul>
      )}
      {pending ? (
        <>
          <p className="notice">{t('contractWork.amend.pending', { id: pending.id })}</p>
          <SignAction
            type="contract.cancel_amendment"
            body={{ contractId, amendmentId: pending.id }}
            label={t('contractWork.amend.withdraw')}
            summary={[[t('contractWork.amend.id'), pending.id]]}
          />
        </>
      ) : status !== 'active' ? (
        <p className="muted">{t('contractWork.amend.onlyActive')}</p>
      ) : openMilestones === 0 ? (
        <p className="muted">{t('contractWork.amend.allOrdered')}</p>
      ) : rules ? (
        <ProposeForm
          contractId={contractId}
          rules={rules}
          state={{
            originalValue: BigInt(terms.originalValueRupiah ?? '0'),
            value: BigInt(terms.valueRupiah ?? '0'),
            added: BigInt(terms.addedRupiah),
            orderedGross: BigInt(terms.totals?.orderedGrossRupiah ?? orders.reduce((s, o) => s + BigInt(o.kind === 'milestone' ? o.grossRupiah : '0'), 0n).toString()),
            advance: BigInt(terms.advanceRupiah ?? '0'),
            advanceRepaid: BigInt(terms.totals?.advanceRepaidRupiah ?? '0'),
            retentionBp: terms.retentionBp ?? rules.retentionBp,
            openMilestones,
          }}
          next={terms.amendments.length + 1}
        />
      ) : error ? (
        <ErrorNotice error={error} />
      ) : (
        <Loading />
      )}
    </>
  );
}

function ProposeForm({ contractId, rules, state, next }: { contractId: string; rules: RuleSet; state: AmendmentState; next: number }) {
  const { t, lang } = useLang();
  const [amendmentId, setAmendmentId] = useState(`adendum-${next}`);
  const [change, setChange] = useState('0');
  const [days, setDays] = useState('0');
  const [reason, setReason] = useState('');
  const [docs, setDocs] = useState<string[]>([]);
  const valueChange = parseRupiahChange(change);
  const extraDays = parseDays(days, 0, 365);
  const cap = amendmentCap(rules, state, valueChange);
  const problems = amendmentProblems(rules, state, valueChange, extraDays, reason, docs.length);
  if (!/^[A-Za-z0-9:_.-]{1,128}$/.test(amendmentId)) problems.unshift({ key: 'amendmentId' });
  const usedPct = state.originalValue > 0n ? Number((cap.total * 10_000n) / state.originalValue) : 0;
  const body =
    problems.length === 0 && valueChange !== null && extraDays !== null ? { contractId, amendmentId, reason: reason.trim(), documentHashes: docs, valueChangeRupiah: valueChange.toString(), extraDays } : null;
  return (
    <form className="cw-form" onSubmit={(e) => e.preventDefault()} aria-label={t('contractWork.amend.propose')}>
      <div className="cw-cap" aria-live="polite">
        <p>
          {t('contractWork.amend.capLine', {
            used: formatRupiah(cap.used),
            total: formatRupiah(cap.total),
            cap: formatRupiah(cap.cap),
            capPct: formatBp(rules.amendmentCapBp, lang),
            pct: formatBp(usedPct, lang),
          })}
        </p>
        <span className={cap.over ? 'bar bar--over' : 'bar bar--cap'} aria-hidden="true">
          <span style={{ width: `${Math.min(100, (usedPct / Math.max(1, rules.amendmentCapBp)) * 100)}%` }} />
        </span>
        <p className="cell-sub">
          {t('contractWork.amend.capRule', { article: rules.articles.amendmentCapBp ?? 'Ps 54' })} {t('contractWork.amend.newValue')}: {valueChange !== null ? <Money value={state.value + valueChange} /> : '—'}
        </p>
      </div>
      <div className="cw-grid">
        <Field label={t('contractWork.amend.id')}>{(id) => <input id={id} name="amendmentId" value={amendmentId} onChange={(e) => setAmendmentId(e.currentTarget.value.trim())} />}</Field>
        <Field label={t('contractWork.amend.valueChange')} help={t('contractWork.amend.valueChangeHelp')}>
          {(id) => <input id={id} name="valueChange" inputMode="numeric" value={change} onChange={(e) => setChange(e.currentTarget.value)} />}
        </Field>
        <Field label={t('contractWork.amend.extraDays')}>{(id) => <input id={id} name="extraDays" inputMode="numeric" value={days} onChange={(e) => setDays(e.currentTarget.value)} />}</Field>
        <Field label={t('contractWork.amend.reason')} wide>
          {(id) => <textarea id={id} name="reason" rows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />}
        </Field>
      </div>
      <DocumentField name="amendmentDocuments" label={t('contractWork.amend.documents')} help={t('contractWork.amend.documentsHelp')} multiple onChange={setDocs} />
      <Problems problems={problems} />
      <SignAction
        type="contract.propose_amendment"
        body={body}
        label={t('contractWork.amend.sign')}
        blocked={problems.length > 0 ? t('contractWork.sign.fixFirst') : null}
        summary={[
          [t('contractWork.amend.id'), amendmentId],
          [t('contractWork.amend.valueChange'), formatRupiahChange(valueChange)],
          [t('contractWork.amend.extraDays'), String(extraDays ?? '—')],
          [t('contractWork.amend.after'), t('contractWork.amend.afterText')],
        ]}
      />
    </form>
  );
}
